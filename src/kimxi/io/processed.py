"""The processed tables: each one's schema, declared once here, checked on write and on read.

Every table the notebooks write to ``data/processed/`` (or a user's ``OUT/processed/``) is
declared in :data:`SCHEMAS` as a :class:`~kimxi.io.schema.Schema`: its key and the columns
the later notebooks and :mod:`kimxi.report.findings` rely on, each with its kind
(``integer``, ``number``, ``date``, ``flag`` for a pandas ``True``/``False`` cell, else
text). A table may hold further columns. The same schemas describe the processed tables in
``data/datapackage.json``.

* :func:`write` renders every table first and checks it against its schema, then writes
  them all together (:func:`kimxi.io.tables.write_tables`) or none: a table that breaks its
  schema raises one DataError naming table, row and column, and nothing is written. A
  table without a schema is refused.
* :func:`read` checks the file against its schema (a missing column, a bad cell or a
  repeated key is a located DataError, not a ``KeyError`` later) and returns it as
  ``pandas.read_csv`` types it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from functools import partial
from pathlib import Path

import pandas as pd

from kimxi.io.errors import DataError, writing
from kimxi.io.schema import Column, Schema
from kimxi.io.tables import (
    read_table,
    replace_together,
    stale_temporaries,
    to_csv_text,
    write_tables,
)
from kimxi.io.write_checks import check_text

optional = partial(Column, required=False)  # a processed table may leave any cell but its key empty


def flag(name: str) -> Column:
    """A column of pandas ``True``/``False`` cells."""
    return Column(name, "flag", required=False)


# The exchange table of notebook 03 (kimxi.record.exchanges.exchange_table), which the
# timeline writes again with the tone of each exchange.
_EXCHANGES = (
    Column("message_id"), optional("record_ref"), optional("date_sent", "date"),
    optional("date_start", "date"), optional("date_end", "date"),
    optional("date_reported", "date"), optional("date_reported_prc", "date"),
    optional("sender_person"), optional("sender_organ"), optional("recipient_person"),
    optional("recipient_organ"), optional("direction"), optional("kind"), optional("occasion"),
    optional("reporting_outlets"), optional("full_text_available"),
    optional("cameo_code", "integer"), optional("goldstein", "number"),
    optional("cameo_justification"), optional("sources"), optional("notes"),
    optional("duration_days", "integer"), optional("lag_days", "integer"),
    optional("lag_days_prc", "integer"), optional("days_since_previous", "integer"),
)

SCHEMAS: dict[str, Schema] = {
    "attention_test.csv": Schema(key=None, columns=(
        optional("variant"), optional("country"), optional("first_weeks", "number"),
        optional("last_weeks", "number"), optional("difference", "number"),
        optional("p_value", "number"), optional("p_holm", "number"))),
    "archive_genres.csv": Schema(key="genre", columns=(
        Column("genre"), optional("articles", "integer"), optional("median_words", "number"),
        optional("sentences", "integer"), optional("cooperative_share", "number"),
        optional("conflictual_share", "number"),)),
    "archive_weekly.csv": Schema(key="week", columns=(
        Column("week", "date"), optional("articles", "integer"),
        optional("china_articles", "integer"), optional("russia_articles", "integer"),
        optional("us_articles", "integer"), optional("rok_articles", "integer"),
        optional("japan_articles", "integer"), optional("china_share", "number"),
        optional("russia_share", "number"), optional("us_share", "number"),
        optional("rok_share", "number"), optional("japan_share", "number"),)),
    "article_quotes.csv": Schema(key="quote_id", columns=(
        Column("quote_id"), optional("article_id"), optional("paragraph", "integer"),
        optional("start", "integer"), optional("end", "integer"), optional("text"),
        optional("speaker"), optional("speaker_class"), optional("rule"),)),
    "events.csv": Schema(key="event_id", columns=(
        Column("event_id"), optional("date_start", "date"), optional("date_end", "date"),
        optional("category"), optional("title"), optional("note"), optional("source"),
        optional("message_id"), optional("duration_days", "integer"),
        optional("in_message_window"),)),
    "genre_china_weekly.csv": Schema(key="week", columns=(
        Column("week", "date"), optional("sentences", "integer"),
        optional("articles", "integer"), optional("tone_mean", "number"),
        optional("low", "number"), optional("high", "number"),)),
    "genre_formulae.csv": Schema(key=None, columns=(
        optional("formula"), optional("group"), optional("messages", "integer"),
        optional("using", "integer"), optional("share", "number"), optional("low", "number"),
        optional("high", "number"),)),
    "genre_messages.csv": Schema(key="id", columns=(
        Column("id"), optional("date", "date"), optional("title"), optional("direction"),
        optional("sender"), optional("recipient"), optional("dprk_party"),
        optional("foreign_country"), optional("foreign_office"), optional("occasion"),
        optional("date_sent", "date"), optional("n_words", "integer"),
        optional("n_sentences", "integer"), flag("traditional friendship"),
        flag("friendly and cooperative relations"), flag("friendship and cooperation"),
        flag("relations grow stronger"), flag("common interests"), flag("socialism"),
        flag("comrade"), flag("blood"), flag("revolutionary forerunners"), flag("good health"),
        flag("happiness"), flag("prosperity"), flag("success in his work"),
        flag("warm congratulations"), flag("sincere"), flag("independence"),
        flag("peace and stability"), flag("new era"), optional("n_formulae", "integer"),
        optional("tone_mean", "number"), optional("cooperative_share", "number"),
        optional("answered_by"), optional("answer_days", "integer"),)),
    "messages.csv": Schema(key="message_id", columns=_EXCHANGES),
    "paragraphs.csv": Schema(key=None, columns=(
        optional("article_id"), optional("paragraph", "integer"), optional("start", "integer"),
        optional("end", "integer"), optional("text"), optional("kind"), optional("rule"),
        optional("reason"),)),
    "quotes.csv": Schema(key="quote_id", columns=(
        Column("quote_id"), optional("message_id"), optional("speaker"), optional("side"),
        optional("voice"), optional("text"), optional("outlet"), optional("translation"),
        optional("verbatim_or_paraphrase"), optional("source"), optional("article_id"),
        optional("start", "integer"), optional("end", "integer"), optional("text_id"),
        optional("text_start", "integer"), optional("text_end", "integer"), optional("notes"),
        optional("n_words", "integer"), optional("contained_in"),)),
    "sentences.csv": Schema(key="sentence_id", columns=(
        Column("sentence_id"), optional("article_id"), optional("paragraph", "integer"),
        optional("sentence", "integer"), optional("start", "integer"),
        optional("end", "integer"), optional("text"), optional("n_words", "integer"),
        optional("quote_chars", "integer"), optional("quote_share", "number"),
        optional("speaker_class"), optional("speaker"), optional("rule"),
        optional("quote_speaker_class"), optional("quote_ids"),)),
    "sentiment_by_message.csv": Schema(key="message_id", columns=(
        Column("message_id"), optional("date_sent", "date"), optional("direction"),
        optional("n_units", "integer"), optional("gold_mean_tone", "number"),
        optional("gold_low", "number"), optional("gold_high", "number"),
        optional("gold_tone", "integer"), optional("best_mean_tone", "number"),
        optional("best_share_coop", "number"), optional("best_share_conflict", "number"),
        optional("best_tone", "integer"), optional("best_measure"),)),
    "sentiment_scores.csv": Schema(key="unit_id", columns=(
        Column("unit_id"), optional("textblob_polarity", "number"),
        optional("textblob_subjectivity", "number"), optional("textblob_drivers"),
        optional("vader_compound", "number"), optional("vader_drivers"),
        optional("lexicon_score", "number"), optional("lexicon_hits", "integer"),
        optional("lexicon_drivers"), optional("textblob_class", "integer"),
        optional("vader_class", "integer"), optional("lexicon_class", "integer"),
        optional("best_class", "integer"), optional("best_score", "number"),
        optional("best_measure"),)),
    "sentiment_heldout.csv": Schema(key=None, columns=(
        optional("unit_id"), optional("measure"), optional("pred", "integer"),)),
    "sentiment_validation.csv": Schema(key=None, columns=(
        optional("measure"), optional("setting"), optional("metric"),
        optional("estimate", "number"), optional("low", "number"), optional("high", "number"),
        optional("n_units", "integer"), optional("n_clusters", "integer"),)),
    "stance_heldout.csv": Schema(key="unit_id", columns=(Column("unit_id"),)),
    "stance_periods.csv": Schema(key="period", columns=(
        Column("period", "date"), optional("sentences", "integer"),
        optional("documents", "integer"), optional("place_only", "integer"),
        optional("stance_mean", "number"), optional("low", "number"), optional("high", "number"),
        optional("favourable", "number"), optional("unfavourable", "number"), flag("few"))),
    "stance_quiet.csv": Schema(key=None, columns=(
        optional("variant"), optional("measure"), optional("quiet_mean", "number"),
        optional("rest_mean", "number"), optional("difference", "number"),
        optional("p_value", "number"), optional("p_holm", "number"),
        optional("n_quiet", "integer"), optional("n_rest", "integer"))),
    "stance_sentences.csv": Schema(key="sentence_id", columns=(
        optional("document_id"), Column("sentence_id"), optional("start", "integer"),
        optional("end", "integer"), optional("target"), optional("role"),
        optional("stance", "integer"), optional("stance_score", "number"),
        optional("stance_measure"), optional("tone", "integer"))),
    "stance_validation.csv": Schema(key=None, columns=(
        optional("measure"), optional("setting"), optional("metric"),
        optional("estimate", "number"), optional("low", "number"), optional("high", "number"),
        optional("n_units", "integer"), optional("n_clusters", "integer"))),
    "timeline_exchanges.csv": Schema(key="message_id", columns=(
        *_EXCHANGES, optional("tone", "number"), optional("mean_tone", "number"),)),
    "tone_documents.csv": Schema(key="id", columns=(
        Column("id"), optional("date", "date"), optional("title"),
        optional("sentences", "integer"), optional("tone_chosen", "number"),
        optional("tone_textblob", "number"), optional("tone_vader", "number"),
        optional("tone_lexicon", "number"), optional("target_sentences", "integer"),
        optional("target_tone_chosen", "number"), optional("target"),)),
    "tone_periods.csv": Schema(key=None, columns=(
        optional("period", "date"), optional("sentences_of"), optional("documents", "integer"),
        optional("sentences", "integer"), optional("tone_mean", "number"),
        optional("low", "number"), optional("high", "number"),)),
    "topics_documents.csv": Schema(key="id", columns=(
        Column("id"), optional("date", "date"), optional("k", "integer"),
        optional("topic", "integer"), optional("topic_share", "number"),
        optional("target_share", "number"),)),
    "topics_stability.csv": Schema(key="k", columns=(
        Column("k", "integer"), optional("runs", "integer"),
        optional("avg_jaccard_mean", "number"), optional("avg_jaccard_sd", "number"),
        optional("avg_jaccard_se", "number"), optional("jaccard_mean", "number"),
        optional("jaccard_sd", "number"), optional("jaccard_se", "number"), flag("chosen"),)),
    "topics_summary.csv": Schema(key=None, columns=(
        optional("k", "integer"), optional("topic", "integer"), optional("label"),
        optional("documents", "integer"), optional("share", "number"), optional("top_terms"),
        optional("titles"), optional("naming", "integer"), optional("share_naming", "number"),
        optional("lift", "number"), flag("target"),)),
    "topics_target_test.csv": Schema(key=None, columns=(
        optional("k", "integer"), flag("chosen"), optional("reports"),
        optional("target_topics"), optional("documents_near", "integer"),
        optional("documents_rest", "integer"), optional("mean_near", "number"),
        optional("mean_rest", "number"), optional("difference", "number"),
        optional("shifts", "integer"), optional("p_value", "number"),)),
    "topics_terms.csv": Schema(key=None, columns=(
        optional("k", "integer"), optional("topic", "integer"), optional("label"),
        optional("rank", "integer"), optional("term"), optional("weight", "number"),)),
    "topics_weekly.csv": Schema(key=None, columns=(
        optional("period", "date"), optional("k", "integer"), optional("topic", "integer"),
        optional("documents", "integer"), optional("share", "number"),)),
}


def schema(name: str) -> Schema:
    """The schema of the processed table ``name`` (a file name: ``sentences.csv``)."""
    if name not in SCHEMAS:
        raise DataError(name, "is not a declared processed table (kimxi.io.processed.SCHEMAS)")
    return SCHEMAS[name]


def write(outputs: Mapping[str | Path, pd.DataFrame]) -> list[Path]:
    """Check every table against its schema, then write them all, or none; the paths written."""
    rendered = {}
    for path, frame in outputs.items():
        declared = schema(Path(path).name)
        text = to_csv_text(frame)
        check_text(f"{Path(path).name} (not written)", text, declared.columns, declared.key)
        rendered[path] = text
    return write_tables(rendered)


def read(path: str | Path, **read_csv) -> pd.DataFrame:
    """The processed table at ``path``, checked against its schema, typed as pandas reads it.

    ``read_csv`` passes options (``dtype``, ``keep_default_na`` ...) to ``pandas.read_csv``.
    """
    declared = schema(Path(path).name)
    read_table(path, declared.columns, declared.key)
    return pd.read_csv(path, **read_csv)


class ChunkWriter:
    """Processed tables written a chunk of rows at a time, then put in place together.

    :meth:`append` checks a chunk against its table's schema (the key within the chunk:
    a stage cuts its chunks between documents, so keys do not repeat across them) and adds
    its rows to a temporary file beside the table (the header once); :meth:`commit` renames
    every table into place together (:func:`kimxi.io.tables.replace_together`), and leaving
    the ``with`` block on an error removes the temporary files and leaves the old tables as
    they were. The file is the bytes :func:`write` gives for the chunks' concatenation."""

    def __init__(self) -> None:
        self.staged: dict[Path, tuple[str, object]] = {}
        self.rows: dict[Path, int] = {}

    def __enter__(self) -> ChunkWriter:
        return self

    def __exit__(self, kind, value, trace) -> None:
        for tmp, handle in self.staged.values():
            with contextlib.suppress(OSError):
                handle.close()
            with contextlib.suppress(OSError):
                if os.path.exists(tmp):
                    os.unlink(tmp)

    def append(self, path: str | Path, frame: pd.DataFrame) -> None:
        path = Path(path)
        declared = schema(path.name)
        text = to_csv_text(frame)
        check_text(f"{path.name} (not written)", text, declared.columns, declared.key)
        with writing(path):  # a full disk or a folder that cannot be written: one line
            if path not in self.staged:
                path.parent.mkdir(parents=True, exist_ok=True)
                for stale in stale_temporaries(path):
                    stale.unlink(missing_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                           suffix=".tmp")
                self.staged[path] = (tmp, os.fdopen(fd, "wb"))
                self.rows[path] = 0
            else:
                text = text.split("\n", 1)[1]
            self.staged[path][1].write(text.encode("utf-8"))
        self.rows[path] += len(frame)

    def commit(self) -> list[Path]:
        """Every table appended to, in place; their paths."""
        umask = os.umask(0)
        os.umask(umask)
        for path, (tmp, handle) in self.staged.items():
            with writing(path):
                handle.close()  # flushes: a full disk may show only now
            os.chmod(tmp, 0o666 & ~umask)
        done = replace_together([(tmp, path) for path, (tmp, _) in self.staged.items()])
        self.staged.clear()
        return done
