"""The processed tables: each one's schema, declared once here, checked on write and on read.

Every table the notebooks write to ``data/processed/`` (or a user's ``OUT/processed/``) is
declared in :data:`SCHEMAS`: its key and the columns the later notebooks and
:mod:`kimxi.report.findings` rely on, each with its kind (``integer``, ``number``, ``date``,
``flag`` for a pandas ``True``/``False`` cell, else text). A table may hold further columns.

* :func:`write` renders every table first and checks it against its schema, then writes
  them all together (:func:`kimxi.io.tables.write_tables`) or none: a table that breaks its
  schema raises one DataError naming table, row and column, and nothing is written. A
  table without a schema is refused.
* :func:`read` checks the file against its schema (a missing column, a bad cell or a
  repeated key is a located DataError, not a ``KeyError`` later) and returns it as
  ``pandas.read_csv`` types it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from kimxi.io.errors import DataError
from kimxi.io.tables import Column, read_table, to_csv_text, write_tables
from kimxi.io.write_checks import check_text

_FLAG = ("True", "False")


def _schema(key: str | None, spec: str) -> tuple[str | None, tuple[Column, ...]]:
    columns = []
    for token in spec.split(" | "):
        name, _, kind = token.strip().partition(":")
        if kind == "flag":
            columns.append(Column(name, required=False, choices=_FLAG))
        else:
            columns.append(Column(name, kind or "string", required=name == key))
    return key, tuple(columns)


# The exchange table of notebook 03 (kimxi.record.exchanges.exchange_table), which the
# timeline writes again with the tone of each exchange.
_EXCHANGES = (
        "message_id | record_ref | date_sent:date | date_start:date | date_end:date | "
        "date_reported:date | date_reported_prc:date | sender_person | sender_organ | "
        "recipient_person | recipient_organ | direction | kind | occasion | "
        "reporting_outlets | full_text_available | cameo_code:integer | "
        "goldstein:number | cameo_justification | sources | notes | "
        "duration_days:integer | lag_days:integer | lag_days_prc:integer | "
        "days_since_previous:integer")

SCHEMAS: dict[str, tuple[str | None, tuple[Column, ...]]] = {
    "archive_genres.csv": _schema("genre",
        "genre | articles:integer | median_words:number | sentences:integer | "
        "cooperative_share:number | conflictual_share:number"),
    "archive_weekly.csv": _schema("week",
        "week:date | articles:integer | china_articles:integer | "
        "russia_articles:integer | us_articles:integer | rok_articles:integer | "
        "japan_articles:integer | china_share:number | russia_share:number | "
        "us_share:number | rok_share:number | japan_share:number"),
    "article_quotes.csv": _schema("quote_id",
        "quote_id | article_id | paragraph:integer | start:integer | end:integer | text | "
        "speaker | speaker_class | rule"),
    "events.csv": _schema("event_id",
        "event_id | date_start:date | date_end:date | category | title | note | source | "
        "message_id | duration_days:integer | in_message_window"),
    "genre_china_weekly.csv": _schema("week",
        "week:date | sentences:integer | articles:integer | tone_mean:number | "
        "low:number | high:number"),
    "genre_formulae.csv": _schema(None,
        "formula | group | messages:integer | using:integer | share:number | low:number | "
        "high:number"),
    "genre_messages.csv": _schema("id",
        "id | date:date | title | direction | sender | recipient | dprk_party | "
        "foreign_country | foreign_office | occasion | date_sent:date | n_words:integer | "
        "n_sentences:integer | traditional friendship:flag | "
        "friendly and cooperative relations:flag | friendship and cooperation:flag | "
        "relations grow stronger:flag | common interests:flag | socialism:flag | "
        "comrade:flag | blood:flag | revolutionary forerunners:flag | good health:flag | "
        "happiness:flag | prosperity:flag | success in his work:flag | "
        "warm congratulations:flag | sincere:flag | independence:flag | "
        "peace and stability:flag | new era:flag | n_formulae:integer | "
        "tone_mean:number | cooperative_share:number | answered_by | "
        "answer_days:integer"),
    "messages.csv": _schema("message_id", _EXCHANGES),
    "paragraphs.csv": _schema(None,
        "article_id | paragraph:integer | start:integer | end:integer | text | kind | "
        "rule | reason"),
    "quotes.csv": _schema("quote_id",
        "quote_id | message_id | speaker | side | voice | text | outlet | translation | "
        "verbatim_or_paraphrase | source | article_id | start:integer | end:integer | "
        "text_id | text_start:integer | text_end:integer | notes | n_words:integer | "
        "contained_in"),
    "sentences.csv": _schema("sentence_id",
        "sentence_id | article_id | paragraph:integer | sentence:integer | "
        "start:integer | end:integer | text | n_words:integer | quote_chars:integer | "
        "quote_share:number | speaker_class | speaker | rule | quote_speaker_class | "
        "quote_ids"),
    "sentiment_by_message.csv": _schema("message_id",
        "message_id | date_sent:date | direction | n_units:integer | "
        "gold_mean_tone:number | gold_low:number | gold_high:number | gold_tone:integer | "
        "best_mean_tone:number | best_share_coop:number | best_share_conflict:number | "
        "best_tone:integer | best_measure"),
    "sentiment_scores.csv": _schema("unit_id",
        "unit_id | textblob_polarity:number | textblob_subjectivity:number | "
        "textblob_drivers | vader_compound:number | vader_drivers | "
        "lexicon_score:number | lexicon_hits:integer | lexicon_drivers | "
        "textblob_class:integer | vader_class:integer | lexicon_class:integer | "
        "best_class:integer | best_score:number | best_measure"),
    "sentiment_heldout.csv": _schema(None, "unit_id | measure | pred:integer"),
    "sentiment_validation.csv": _schema(None,
        "measure | setting | metric | estimate:number | low:number | high:number | "
        "n_units:integer | n_clusters:integer"),
    "timeline_exchanges.csv": _schema("message_id",
                                      _EXCHANGES + " | tone:number | mean_tone:number"),
    "tone_documents.csv": _schema("id",
        "id | date:date | title | sentences:integer | tone_chosen:number | "
        "tone_textblob:number | tone_vader:number | tone_lexicon:number | "
        "target_sentences:integer | target_tone_chosen:number | target"),
    "tone_periods.csv": _schema(None,
        "period:date | sentences_of | documents:integer | sentences:integer | "
        "tone_mean:number | low:number | high:number"),
    "topics_documents.csv": _schema("id",
        "id | date:date | k:integer | topic:integer | topic_share:number | target_share:number"),
    "topics_stability.csv": _schema("k",
        "k:integer | runs:integer | avg_jaccard_mean:number | avg_jaccard_sd:number | "
        "avg_jaccard_se:number | jaccard_mean:number | jaccard_sd:number | jaccard_se:number | "
        "chosen:flag"),
    "topics_summary.csv": _schema(None,
        "k:integer | topic:integer | label | documents:integer | share:number | top_terms | "
        "titles | naming:integer | share_naming:number | lift:number | target:flag"),
    "topics_target_test.csv": _schema(None,
        "k:integer | chosen:flag | reports | target_topics | documents_near:integer | "
        "documents_rest:integer | mean_near:number | mean_rest:number | "
        "difference:number | shifts:integer | p_value:number"),
    "topics_terms.csv": _schema(None,
        "k:integer | topic:integer | label | rank:integer | term | weight:number"),
    "topics_weekly.csv": _schema(None,
        "period:date | k:integer | topic:integer | documents:integer | share:number"),
}


def schema(name: str) -> tuple[str | None, tuple[Column, ...]]:
    """The key and columns of the processed table ``name`` (a file name: ``sentences.csv``)."""
    if name not in SCHEMAS:
        raise DataError(name, "is not a declared processed table (kimxi.io.processed.SCHEMAS)")
    return SCHEMAS[name]


def write(outputs: Mapping[str | Path, pd.DataFrame]) -> list[Path]:
    """Check every table against its schema, then write them all, or none; the paths written."""
    rendered = {}
    for path, frame in outputs.items():
        key, columns = schema(Path(path).name)
        text = to_csv_text(frame)
        check_text(f"{Path(path).name} (not written)", text, columns, key)
        rendered[path] = text
    return write_tables(rendered)


def read(path: str | Path, **read_csv) -> pd.DataFrame:
    """The processed table at ``path``, checked against its schema, typed as pandas reads it.

    ``read_csv`` passes options (``dtype``, ``keep_default_na`` ...) to ``pandas.read_csv``.
    """
    key, columns = schema(Path(path).name)
    read_table(path, columns, key)
    return pd.read_csv(path, **read_csv)
