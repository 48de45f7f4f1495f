"""kimxi: the logic behind the kim-xi-messages notebooks.

Modules are nouns for what they hold: ``tables`` (validated CSV reading),
``corpus`` (the raw articles and their page furniture), ``segment``
(paragraphs, sentences, quotes and speakers), ``style`` (figures) and
``notebooks`` (executing the collection).
"""

from kimxi.errors import DataError

__all__ = ["DataError"]
__version__ = "0.1.0"
