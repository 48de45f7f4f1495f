"""The message record: the exchanges, their quotes and sources, the tables derived from them
and the collection's date windows.
"""
