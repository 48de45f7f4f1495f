"""Every figure of the collection, drawn from the tables the stages return, in one style."""
