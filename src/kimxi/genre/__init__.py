"""The genre of a KCNA article, the table of leader-to-leader messages, and the Kim-Xi messages
set within their genre.
"""
