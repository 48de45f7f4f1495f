"""Tone: the lexicon and the three scorers, their validation on state-media prose, the gold
sample, and tone over time.
"""
