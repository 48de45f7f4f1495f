"""Benchmarks of the pipeline and of the sentence splitters (``make bench``)."""
