"""The facts the timeline of the exchanges shows: the named events and spans and the short
names of occasions.
"""
