"""The report of the collection: its static site, its findings and the README blocks written
from its tables."""
