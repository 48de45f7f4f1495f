"""The texts: the seed articles, a user's corpus CSV, and their paragraphs, sentences and quotes."""
