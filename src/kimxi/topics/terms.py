"""Text to terms for the topic models: names joined, sources removed, plurals folded.

Text to terms (:func:`tokenize`), then terms to counts (:func:`term_matrix`):

1. Multi-word names become one term, so that the words of a name do not
   count as separate evidence: "Kim Jong Un" -> ``kim``, "Xi Jinping" ->
   ``xi``, "US"/"United States" -> ``usa`` (lower-cased "us" is a pronoun),
   "UN"/"United Nations" -> ``un``, "North Korea(n)"/"the North"/"DPRK" ->
   ``north_korea``, "South Korea(n)" -> ``south_korea``, "Security Council"
   -> ``security_council`` (see ``PHRASES``).
2. Names that only mark the source are removed before counting: news
   agencies and papers (KCNA, Rodong Sinmun, Global Times, Xinhua, Reuters
   ...). Every article of a state agency names the agency; left in, the name
   would say where a text comes from, not what it is about.
3. Lower-case runs of letters (hyphenated words split; numbers, dates and
   ordinals such as "19th" dropped), possessive "'s" removed, a light plural
   folding (:func:`fold_plural`: "relations" -> "relation", "countries" ->
   "country"), so that a singular and its plural are one term.
4. Stop words (``STOP_WORD_GROUPS``): scikit-learn's English list minus three
   content words it wrongly holds (Nothman, Qin & Yurchak 2018 list such
   flaws): "interest" (the formula "in the interests of the peoples"),
   "sincere" ("sincere congratulations") and "un"; reporting verbs and
   honorifics that mark quotation, not content ("said", "told", "according",
   "Mr"); page furniture (photo captions, share counters, credit lines); and
   calendar words (weekdays, months: a date says when, not what).
5. :func:`term_matrix` keeps the terms of at least two documents: a term of
   one document cannot link two. The weighting and the further cuts of the
   topic models are :func:`kimxi.topics.model.weigh`'s.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# ---------------------------------------------------------------------------
# Text to terms

# (pattern, replacement, why). Applied in order, case-sensitively, before lower-casing.
PHRASES: tuple[tuple[str, str, str], ...] = (
    (r"Kim Han-kwon|Korea National Diplomatic Academy", " ",
     "the analyst's name and academy mark the source, recorded in speaker_class"),
    (r"Korean Central News Agency|KCNA|(?:the North['’]s )?state-run central news agency|"
     r"Global Times|China Daily|Xinhua|Reuters|Yonhap|Rodong Sinmun|People['’]s Daily|"
     r"Associated Press", " ",
     "news agencies and papers mark the source of a quotation, not its content"),
    (r"Kim Jong[ -]?[Uu]n", " Kim ", "one leader, one term"),
    (r"Xi Jinping", " Xi ", "one leader, one term"),
    (r"\bU\.S\.(?=\W)|\bUS\b|United States", " usa ",
     "the country, kept apart from the pronoun 'us'"),
    (r"\bUN\b|United Nations", " un ", "the organisation"),
    (r"(?i:Democratic People['’]s Republic of Korea|\bDPRK\b|\bNorth Korean?\b|"
     r"\bthe North\b)", " north_korea ", "one country, one term"),
    (r"(?i:Republic of Korea|\bROK\b|\bSouth Korean?\b)", " south_korea ",
     "one country, one term"),
    (r"(?i:Security Council)", " security_council ", "one body, one term"),
)

STOP_WORD_GROUPS: dict[str, tuple[frozenset[str], str]] = {
    "english": (frozenset(ENGLISH_STOP_WORDS - {"interest", "sincere", "un"}),
                "scikit-learn's English list, minus 'interest', 'sincere' and 'un', content "
                "words of the messages that the list holds by mistake"),
    "source_marking": (frozenset({
        "said", "say", "says", "saying", "told", "tell", "tells", "according", "reported",
        "report", "added", "stated", "wrote", "citing", "cited", "quoted", "statement",
        "words", "mr", "mrs", "ms", "professor", "spokesman", "spokeswoman"}),
        "reporting verbs and honorifics: they mark that someone is quoted, not what about; "
        "left in, they separate quoted from unquoted sentences by form alone"),
    "page_furniture": (frozenset({
        "photo", "caption", "file", "image", "source", "credit", "share", "shares", "social",
        "buzz", "reporting", "additional", "getty", "afp", "ap"}),
        "captions, share counters and credit lines of web pages, in case any survive "
        "kimxi.corpus.articles"),
    "calendar": (frozenset({
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "year", "month", "week", "day", "today"}),
        "a date says when, not what; each article has its own dates"),
}
STOP_WORDS: frozenset[str] = frozenset().union(*(w for w, _ in STOP_WORD_GROUPS.values()))

# Words ending in -s that are not plurals.
_NOT_PLURAL = frozenset({"news", "series", "species", "politics", "economics", "means",
                         "arms", "lens", "christmas", "olympics"})
_TOKEN = re.compile(r"[a-z0-9_]+")


def fold_plural(token: str) -> str:
    """The singular of a regular English plural, else ``token`` unchanged.

    "countries" -> "country", "relations" -> "relation"; words of three letters
    or fewer and endings -ss, -us, -is are left alone ("congress", "focus",
    "analysis"), as are the words of ``_NOT_PLURAL``.
    """
    if len(token) <= 3 or token in _NOT_PLURAL or "_" in token:
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


# Where a match of each of ``PHRASES`` can start: every match begins with one of
# these literals (after curly apostrophes are made straight), searched in the text
# itself, or for the case-insensitive patterns (``True``) in its lower-cased copy.
# :func:`normalise` only tries a pattern at these positions; tests/test_topics.py
# checks it against applying every pattern to the whole text.
_ANCHORS: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("Kim Han-kwon", "Korea National Diplomatic Academy"), False),
    (("Korean Central News Agency", "KCNA", "the North's state-run ",
      "state-run central news agency", "Global Times", "China Daily", "Xinhua", "Reuters",
      "Yonhap", "Rodong Sinmun", "People's Daily", "Associated Press"), False),
    (("Kim Jong",), False),
    (("Xi Jinping",), False),
    (("U.S.", "US", "United States"), False),
    (("UN", "United Nations"), False),
    (("democratic people's republic of korea", "dprk", "north korea", "the north"), True),
    (("republic of korea", "rok", "south korea"), True),
    (("security council",), True),
)
_PHRASES = [(re.compile(p), r, anchors, folded)
            for (p, r, _), (anchors, folded) in zip(PHRASES, _ANCHORS, strict=True)]


# The only characters that lower-case to more than one character or to an ASCII
# letter, or that a case-insensitive ASCII letter matches (found by trying every
# code point): without them, lower-casing keeps offsets and a case-insensitive
# match of an anchor is the anchor in the lower-cased text.
_CASE_HAZARDS = "\u0130\u0131\u017f\u212a"


def _sub_at_anchors(pattern: re.Pattern, replacement: str, text: str, key: str,
                    anchors: tuple[str, ...]) -> str:
    """``pattern.sub(replacement, text)``, trying ``pattern`` only where ``key``
    (``text`` or its lower-cased copy, same length) holds one of ``anchors``."""
    starts = []
    for anchor in anchors:
        i = key.find(anchor)
        while i >= 0:
            starts.append(i)
            i = key.find(anchor, i + 1)
    if not starts:
        return text
    starts.sort()
    parts, end = [], 0
    for i in starts:
        if i >= end and (match := pattern.match(text, i)):
            parts += (text[end:i], replacement)
            end = match.end()
    if not parts:
        return text
    parts.append(text[end:])
    return "".join(parts)


def normalise(text: str) -> str:
    """``text`` with ``PHRASES`` applied and curly apostrophes made straight.

    Every pattern of ``PHRASES`` treats the two apostrophes alike, so they are
    made straight first. A pattern is tried only where its ``_ANCHORS`` occur
    (much faster than scanning the whole text with each of nine patterns); the
    case-insensitive ones look for them in the lower-cased text, unless the text
    holds one of the four ``_CASE_HAZARDS`` (then they run over all of it).
    """
    text = text.replace("’", "'")
    foldable = text.isascii() or not any(c in text for c in _CASE_HAZARDS)
    lowered = None
    for pattern, replacement, anchors, folded in _PHRASES:
        if not folded:
            text = _sub_at_anchors(pattern, replacement, text, text, anchors)
        elif foldable:
            if lowered is None:
                lowered = text.lower()
            new = _sub_at_anchors(pattern, replacement, text, lowered, anchors)
            if new is not text:
                text, lowered = new, None
        else:
            text = pattern.sub(replacement, text)
    return text


def _term(token: str) -> str:
    """The term a raw token of :func:`tokenize` gives, ``""`` when it gives none."""
    token = token.strip("_")
    if len(token) < 2 or token in STOP_WORDS or any(c.isdigit() for c in token):
        return ""
    token = fold_plural(token)
    return "" if token in STOP_WORDS else token


# Raw token -> its term (``_term``), filled as tokens are met; bounded, a word per entry.
# ASCII texts are cut into tokens as bytes (every byte outside ``_TOKEN``'s class made a
# space, then split: faster than ``_TOKEN.findall``), other texts by ``_TOKEN``.
_TERMS: dict[str | bytes, str] = {}
_TERMS_MAX = 500_000
_TOKEN_BYTES = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789_" else 32
                     for c in range(256))


def tokenize(text: str) -> list[str]:
    """The terms of ``text`` in order (rules 1-4 of the module docstring)."""
    text = normalise(text)
    text = re.sub(r"'s\b", " ", text).lower()
    if text.isascii():
        tokens = text.encode("ascii").translate(_TOKEN_BYTES).split()
    else:
        tokens = _TOKEN.findall(text)
    memo = _TERMS
    terms = []
    for token in tokens:
        term = memo.get(token)
        if term is None:
            term = _term(token.decode("ascii") if type(token) is bytes else token)
            if len(memo) < _TERMS_MAX:
                memo[token] = term
        if term:
            terms.append(term)
    return terms


def term_matrix(texts, min_df: int = 2) -> tuple[csr_matrix, pd.DataFrame]:
    """Document-by-term counts over the terms of :func:`tokenize` in at least ``min_df``
    documents, and the terms.

    Terms are sorted; the table has ``term_id`` (0-based column of the matrix),
    ``term``, ``df`` (documents) and ``count`` (occurrences). One pass over the
    texts (any iterable: a generator of texts is never held whole); each document's counts
    are kept as two arrays of 32-bit integers (term and count) until the terms of
    ``min_df`` documents are known, a few bytes per distinct term of a document.
    """
    seen: dict[str, int] = {}  # every term met -> its number in order of appearance
    ids, counts, sizes = array("i"), array("i"), array("q")
    for text in texts:
        c = Counter(tokenize(text))
        ids.extend(seen.setdefault(term, len(seen)) for term in c)
        counts.extend(c.values())
        sizes.append(len(c))
    ids_np = np.frombuffer(ids, dtype=np.int32)
    df_all = np.bincount(ids_np, minlength=len(seen))
    names = np.array(list(seen), dtype=object)
    keep = np.flatnonzero(df_all >= min_df)
    order = keep[np.argsort(names[keep].astype(str), kind="stable")]
    terms = names[order].tolist()
    column = np.full(len(seen), -1, dtype=np.int64)
    column[order] = np.arange(len(order))
    rows = np.repeat(np.arange(len(sizes)), np.frombuffer(sizes, dtype=np.int64))
    cols = column[ids_np]
    kept = cols >= 0
    matrix = csr_matrix((np.frombuffer(counts, dtype=np.int32)[kept].astype(np.int64),
                         (rows[kept], cols[kept])), shape=(len(sizes), len(terms)))
    matrix.sort_indices()
    df = dict(zip(terms, df_all[order].tolist(), strict=True))
    table = pd.DataFrame({"term_id": range(len(terms)), "term": terms,
                          "df": [df[t] for t in terms],
                          "count": np.asarray(matrix.sum(axis=0)).ravel()})
    return matrix, table


def read_counts(corpus, date_from: str, date_to: str, target: str
                ) -> tuple[pd.DataFrame, csr_matrix, pd.DataFrame, np.ndarray]:
    """The documents of the corpus CSV at ``corpus`` dated inside the window
    (:func:`kimxi.corpus.documents.iter_documents`, a chunk at a time: checked and cleaned),
    counted by :func:`term_matrix` in one pass without holding their texts: the documents'
    ``id``, ``date`` and ``title``, the counts, the terms, and whether each document names
    ``target`` (:func:`kimxi.corpus.targets.names`)."""
    from kimxi.corpus import documents as corpus_csv, targets

    resolved = targets.resolve(target)
    meta, named = [], []

    def texts():
        for chunk in corpus_csv.iter_documents(corpus, date_from, date_to):
            meta.append(chunk[["id", "date", "title"]])
            named.append(np.asarray(targets.names(chunk["text"], resolved), dtype=bool))
            yield from chunk["text"]

    counts, vocabulary = term_matrix(texts())
    return pd.concat(meta, ignore_index=True), counts, vocabulary, np.concatenate(named)
