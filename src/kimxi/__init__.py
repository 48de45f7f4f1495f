"""kimxi: the stages behind the kim-xi-messages notebooks.

The sub-packages, in the order data flows through them:

- ``io``: paths, validated tables and their schemas, the cache, progress, errors;
- ``corpus``: the seed articles and a user's corpus CSV, cut into paragraphs and sentences;
- ``archive``: KCNA's English archive as committed tables, its mentions and coverage;
- ``record``: the message record (exchanges, quotes, sources, the date windows);
- ``genre``: KCNA's leader-to-leader messages and the Kim-Xi messages within them;
- ``tone``: the tone measures, their validation on state-media prose, tone over time;
- ``topics``: topic models, their stability, topics over time;
- ``timeline``: the facts the timeline of the exchanges shows;
- ``plots``: every figure, drawn from the tables the stages return;
- ``report``: the README's findings and the HTML site;
- ``run``: the notebook runner, a user's own corpus and the ``kimxi`` command line.

Computing packages never import ``plots``; ``io`` imports no other package; the record does
not import tone (the contracts in ``pyproject.toml``, checked by ``lint-imports``).
"""

from kimxi.io.errors import DataError

__all__ = ["DataError"]
__version__ = "0.1.0"
