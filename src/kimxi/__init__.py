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

import tomllib
from importlib.metadata import PackageNotFoundError, version as _installed_version
from pathlib import Path

from kimxi.io.errors import DataError

__all__ = ["DataError", "__version__"]


def _version() -> str:
    """The collection's version: ``[project] version`` of pyproject.toml, its one source.

    From a checkout (``src/kimxi`` beside ``pyproject.toml``) the file itself is read, since
    an editable install's metadata is as old as its last ``pip install`` (or belongs to
    another checkout); an installed package reads its distribution's metadata."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if pyproject.is_file():
        with pyproject.open("rb") as file:
            project = tomllib.load(file).get("project", {})
        if project.get("name") == "kimxi":
            return project["version"]
    try:
        return _installed_version("kimxi")
    except PackageNotFoundError:  # neither a checkout nor installed: a copied folder
        return "0+unknown"


__version__ = _version()
