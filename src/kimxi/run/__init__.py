"""Running the collection: the notebook runner, a user's own corpus, and the command line."""
