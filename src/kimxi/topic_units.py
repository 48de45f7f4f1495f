"""Corpora of units for the topic models: sentences, paragraphs, voices and the leaders' record.

A *corpus of units* is a DataFrame with at least ``unit_id`` and ``text``
(and, for the tables, ``article_id`` and ``speaker_class``): the content
sentences (:func:`sentence_units`), the content paragraphs
(:func:`paragraph_units`) or the voices corpus (:func:`voice_units`), in
which every quoted passage is a unit of its speaker and the rest of each
sentence is narration.
"""

from __future__ import annotations

import re

import pandas as pd

from kimxi.segment import split_sentences
from kimxi.topic_stability import jaccard
from kimxi.topic_terms import tokenize

# ---------------------------------------------------------------------------
# Corpora of units


def sentence_units(sentences: pd.DataFrame) -> pd.DataFrame:
    """The content sentences of ``sentences.csv`` as units (unit_id = sentence_id)."""
    units = sentences.rename(columns={"sentence_id": "unit_id"})
    units = units[["unit_id", "article_id", "paragraph", "speaker_class", "text"]].copy()
    units["kind"] = "sentence"
    return units.reset_index(drop=True)


def paragraph_units(paragraphs: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The content paragraphs as units (unit_id ``art-000-p03``).

    A paragraph's ``speaker_class`` is the class of its sentences holding most of
    its words when that is more than half of them, else ``narration``.
    """
    content = paragraphs[paragraphs.kind == "content"]
    words = sentences.groupby(["article_id", "paragraph", "speaker_class"]).n_words.sum()
    rows = []
    for p in content.itertuples():
        by_class = words.get((p.article_id, p.paragraph), pd.Series(dtype=float))
        cls = "narration"
        if len(by_class) and by_class.max() > by_class.sum() / 2:
            cls = str(by_class.idxmax())
        rows.append(dict(unit_id=f"{p.article_id}-p{p.paragraph:02d}", article_id=p.article_id,
                         paragraph=p.paragraph, speaker_class=cls, text=p.text,
                         kind="paragraph"))
    return pd.DataFrame(rows)


LEADER_CLASSES = ("dprk", "prc")
# Papers quoted for their own commentary, not for a leader's words. (KCNA and
# Xinhua are kept with their side: in these articles they are quoted only
# relaying the messages, e.g. art-000-q02, which quotes.csv gives as Kim's words.)
OWN_VOICE_MEDIA = ("Global Times", "China Daily", "People's Daily", "Rodong Sinmun",
                   "PRC official media")


def voice_units(sentences: pd.DataFrame, quotes: pd.DataFrame,
                extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every word of the coverage in exactly one unit of one voice.

    Each quoted passage of ``quotes`` (article_quotes.csv) is a unit of its
    speaker's class (``dprk``, ``prc``, ``analyst``, ``other``), or ``media``
    when the speaker is a paper of ``OWN_VOICE_MEDIA``; each sentence
    with its quoted passages and their marks blanked out is a ``narration``
    unit (the journalist's own words), kept when anything but punctuation is
    left. ``extra`` (columns unit_id, article_id, speaker_class, text, kind)
    adds units from outside the articles, such as the leaders' messages.
    Columns: unit_id, article_id, speaker_class, text, kind (quote, narration,
    or extra's kind).
    """
    rows = []
    for q in quotes.itertuples():
        cls = "media" if q.speaker in OWN_VOICE_MEDIA else q.speaker_class
        rows.append(dict(unit_id=q.quote_id, article_id=q.article_id,
                         speaker_class=cls, text=q.text, kind="quote"))
    spans = {a: [(q.start, q.end) for q in g.itertuples()] for a, g in quotes.groupby("article_id")}
    for s in sentences.itertuples():
        chars = list(s.text)
        for q_start, q_end in spans.get(s.article_id, []):
            # the passage and its quotation marks, clipped to the sentence
            for pos in range(max(q_start - 1, s.start), min(q_end + 1, s.end)):
                chars[pos - s.start] = " "
        rest = re.sub(r"\s+", " ", "".join(chars)).strip()
        if re.search(r"\w", rest):
            rows.append(dict(unit_id=f"{s.sentence_id}-n", article_id=s.article_id,
                             speaker_class="narration", text=rest, kind="narration"))
    units = pd.DataFrame(rows)
    if extra is not None and len(extra):
        units = pd.concat([units, extra[units.columns]], ignore_index=True)
    return units


# An outlet's lead before the message itself ("Kim Jong Un ... sent a message of
# thanks to Xi Jinping ... The message said:") is the outlet's words, not the leader's.
_MESSAGE_LEAD = re.compile(r"^.*?\bthe message (?:said|says|reads|read)\s*:\s*", re.S | re.I)
LEADER_VOICES = ("message", "speech")
# The leaders and their parties' central committees; envoys and officials are not.
LEADER_SPEAKERS = re.compile(r"Kim Jong Un|Xi Jinping|(?:WPK|CPC) Central Committee")
SIDE_CLASSES = {"DPRK": "dprk", "PRC": "prc"}
DIRECTION_CLASSES = {"DPRK->PRC": "dprk", "PRC->DPRK": "prc"}


def message_units(messages: pd.DataFrame, speaker_class: str | dict = "dprk") -> pd.DataFrame:
    """Sentences of full message texts (columns message_id, text) as units
    ``<message_id>-s01``..., so they are comparable in length with the others.

    An outlet's lead ending in "The message said:" is dropped. ``speaker_class``
    is one class for all, or a mapping message_id -> class.
    """
    rows = []
    for m in messages.itertuples():
        text = _MESSAGE_LEAD.sub("", m.text, count=1)
        cls = speaker_class if isinstance(speaker_class, str) else speaker_class[m.message_id]
        for n, (start, end) in enumerate(split_sentences(text), start=1):
            rows.append(dict(unit_id=f"{m.message_id}-s{n:02d}", article_id=m.message_id,
                             speaker_class=cls, text=text[start:end], kind="message"))
    return pd.DataFrame(rows, columns=["unit_id", "article_id", "speaker_class", "text", "kind"])


def message_words(message_texts: pd.DataFrame) -> pd.DataFrame:
    """One full text per message: its own words (role ``message``), not media reports.

    Where a message has several texts (KCNA's English and another outlet's
    translation), KCNA's is taken (``kcna_id`` filled): the collection reads
    the exchanges in KCNA's English. Tables without ``role`` or ``kcna_id``
    (a single text per message) pass as they are.
    """
    table = message_texts
    if "role" in table.columns:
        table = table[table["role"] == "message"]
    if "kcna_id" in table.columns:
        table = table.assign(_kcna=table["kcna_id"] != "").sort_values(
            ["message_id", "_kcna"], ascending=[True, False], kind="stable").drop(columns="_kcna")
    return table.drop_duplicates("message_id").reset_index(drop=True)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _remove_words(text: str, part: str) -> str:
    """``text`` with the words of ``part`` (as a run, any punctuation between) blanked."""
    words = re.findall(r"[A-Za-z0-9]+", part)
    pattern = r"\b" + r"[^A-Za-z0-9]+".join(map(re.escape, words)) + r"\b"
    return re.sub(r"\s+", " ", re.sub(pattern, " ", text, flags=re.I)).strip()


def record_units(quotes: pd.DataFrame, message_texts: pd.DataFrame, messages: pd.DataFrame,
                 existing: pd.DataFrame | None = None,
                 near_duplicate: float = 0.5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The leaders' own words of the message record as units, none counted twice.

    Units, in this order of precedence: ``existing`` units (the articles'
    quoted passages, kept as they are); the sentences of each message's own full
    text (:func:`message_words`, :func:`message_units`; class from the exchange's
    ``direction``); then the
    verbatim quotes of ``quotes.csv`` of a message or speech (``LEADER_VOICES``)
    by Kim, Xi or their parties' central committees (``LEADER_SPEAKERS``; not
    envoys or spokespeople), side DPRK or PRC, longest first (so a fragment
    yields to the quotation it comes from). A quote loses the words of any
    earlier unit it contains; it is dropped when nothing of it is left, when
    its terms are a subset of an earlier unit's, or when the Jaccard of the two
    term sets reaches ``near_duplicate`` (two outlets' renderings of the same
    words would otherwise make the leaders look alike by construction).
    Paraphrases, spokespeople, readouts and reports are not the leaders' words.

    Returns ``(units, dropped)``: units with columns unit_id, article_id (the
    message_id), speaker_class, text, kind (``message`` or ``record_quote``);
    dropped lists quote_id, reason.
    """
    direction = dict(zip(messages.message_id, messages.direction, strict=True))
    with_text = message_words(message_texts)
    with_text = with_text[with_text.message_id.map(direction).isin(DIRECTION_CLASSES)]
    texts = message_units(with_text, {m: DIRECTION_CLASSES[direction[m]]
                                      for m in with_text.message_id})
    kept = [] if existing is None else list(existing.text)
    kept += list(texts.text)
    chosen = quotes[(quotes.verbatim_or_paraphrase == "verbatim")
                    & quotes.voice.isin(LEADER_VOICES) & quotes.side.isin(SIDE_CLASSES)
                    & quotes.speaker.str.fullmatch(LEADER_SPEAKERS)
                    & ~quotes.message_id.isin(with_text.message_id)]
    chosen = chosen.assign(_len=chosen.text.str.len()).sort_values(
        ["_len", "quote_id"], ascending=[False, True], kind="stable")
    rows, dropped = [], []
    for q in chosen.itertuples():
        text = q.text
        for earlier in kept:
            if _words(earlier) and _words(earlier) in _words(text):
                text = _remove_words(text, earlier)
        terms = set(tokenize(text))
        reason = ""
        if not terms:
            reason = "all its words are in an earlier unit"
        else:
            for earlier in kept:
                other = set(tokenize(earlier))
                if terms <= other:
                    reason = "its terms are a subset of an earlier unit's"
                    break
                if jaccard(terms, other) >= near_duplicate:
                    reason = f"near-duplicate of an earlier unit (term Jaccard >= {near_duplicate})"
                    break
        if reason:
            dropped.append(dict(quote_id=q.quote_id, reason=reason, text=q.text))
            continue
        kept.append(text)
        rows.append(dict(unit_id=q.quote_id, article_id=q.message_id,
                         speaker_class=SIDE_CLASSES[q.side], text=text, kind="record_quote"))
    units = pd.concat([texts, pd.DataFrame(rows, columns=texts.columns)], ignore_index=True)
    return units, pd.DataFrame(dropped, columns=["quote_id", "reason", "text"])
