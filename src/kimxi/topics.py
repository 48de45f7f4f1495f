"""Topics of the coverage: TF-IDF, NMF and KMeans, with k chosen by stability.

A *corpus of units* is a DataFrame with at least ``unit_id`` and ``text``
(and, for the tables, ``article_id`` and ``speaker_class``): the content
sentences (:func:`sentence_units`), the content paragraphs
(:func:`paragraph_units`) or the voices corpus (:func:`voice_units`), in
which every quoted passage is a unit of its speaker and the rest of each
sentence is narration.

Text to terms (:func:`tokenize`), each choice made for a corpus of a few
dozen short units about two leaders:

1. Multi-word names become one term, so that the words of a name do not
   count as separate evidence: "Kim Jong Un" -> ``kim``, "Xi Jinping" ->
   ``xi``, "US"/"United States" -> ``usa`` (lower-cased "us" is a pronoun),
   "UN"/"United Nations" -> ``un``, "North Korea(n)"/"the North"/"DPRK" ->
   ``north_korea``, "South Korea(n)" -> ``south_korea``, "Security Council"
   -> ``security_council`` (see ``PHRASES``).
2. Names that only mark the source are removed before counting: news
   agencies and papers (KCNA, Global Times, China Daily, Xinhua, Reuters ...)
   and the analyst's name and academy. Who speaks is recorded in
   ``speaker_class``; left in, these names would cluster sentences by their
   source and make the question "do the leaders' words form topics of their
   own?" circular.
3. Lower-case runs of letters (hyphenated words split; numbers, dates and
   ordinals such as "19th" dropped: each is unique to one unit), possessive
   "'s" removed, a light plural folding (:func:`fold_plural`:
   "relations" -> "relation", "countries" -> "country") because with so few
   units a singular and its plural would otherwise be two rare terms.
4. Stop words (``STOP_WORD_GROUPS``): scikit-learn's English list minus three
   content words it wrongly holds (Nothman, Qin & Yurchak 2018 list such
   flaws): "interest" (the formula "in the interests of the peoples"),
   "sincere" ("sincere congratulations") and "un"; reporting verbs and
   honorifics that mark quotation, not content ("said", "told", "according",
   "Mr"); page furniture (photo captions, share counters, credit lines), a
   second line of defence after :mod:`kimxi.corpus` removed those blocks; and
   calendar words (weekdays, months: a date says when, not what, and each
   article has its own dates, so dates would cluster by article).
5. ``min_df=2``: a term in a single unit cannot link two units, it only adds
   a dimension of noise (scikit-learn's example uses 5, which would leave
   almost nothing of 45 sentences). ``max_df=0.5``: a term in more than half
   of the units cannot separate topics. ``sublinear_tf`` and L2 rows, so a
   long unit does not outweigh a short one.

Stability (Greene, O'Callaghan & Cunningham 2014): for each k, NMF
(``init="nndsvd"``, no random start) is fitted on the full matrix as the
reference, then refitted on ``n_runs`` seeded random 80% subsamples of its
rows; each refit's top-10 term lists are matched to the reference's by the
Hungarian method (:func:`match_topics`) and scored by the Jaccard of the
matched top-10 sets, averaged over topics and runs. Greene et al.'s
rank-weighted "average Jaccard" (:func:`average_jaccard`) is reported beside
it but is not the criterion: on a corpus this small most terms occur in two
or three units, their order inside a top-10 list is mostly ties, and the
rank-weighted score then rewards splitting a topic until one term leads each
part (``tests/test_topics.py`` shows it preferring k=4 on a corpus built
with two topics, where the set Jaccard finds k=2). KMeans runs over the same
seeds and subsamples (several initialisations each) label every unit; their
agreement is the mean pairwise adjusted Rand index. Silhouette (cosine) is
reported, never used alone. :func:`choose_k` states the rule.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.stats import hypergeom
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, silhouette_score
from threadpoolctl import threadpool_limits

from kimxi.segment import split_sentences
from kimxi.style import PALETTE

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
        "kimxi.corpus"),
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


def make_vectorizer(min_df: int | float = 2, max_df: float = 0.5) -> TfidfVectorizer:
    """TF-IDF over :func:`tokenize` terms: sublinear tf, smoothed idf, L2-normalised rows."""
    return TfidfVectorizer(analyzer=tokenize, min_df=min_df, max_df=max_df,
                           sublinear_tf=True, norm="l2", dtype=np.float64)


# ---------------------------------------------------------------------------
# Models


def fit_nmf(X, k: int, random_state: int = 0, max_iter: int = 2000) -> NMF:
    """NMF of the TF-IDF matrix ``X`` with ``k`` topics, ``init="nndsvd"``.

    NNDSVD has no random start; ``random_state`` only seeds the randomized SVD
    inside it, so the fit is the same for the same data and seed.
    """
    model = NMF(n_components=k, init="nndsvd", random_state=random_state,
                max_iter=max_iter, tol=1e-5)
    model.fit(X)
    return model


def fit_kmeans(X, k: int, random_state: int = 0, n_init: int = 10) -> KMeans:
    """KMeans with ``k`` clusters and ``n_init`` seeded initialisations (keeps the best).

    Runs on one thread: on a few dozen units thread start-up costs more than the
    work, and the result cannot depend on the machine's number of cores.
    """
    with threadpool_limits(limits=1):
        return KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(X)


def top_terms(H: np.ndarray, terms, n: int = 10) -> list[list[str]]:
    """The ``n`` highest-weighted terms of each row of ``H`` (ties broken by term order)."""
    terms = np.asarray(terms)
    lists = []
    for row in np.asarray(H):
        order = np.lexsort((np.arange(len(row)), -row))[:n]
        lists.append([str(terms[j]) for j in order if row[j] > 0])
    return lists


def assign(W: np.ndarray) -> np.ndarray:
    """Topic of each unit: the column of its largest weight, ``-1`` when all are zero."""
    W = np.asarray(W)
    labels = W.argmax(axis=1)
    labels[W.max(axis=1) <= 0] = -1
    return labels


def label_topics(lists: list[list[str]], n: int = 3) -> list[str]:
    """A label for each topic: its ``n`` top terms joined by " / " (underscores as spaces)."""
    return [" / ".join(t.replace("_", " ") for t in terms[:n]) for terms in lists]


@dataclass
class TopicModel:
    """TF-IDF + NMF fitted on a list of texts (see :func:`fit_topics`).

    ``X`` is the units x terms TF-IDF matrix, ``W`` the units x topics weights,
    ``H`` the topics x terms weights, ``labels`` the topic of each unit (-1:
    none of its terms is in the vocabulary).
    """

    vectorizer: TfidfVectorizer
    nmf: NMF
    X: csr_matrix
    W: np.ndarray
    terms: np.ndarray
    labels: np.ndarray
    top_terms: list[list[str]] = field(default_factory=list)

    @property
    def H(self) -> np.ndarray:
        return self.nmf.components_

    @property
    def topic_labels(self) -> list[str]:
        return label_topics(self.top_terms)


def fit_topics(texts, k: int, *, min_df: int | float = 2, max_df: float = 0.5,
               random_state: int = 0, n_top: int = 10) -> TopicModel:
    """Fit TF-IDF (:func:`make_vectorizer`) and NMF with ``k`` topics on ``texts``.

    ``texts`` is any sequence of strings (sentences, paragraphs). Returns a
    :class:`TopicModel`. Raises ValueError when fewer than ``k`` terms survive
    ``min_df``/``max_df``.
    """
    vectorizer = make_vectorizer(min_df=min_df, max_df=max_df)
    X = vectorizer.fit_transform(list(texts))
    terms = vectorizer.get_feature_names_out()
    if len(terms) < k:
        raise ValueError(f"only {len(terms)} terms survive min_df={min_df}, max_df={max_df}; "
                         f"cannot fit {k} topics")
    nmf = fit_nmf(X, k, random_state=random_state)
    W = nmf.transform(X)
    return TopicModel(vectorizer, nmf, X, W, terms, assign(W), top_terms(nmf.components_,
                                                                          terms, n_top))


# ---------------------------------------------------------------------------
# Stability


def jaccard(a, b) -> float:
    """Jaccard similarity of two term lists taken as sets (1 for two empty lists)."""
    a, b = set(a), set(b)
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def average_jaccard(a, b) -> float:
    """Greene et al.'s average Jaccard of two ranked lists: mean of the Jaccard of
    their top-1, top-2, ..., top-t prefixes (t the longer length), so agreement
    at the top counts more than agreement in the tail."""
    depth = max(len(a), len(b))
    if depth == 0:
        return 1.0
    return float(np.mean([jaccard(a[:d], b[:d]) for d in range(1, depth + 1)]))


def chance_jaccard(n_top: int, n_terms: int) -> float:
    """Expected Jaccard of two sets of ``n_top`` terms drawn at random from
    ``n_terms`` (exact: the overlap is hypergeometric)."""
    overlap = np.arange(n_top + 1)
    probability = hypergeom(n_terms, n_top, n_top).pmf(overlap)
    return float(np.sum(probability * overlap / (2 * n_top - overlap)))


def chance_average_jaccard(n_top: int, n_terms: int) -> float:
    """Expected average Jaccard (:func:`average_jaccard`) of two ranked lists of
    ``n_top`` terms drawn at random from ``n_terms``. Like :func:`chance_jaccard`
    it is the floor for one matched pair of topics; the Hungarian matching of k
    topics lifts chance agreement above it."""
    return float(np.mean([chance_jaccard(d, n_terms) for d in range(1, n_top + 1)]))


def match_topics(reference: list[list[str]], other: list[list[str]],
                 similarity=average_jaccard) -> tuple[float, np.ndarray]:
    """Match ``other``'s topics to ``reference``'s by the Hungarian method.

    Returns the mean similarity over the matched pairs and, for each reference
    topic, the index of its match in ``other``.
    """
    S = np.array([[similarity(r, o) for o in other] for r in reference])
    rows, cols = linear_sum_assignment(S, maximize=True)
    match = np.empty(len(reference), dtype=int)
    match[rows] = cols
    return float(S[rows, cols].mean()), match


def subsamples(n: int, n_runs: int = 20, fraction: float = 0.8,
               seed: int = 0) -> list[np.ndarray]:
    """``n_runs`` sorted random subsets of ``range(n)`` of size ``round(fraction * n)``;
    run ``r`` draws with seed ``seed + r``, so the same runs serve every k."""
    size = int(round(fraction * n))
    return [np.sort(np.random.default_rng(seed + r).choice(n, size=size, replace=False))
            for r in range(n_runs)]


def stability_runs(X, terms, ks=range(2, 9), n_runs: int = 20, fraction: float = 0.8,
                   seed: int = 0, n_top: int = 10, n_init: int = 5) -> pd.DataFrame:
    """One row per (k, run) of the stability analysis of TF-IDF matrix ``X``.

    For each k: the reference NMF on all rows; per run, NMF refitted on the
    run's subsample (seed ``seed + run``) and its top-``n_top`` term lists
    matched one to one to the reference's by the Hungarian method.
    ``jaccard``: mean over matched pairs of the Jaccard of the two top-``n_top``
    sets (the criterion); ``avg_jaccard``: the same with Greene et al.'s
    rank-weighted average Jaccard (matched on it); ``nmf_ari``: ARI between
    the refit's and the reference's topic of each subsampled unit. KMeans
    (seed ``seed + run``, ``n_init`` initialisations) fitted on the subsample
    labels every unit (``kmeans_labels``, compared pairwise by
    :func:`summarise_stability`). Everything runs on one thread (see
    :func:`fit_kmeans`); meant for corpora of up to a few thousand units.
    """
    with threadpool_limits(limits=1):
        return _stability_runs(csr_matrix(X), terms, ks, n_runs, fraction, seed, n_top, n_init)


def _stability_runs(X, terms, ks, n_runs, fraction, seed, n_top, n_init) -> pd.DataFrame:
    # KMeans on a small dense matrix is many times faster; a large one stays sparse.
    dense = X.toarray() if X.shape[0] * X.shape[1] <= 2_000_000 else X
    rows = []
    samples = subsamples(X.shape[0], n_runs, fraction, seed)
    for k in ks:
        ref = fit_nmf(X, k, random_state=seed)
        ref_lists = top_terms(ref.components_, terms, n_top)
        ref_labels = assign(ref.transform(X))
        for run, idx in enumerate(samples):
            sub = X[idx]
            model = fit_nmf(sub, k, random_state=seed + run)
            lists = top_terms(model.components_, terms, n_top)
            set_score, match = match_topics(ref_lists, lists, jaccard)
            rank_score, _ = match_topics(ref_lists, lists, average_jaccard)
            # Refit topics renamed to their matched reference topic before comparing labels.
            rename = np.empty(k, dtype=int)
            rename[match] = np.arange(k)
            sub_labels = assign(model.transform(sub))
            sub_labels = np.where(sub_labels >= 0, rename[np.maximum(sub_labels, 0)], -1)
            km = KMeans(n_clusters=k, n_init=n_init, random_state=seed + run).fit(dense[idx])
            rows.append(dict(k=k, run=run, jaccard=set_score, avg_jaccard=rank_score,
                             nmf_ari=adjusted_rand_score(ref_labels[idx], sub_labels),
                             kmeans_labels=km.predict(dense)))
    return pd.DataFrame(rows)


def summarise_stability(runs: pd.DataFrame, X) -> pd.DataFrame:
    """Per k: mean, sd (and for ``jaccard`` the standard error) of the run
    measures, the mean and sd of the pairwise ARI between the KMeans runs, and
    the cosine silhouette of a full-data KMeans (seed 0, 10 initialisations)."""
    out = []
    for k, group in runs.groupby("k", sort=True):
        aris = [adjusted_rand_score(a, b)
                for a, b in itertools.combinations(group.kmeans_labels, 2)]
        small = hasattr(X, "toarray") and X.shape[0] * X.shape[1] <= 2_000_000
        full = fit_kmeans(X.toarray() if small else X, int(k), random_state=0, n_init=10)
        n = len(group)
        out.append(dict(
            k=int(k), runs=n,
            jaccard_mean=group.jaccard.mean(), jaccard_sd=group.jaccard.std(ddof=1),
            jaccard_se=group.jaccard.std(ddof=1) / np.sqrt(n),
            avg_jaccard_mean=group.avg_jaccard.mean(),
            avg_jaccard_sd=group.avg_jaccard.std(ddof=1),
            nmf_ari_mean=group.nmf_ari.mean(), nmf_ari_sd=group.nmf_ari.std(ddof=1),
            kmeans_ari_mean=float(np.mean(aris)), kmeans_ari_sd=float(np.std(aris, ddof=1)),
            silhouette=float(silhouette_score(X, full.labels_, metric="cosine")),
        ))
    return pd.DataFrame(out)


def choose_k(summary: pd.DataFrame) -> tuple[int, str]:
    """The k to use, and the reason in words.

    Rule: the k with the highest mean Jaccard of matched top-10 sets. Any k whose
    mean lies within one standard error of that best mean cannot be told apart
    from it with this many refits (a near-tie); among near-ties the smallest k
    wins, the one-standard-error rule of model selection (Breiman et al. 1984):
    claim no more topics than the data can tell apart. The KMeans ARI spreads
    too widely over the pairs of runs on a corpus this small to break ties, so
    it is reported, not used; silhouette plays no part.
    """
    best = summary.loc[summary.jaccard_mean.idxmax()]
    tied = summary[summary.jaccard_mean >= best.jaccard_mean - best.jaccard_se]
    pick = tied.sort_values("k").iloc[0]
    k = int(pick.k)
    if len(tied) == 1:
        reason = (f"k={k} has the highest mean Jaccard ({pick.jaccard_mean:.3f}); "
                  f"no other k comes within one standard error "
                  f"({best.jaccard_se:.3f}) of it")
    else:
        near = ", ".join(f"k={int(r.k)} ({r.jaccard_mean:.3f})"
                         for r in tied.itertuples() if r.k != best.k)
        reason = (f"the highest mean Jaccard is {best.jaccard_mean:.3f} at k={int(best.k)}; "
                  f"{near} {'is' if len(tied) == 2 else 'are'} within one standard error "
                  f"({best.jaccard_se:.3f}) of it, and among these near-ties the smallest k, "
                  f"k={k}, is chosen")
    return k, reason


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


# ---------------------------------------------------------------------------
# Describing topics


def topic_summary(units: pd.DataFrame, model: TopicModel, n_examples: int = 3) -> pd.DataFrame:
    """One row per topic: label, size, top terms and the ``n_examples`` most
    representative units (its members with the largest weight on it)."""
    rows = []
    for t, (label, terms) in enumerate(zip(model.topic_labels, model.top_terms, strict=True)):
        members = np.flatnonzero(model.labels == t)
        order = members[np.lexsort((members, -model.W[members, t]))][:n_examples]
        row = dict(topic=t, label=label, size=len(members), top_terms=", ".join(terms))
        for i in range(n_examples):
            row[f"example_{i + 1}"] = units.unit_id.iloc[order[i]] if i < len(order) else ""
        rows.append(row)
    return pd.DataFrame(rows)


def examples(units: pd.DataFrame, model: TopicModel, n: int = 3) -> pd.DataFrame:
    """The ``n`` most representative units of each topic, with their weight and text."""
    rows = []
    for t, label in enumerate(model.topic_labels):
        members = np.flatnonzero(model.labels == t)
        for rank, i in enumerate(members[np.lexsort((members, -model.W[members, t]))][:n], 1):
            rows.append(dict(topic=t, label=label, rank=rank, unit_id=units.unit_id.iloc[i],
                             speaker_class=units.speaker_class.iloc[i],
                             weight=round(float(model.W[i, t]), 3), text=units.text.iloc[i]))
    return pd.DataFrame(rows)


def shares(units: pd.DataFrame, labels, topic_labels: list[str], by: str) -> pd.DataFrame:
    """Share of each group of ``by`` (rows) falling in each topic (columns); rows sum to 1.
    Units without a topic (-1) are left out."""
    frame = pd.DataFrame({by: units[by].to_numpy(), "topic": np.asarray(labels)})
    frame = frame[frame.topic >= 0]
    table = pd.crosstab(frame[by], frame.topic, normalize="index")
    table = table.reindex(columns=range(len(topic_labels)), fill_value=0.0)
    table.columns = topic_labels
    return table


def terms_table(model: TopicModel, n: int = 10) -> pd.DataFrame:
    """Long table of each topic's top ``n`` terms with their NMF weights (4 decimals)."""
    rows = []
    for t, terms in enumerate(model.top_terms):
        index = {term: j for j, term in enumerate(model.terms)}
        for rank, term in enumerate(terms[:n], start=1):
            rows.append(dict(topic=t, label=model.topic_labels[t], rank=rank, term=term,
                             weight=round(float(model.H[t, index[term]]), 4)))
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Do the leaders' words form topics of their own?


def chi_square(table: np.ndarray) -> float:
    """Pearson's chi-square statistic of a contingency table (empty rows/columns dropped)."""
    table = np.asarray(table, dtype=float)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    return float(((table - expected) ** 2 / expected).sum())


def purity(topics, groups) -> float:
    """Share of units in the majority group of their topic (1: every topic one group)."""
    frame = pd.crosstab(np.asarray(topics), np.asarray(groups))
    return float(frame.max(axis=1).sum() / frame.to_numpy().sum())


def voice_groups(units: pd.DataFrame) -> np.ndarray:
    """``leaders`` for the classes of ``LEADER_CLASSES``, ``narration`` for narration,
    the class itself otherwise (``analyst``, ``other``)."""
    cls = units.speaker_class.to_numpy()
    return np.where(np.isin(cls, LEADER_CLASSES), "leaders", cls).astype(object)


def leaders_vs_narration(units: pd.DataFrame, labels, n_permutations: int = 9999,
                         seed: int = 0) -> tuple[dict, pd.DataFrame]:
    """:func:`voice_test` of the leaders' units against the narration units
    (units of other voices and units without a topic left out), and the
    topic x group table of counts."""
    groups = voice_groups(units)
    labels = np.asarray(labels)
    keep = (labels >= 0) & np.isin(groups, ["leaders", "narration"])
    result = voice_test(labels[keep], groups[keep], n_permutations, seed)
    table = pd.crosstab(pd.Series(labels[keep], name="topic"),
                        pd.Series(groups[keep], name="voice"))
    return result, table


VERDICTS = {
    "alike": "spread over the topics like the narration",
    "different": "fall in the topics in other proportions than the narration, but no topic "
                 "is theirs",
    "own": "gather in a topic of their own",
}


def voice_verdict(p_value: float, table: pd.DataFrame, alpha: float = 0.05) -> str:
    """A key of ``VERDICTS`` for a topic x voice ``table`` (columns leaders, narration).

    ``alike`` when ``p_value >= alpha``; ``own`` when, besides, the topic holding
    the largest share of the leaders' units holds at most half that share of the
    narration units (the leaders are at least twice as concentrated there);
    ``different`` otherwise.
    """
    if p_value >= alpha:
        return "alike"
    share = table / table.sum()
    top = share["leaders"].idxmax()
    return "own" if 2 * share.loc[top, "narration"] <= share.loc[top, "leaders"] else "different"


def leaders_vs_narration_by_k(units: pd.DataFrame, ks=range(2, 9), n_permutations: int = 9999,
                              seed: int = 0, **fit_options) -> pd.DataFrame:
    """The leaders-versus-narration test at every k (a sensitivity check of the
    chosen k): per k, chi2, p, Cramér's V, purity, and the largest share of
    the leaders' units that any one topic holds, beside that topic's share of
    the narration units, that topic's label, and the :func:`voice_verdict`."""
    rows = []
    for k in ks:
        model = fit_topics(units.text, k, **fit_options)
        result, table = leaders_vs_narration(units, model.labels, n_permutations, seed)
        share = table / table.sum()
        top = share["leaders"].idxmax()
        rows.append(dict(k=k, **result, leaders_in_top_topic=float(share.loc[top, "leaders"]),
                         narration_in_that_topic=float(share.loc[top, "narration"]),
                         top_topic_label=model.topic_labels[top],
                         verdict=voice_verdict(result["p_value"], table)))
    return pd.DataFrame(rows)


def voice_test(topics, groups, n_permutations: int = 9999, seed: int = 0) -> dict:
    """Permutation test of independence between topic and voice group.

    ``topics`` and ``groups`` are aligned (units without a topic left out by
    the caller). The statistic is Pearson's chi-square of the topic x group
    table; the group labels are shuffled ``n_permutations`` times with a seeded
    generator (topic sizes and group sizes fixed, as in Fisher's test).
    Returns chi2, p (with the +1 correction), Cramér's V, purity and its mean
    under the permutations.
    """
    topics, groups = np.asarray(topics), np.asarray(groups)
    codes_t = np.unique(topics, return_inverse=True)[1]
    codes_g = np.unique(groups, return_inverse=True)[1]
    n_t, n_g = codes_t.max() + 1, codes_g.max() + 1

    def table(g):
        return np.bincount(codes_t * n_g + g, minlength=n_t * n_g).reshape(n_t, n_g)

    observed = chi_square(table(codes_g))
    rng = np.random.default_rng(seed)
    # Tables of the shuffles, a chunk at a time so memory stays small on large corpora.
    chunk = max(1, 2_000_000 // len(codes_g))
    parts = []
    for start in range(0, n_permutations, chunk):
        size = min(chunk, n_permutations - start)
        shuffled = rng.permuted(np.tile(codes_g, (size, 1)), axis=1)
        cells = np.arange(size)[:, None] * (n_t * n_g) + codes_t * n_g + shuffled
        parts.append(np.bincount(cells.ravel(), minlength=size * n_t * n_g)
                     .reshape(size, n_t, n_g))
    tables = np.concatenate(parts).astype(float)
    # Margins are the same in every permutation, so the expected counts are too.
    rows, cols = tables[0].sum(axis=1) > 0, tables[0].sum(axis=0) > 0
    tables_nz = tables[:, rows][:, :, cols]
    expected = tables_nz[0].sum(axis=1, keepdims=True) * tables_nz[0].sum(axis=0) / len(codes_g)
    null = ((tables_nz - expected) ** 2 / expected).sum(axis=(1, 2))
    null_purity = tables.max(axis=2).sum(axis=1) / len(codes_g)
    # Compare with a tolerance so that equal tables count as "as extreme".
    p = (1 + np.sum(null >= observed - 1e-9)) / (1 + n_permutations)
    dof = min(n_t, n_g) - 1
    return dict(n=len(topics), chi2=observed, p_value=float(p),
                cramers_v=float(np.sqrt(observed / (len(topics) * dof))) if dof else 0.0,
                purity=purity(topics, groups), purity_null_mean=float(null_purity.mean()))


# ---------------------------------------------------------------------------
# Figures

TOPIC_COLOURS = [PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple",
                                      "sky_blue", "black", "yellow")]


def svd_map(X, random_state: int = 0) -> np.ndarray:
    """2-D coordinates of the units: TruncatedSVD (LSA) of the TF-IDF matrix."""
    return TruncatedSVD(n_components=2, random_state=random_state).fit_transform(X)


CORPUS_COLOURS = [PALETTE["blue"], PALETTE["grey"], PALETTE["orange"], PALETTE["green"]]


def plot_stability(summaries: dict[str, pd.DataFrame], chosen: dict[str, int], title: str,
                   chance: float | None = None):
    """Stability against k, one line per corpus (``summaries``: name -> summary of
    :func:`summarise_stability`), mean +- sd: left the Jaccard of matched top-10
    sets (NMF), right the pairwise ARI of the KMeans runs, with the silhouette of
    the first corpus as hollow squares. Each corpus's chosen k is ringed;
    ``chance`` draws the expected Jaccard of random top-10 lists."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharex=True)
    panels = [("jaccard_mean", "jaccard_sd", "NMF: Jaccard of matched top-10 term lists"),
              ("kmeans_ari_mean", "kmeans_ari_sd", "KMeans: adjusted Rand index between runs")]
    for ax, (mean, sd, name) in zip(axes, panels, strict=True):
        for i, (corpus, summary) in enumerate(summaries.items()):
            colour = CORPUS_COLOURS[i % len(CORPUS_COLOURS)]
            shift = (i - (len(summaries) - 1) / 2) * 0.08   # keep error bars apart
            ax.errorbar(summary.k + shift, summary[mean], yerr=summary[sd], fmt="o-",
                        ms=4, lw=1.2, capsize=2, color=colour, label=corpus)
            pick = summary[summary.k == chosen[corpus]]
            ax.plot(pick.k + shift, pick[mean], "o", ms=11, mfc="none", mec=colour, mew=1.5)
        ax.set_title(name, fontsize=10, loc="left", fontweight="normal")
        ax.set_xlabel("number of topics k")
        ax.set_ylim(-0.05, 1.05)
    first = next(iter(summaries))
    axes[1].plot(summaries[first].k, summaries[first].silhouette, "s", mfc="none",
                 color=PALETTE["green"], label=f"silhouette (cosine), {first}")
    if chance is not None:
        axes[0].axhline(chance, color=PALETTE["black"], lw=0.8, ls=":")
        axes[0].annotate("chance, one pair of random lists", (8, chance), ha="right",
                         va="bottom", fontsize=7, xytext=(0, 2), textcoords="offset points")
    axes[0].set_ylabel("agreement, 0 to 1 (mean ± sd over runs)")
    axes[0].legend(loc="upper right", fontsize=8, title="corpus (ring: chosen k)",
                   title_fontsize=8)
    axes[1].legend(loc="upper right", fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    fig.tight_layout()
    return fig


def plot_map(coords: np.ndarray, units: pd.DataFrame, labels, topic_labels: list[str],
             title: str, annotate=()):
    """The units on the 2-D SVD map, coloured by topic, marker by speaker class.
    Topic labels sit at each topic's centroid; ``annotate`` unit ids are named."""
    fig, ax = plt.subplots(figsize=(8, 5.5))
    labels = np.asarray(labels)
    markers = {"narration": "o", "dprk": "^", "prc": "s", "analyst": "D", "media": "P",
               "other": "v"}
    for t, name in enumerate(topic_labels):
        colour = TOPIC_COLOURS[t % len(TOPIC_COLOURS)]
        for cls, marker in markers.items():
            sel = (labels == t) & (units.speaker_class.to_numpy() == cls)
            if sel.any():
                ax.scatter(coords[sel, 0], coords[sel, 1], c=colour, marker=marker, s=36,
                           edgecolors="white", linewidths=0.5)
        members = labels == t
        if members.any():
            cx, cy = coords[members].mean(axis=0)
            ax.annotate(f"{t}: {name}", (cx, cy), fontsize=8, fontweight="bold", color=colour,
                        ha="center", va="bottom", xytext=(0, 8), textcoords="offset points")
    for unit in annotate:
        i = int(np.flatnonzero(units.unit_id.to_numpy() == unit)[0])
        ax.annotate(unit, coords[i], fontsize=7, color="#444444", xytext=(4, -10),
                    textcoords="offset points")
    handles = [plt.Line2D([], [], ls="", marker=m, color="#555555", label=c)
               for c, m in markers.items() if (units.speaker_class == c).any()]
    ax.legend(handles=handles, title="speaker class", fontsize=8, loc="best")
    ax.set_xlabel("first SVD component of TF-IDF (unitless)")
    ax.set_ylabel("second SVD component (unitless)")
    ax.set_title(title)
    return fig


def plot_shares(panels: dict[str, pd.DataFrame], title: str, counts: dict | None = None):
    """Stacked bars, one panel per grouping (``panels``: axis label -> table of
    :func:`shares` with the same topic columns): the share of each group's units
    in each topic. ``counts`` (group -> number of units) is printed after the name."""
    heights = [len(t) for t in panels.values()]
    fig, axes = plt.subplots(len(panels), 1, figsize=(8.5, 0.9 + 0.42 * sum(heights)),
                             sharex=True, squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    axes = axes[:, 0]
    for ax, (ylabel, table) in zip(axes, panels.items(), strict=True):
        names = [f"{g} (n={counts[g]})" if counts and g in counts else str(g)
                 for g in table.index]
        left = np.zeros(len(table))
        for t, column in enumerate(table.columns):
            ax.barh(names, table[column], left=left, color=TOPIC_COLOURS[t % len(TOPIC_COLOURS)],
                    label=f"{t}: {column}" if ax is axes[0] else None)
            left += table[column].to_numpy()
        ax.set_ylabel(ylabel)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
    axes[-1].set_xlabel("share of the group's units in each topic (0 to 1)")
    axes[-1].set_xlim(0, 1)
    fig.legend(loc="upper left", bbox_to_anchor=(1.0, 0.92), fontsize=8, title="topic")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    fig.tight_layout()
    return fig


def plot_leaders_by_k(by_k: pd.DataFrame, chosen_k: int, title: str):
    """Per k (table of :func:`leaders_vs_narration_by_k`): the share of the leaders'
    units in the topic that holds most of them, the share of the narration in that
    same topic, and the permutation p-value printed above each k."""
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(by_k.k, by_k.leaders_in_top_topic, "o-", color=PALETTE["vermillion"],
            label="leaders' units in the topic holding most of them")
    ax.plot(by_k.k, by_k.narration_in_that_topic, "s--", color=PALETTE["grey"],
            label="narration units in that same topic")
    for r in by_k.itertuples():
        ax.annotate(f"p={r.p_value:.3f}" if r.p_value >= 0.001 else "p<0.001", (r.k, 1.02),
                    ha="center", fontsize=7, color="#444444")
    ax.axvline(chosen_k, color=PALETTE["blue"], lw=1, ls=":", label=f"chosen k={chosen_k}")
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("share of the group's units (0 to 1)")
    ax.set_ylim(0, 1.1)
    ax.legend(loc="center right", fontsize=8)
    ax.set_title(title, fontsize=11)
    return fig
