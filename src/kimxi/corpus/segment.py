"""Sentences, quoted passages and who speaks in them.

The rules, in the order they are applied (the notebook ``01_corpus`` shows
them at work on every sentence):

1. **Sentences.** Each content paragraph is split by nupunkt (a maintained,
   offline Punkt implementation that ships its model); spans are offsets into
   the raw text, so ``raw[start:end] == text`` for every sentence.
2. **Quoted passages.** Curly double quotes, straight double quotes and curly
   single quotes that open after a space (so the apostrophe of "China's" is
   not a quote) delimit a quoted passage. A passage may run across sentence
   boundaries; one left open runs to the end of its paragraph.
3. **Who is quoted.** The text outside quotation marks around a passage (all
   sentences it touches) is searched for a speaker, in this order:
   ``verb_after``: a speech verb after the passage names the speaker next to
   it ("..., said Kim Han-kwon", "..., the message also said");
   ``subject_before``: the nearest speaker mention before the passage that is
   followed by a speech or attitude verb or by the passage itself ("Mr Xi told
   ...", "Mr Kim also "extended ...""); ``in_the_words_of``: "In the words of
   X", "According to X"; ``carried_over``: otherwise the speaker of the
   closest earlier passage in the same or previous paragraph (scare quotes that
   echo a source just cited). A passage with none of these is ``unattributed``.
   A bare "Kim" names the Kim most recently quoted (the analyst Kim Han-kwon
   in art-000), otherwise Kim Jong Un.
4. **Speaker class of a sentence.** The class of the quoted speaker when
   quoted words make up at least half of the sentence's characters; otherwise
   ``narration`` (the journalist's or columnist's own voice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import nupunkt
import pandas as pd

from kimxi.corpus.articles import PARAGRAPH_COLUMNS, Article, load_articles, paragraph_rows
from kimxi.io import chunks
from kimxi.io.tables import write_tables

SPEAKER_CLASSES = ("narration", "dprk", "prc", "analyst", "other")

# Mentions of a speaker, longest first so "Kim Jong Un" wins over "Kim".
# (pattern, speaker, class). Matched case-insensitively outside quotation marks.
SPEAKERS: tuple[tuple[str, str, str], ...] = (
    (r"Korean Central News Agency|KCNA|state-run central news agency", "KCNA", "dprk"),
    (r"Rodong Sinmun", "Rodong Sinmun", "dprk"),
    (r"Kim Jong[ -]Un|North Korean leader|Mr Kim", "Kim Jong Un", "dprk"),
    (r"the message", "Kim Jong Un (message text)", "dprk"),
    (r"Kim Han-kwon", "Kim Han-kwon (Korea National Diplomatic Academy)", "analyst"),
    (r"professor|analysts?|experts?|researchers?", "analyst", "analyst"),
    (r"Xi Jinping|Mr Xi|President Xi|\bXi\b", "Xi Jinping", "prc"),
    (r"Global Times", "Global Times", "prc"),
    (r"China Daily", "China Daily", "prc"),
    (r"Xinhua", "Xinhua", "prc"),
    (r"People's Daily|People’s Daily", "People's Daily", "prc"),
    (r"Chinese state media|Chinese foreign ministry|Hua Chunying", "PRC official media", "prc"),
    (r"\bKim\b", "Kim", "?"),  # resolved by anaphora
)
_MENTION = re.compile("|".join(f"(?P<m{i}>{p})" for i, (p, _, _) in enumerate(SPEAKERS)),
                      re.IGNORECASE)

_SPEECH_VERBS = (r"said|says|told|tells|added|stated|reported|wrote|expressed|extended|"
                 r"wished|wishing|hoped|sent|stressed|called|urged|praised|congratulated|"
                 r"described|noted|declared|warned")
# What may stand between a subject and its passage: auxiliaries, then a speech
# verb, or nothing more (the passage itself follows: 'Mr Kim also "extended ..."').
_AFTER = re.compile(rf"^\W*(?:(?:also|has|had|have|was|then)\s+)*(?:(?:{_SPEECH_VERBS})\b|\s*$)",
                    re.IGNORECASE)
_VERB_AFTER = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
_IN_WORDS = re.compile(r"\b(?:in the words of|according to)\s+(?:the\s+)?(?P<who>[^,]+)",
                       re.IGNORECASE)

_OPEN_CLOSE = {"“": "”", '"': '"', "‘": "’"}
_OPENERS = re.compile("[" + "".join(_OPEN_CLOSE) + "]")


@dataclass
class Quote:
    """A quoted passage: inner span (without the marks) in the raw text, and its speaker."""

    article_id: str
    paragraph: int
    start: int
    end: int
    speaker: str = "unattributed"
    speaker_class: str = "other"
    rule: str = "unattributed"


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (shifted by ``offset``), whitespace trimmed, none empty."""
    spans = []
    for sentence, (start, _end) in nupunkt.sent_spans_with_text(text):
        lead = len(sentence) - len(sentence.lstrip())
        trail = len(sentence.rstrip())
        if trail > lead:
            spans.append((offset + start + lead, offset + start + trail))
    return spans


def find_quotes(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Inner spans of the quoted passages of one paragraph ``text`` (shifted by ``offset``).

    A curly single quote opens only at the start or after whitespace or an
    opening bracket, and closes only before a non-letter, so apostrophes are
    not quotes. An unclosed passage runs to the end of the paragraph; a passage with
    nothing but white space in it (a lone mark, as at the end of ``kcna-20180309-06``) is
    not a quotation.
    """
    spans, i = [], 0
    while (opening := _OPENERS.search(text, i)) is not None:
        i = opening.start()
        ch = text[i]
        if ch == "‘" and i > 0 and text[i - 1] not in " \t\n([":
            i += 1  # an apostrophe's mark, not a quote
            continue
        j = _closing(text, i + 1, _OPEN_CLOSE[ch])
        if text[i + 1:j].strip():  # a lone mark (at a paragraph's end) quotes nothing
            spans.append((offset + i + 1, offset + j))
        i = j + 1
    return spans


def _closing(text: str, start: int, closer: str) -> int:
    """Where ``closer`` closes a passage opened before ``start``; the end of ``text`` if none.
    A curly single quote followed by a letter is an apostrophe and closes nothing."""
    j = text.find(closer, start)
    while j != -1 and closer == "’" and j + 1 < len(text) and text[j + 1].isalpha():
        j = text.find(closer, j + 1)
    return len(text) if j == -1 else j


def _visible(text: str) -> int:
    """The characters of ``text`` that are not white space (``str.isspace``)."""
    return len("".join(text.split()))


def _mask(text: str, start: int, quotes: list[tuple[int, int]]) -> str:
    """``text`` (starting at raw offset ``start``) with quoted passages and marks blanked."""
    chars = list(text)
    for q_start, q_end in quotes:
        for k in range(max(q_start - 1, start), min(q_end + 1, start + len(text))):
            chars[k - start] = " "
    return "".join(chars)


def _speaker_of(mention: re.Match) -> tuple[str, str]:
    for i, (_, speaker, cls) in enumerate(SPEAKERS):
        if mention.group(f"m{i}") is not None:
            return speaker, cls
    raise AssertionError("a mention matched no speaker")  # pragma: no cover


class _Attributor:
    """Applies the rules of the module docstring to one article's passages in order."""

    def __init__(self) -> None:
        self.last_kim: tuple[str, str] | None = None
        self.history: list[Quote] = []

    def resolve(self, speaker: str, cls: str) -> tuple[str, str]:
        if cls == "?":
            return self.last_kim or ("Kim Jong Un", "dprk")
        if speaker.startswith("Kim"):
            self.last_kim = (speaker, cls)
        return speaker, cls

    def attribute(self, quote: Quote, context: str, ctx_start: int) -> None:
        q0, q1 = quote.start - ctx_start, quote.end - ctx_start
        after = context[q1 + 1:]
        before = context[:max(q0 - 1, 0)]
        found = self._verb_after(after) or self._subject_before(before) or self._in_words(before)
        if found:
            (speaker, cls), rule = found
            quote.speaker, quote.speaker_class = self.resolve(speaker, cls)
            quote.rule = rule
        else:
            earlier = [q for q in self.history if q.paragraph >= quote.paragraph - 1
                       and q.rule != "unattributed"]
            if earlier:
                quote.speaker, quote.speaker_class = earlier[-1].speaker, earlier[-1].speaker_class
                quote.rule = "carried_over"
        self.history.append(quote)

    @staticmethod
    def _verb_after(after: str):
        # Only the clause right after the passage: up to the end of the sentence.
        clause = re.split(r"[.!?](?:\s|$)", after, maxsplit=1)[0]
        verb = _VERB_AFTER.search(clause)
        if not verb:
            return None
        # "..., said Kim Han-kwon": the speaker follows the verb ...
        tail = re.split(r"[,.;]", clause[verb.end():], maxsplit=1)[0]
        mention = _MENTION.search(tail)
        if mention and tail[:mention.start()].strip(" ").lower() in ("", "the"):
            return _speaker_of(mention), "verb_after"
        # ... or "..., the message also said": it precedes the verb in the same clause.
        head = re.split(r"[,;]", clause[:verb.start()])[-1]
        mentions = list(_MENTION.finditer(head))
        if mentions:
            return _speaker_of(mentions[-1]), "verb_after"
        return None

    @staticmethod
    def _subject_before(before: str):
        for mention in reversed(list(_MENTION.finditer(before))):
            if _AFTER.search(before[mention.end():]):
                return _speaker_of(mention), "subject_before"
        return None

    @staticmethod
    def _in_words(before: str):
        match = _IN_WORDS.search(before)
        if match:
            mention = _MENTION.search(match.group("who"))
            if mention:
                return _speaker_of(mention), "in_the_words_of"
        return None


SENTENCE_COLUMNS = ["sentence_id", "article_id", "paragraph", "sentence", "start", "end", "text",
                    "n_words", "quote_chars", "quote_share", "speaker_class", "speaker", "rule",
                    "quote_speaker_class", "quote_ids"]
QUOTE_COLUMNS = ["quote_id", "article_id", "paragraph", "start", "end", "text", "speaker",
                 "speaker_class", "rule"]


def segment_article(article: Article) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(sentences, quotes)`` of one article, in reading order.

    sentences: sentence_id (``art-000-p04-s01``: paragraph numbers count every
    block of the raw file), article_id, paragraph, sentence, start, end, text,
    n_words, quote_chars, quote_share, speaker_class, speaker, rule, quote_ids.
    quotes: quote_id (``art-000-q01``), article_id, paragraph, start, end, text,
    speaker, speaker_class, rule.
    """
    sentence_rows, quote_rows = _article_rows(article, paragraph_rows(article))
    return (pd.DataFrame(sentence_rows, columns=SENTENCE_COLUMNS),
            pd.DataFrame(quote_rows, columns=QUOTE_COLUMNS))


def _article_rows(article: Article, paragraphs: list[dict], speakers: bool = True
                  ) -> tuple[list[dict], list[dict]]:
    """The rows of :func:`segment_article`, from the article's :func:`paragraph_rows`; without
    ``speakers`` the attribution rules are not run (their columns are blanked later)."""
    text = article.text
    attributor = _Attributor()
    sentence_rows, quotes = [], []
    for para in paragraphs:
        if para["kind"] != "content":
            continue
        p_start, p_end, p_number = para["start"], para["end"], para["paragraph"]
        spans = split_sentences(text[p_start:p_end], p_start)
        para_quotes = [Quote(article.article_id, p_number, s, e)
                       for s, e in find_quotes(text[p_start:p_end], p_start)]
        for quote in para_quotes if speakers else ():
            touched = [(s, e) for s, e in spans if s < quote.end + 1 and e > quote.start - 1]
            ctx_start, ctx_end = touched[0][0], touched[-1][1]
            context = _mask(text[ctx_start:ctx_end], ctx_start,
                            [(q.start, q.end) for q in para_quotes])
            # Keep the passage's own place visible to the rules as spaces.
            attributor.attribute(quote, context, ctx_start)
        quotes.extend(para_quotes)
        for n, (start, end) in enumerate(spans, start=1):
            inside = [(q, max(start, q.start), min(end, q.end)) for q in para_quotes
                      if q.start < end and q.end > start]
            sentence = text[start:end]
            visible = _visible(sentence)
            quoted = sum(_visible(text[s:e]) for _, s, e in inside)
            share = quoted / visible if visible else 0.0
            main = max(inside, key=lambda t: t[2] - t[1])[0] if inside else None
            is_quoted = main is not None and share >= 0.5
            sentence_rows.append(dict(
                sentence_id=f"{article.article_id}-p{p_number:02d}-s{n:02d}",
                article_id=article.article_id, paragraph=p_number, sentence=n,
                start=start, end=end, text=sentence, n_words=len(sentence.split()),
                quote_chars=quoted, quote_share=round(share, 3),
                speaker_class=main.speaker_class if is_quoted else "narration",
                speaker=main.speaker if is_quoted else "author",
                rule=main.rule if is_quoted else ("quote_under_half" if inside else "no_quote"),
                quote_speaker_class=main.speaker_class if main else "",
                _quotes=[q for q, _, _ in inside]))
    quote_ids = {id(q): f"{article.article_id}-q{n:02d}" for n, q in enumerate(quotes, start=1)}
    for row in sentence_rows:
        row["quote_ids"] = " ".join(quote_ids[id(q)] for q in row.pop("_quotes"))
    quote_rows = [dict(quote_id=quote_ids[id(q)], article_id=q.article_id, paragraph=q.paragraph,
                       start=q.start, end=q.end, text=text[q.start:q.end], speaker=q.speaker,
                       speaker_class=q.speaker_class, rule=q.rule) for q in quotes]
    return sentence_rows, quote_rows


def _chunk_rows(articles: list[Article], speakers: bool = True
                ) -> tuple[list[dict], list[dict], list[dict]]:
    """Sentence, quote and paragraph rows of ``articles``, in article order."""
    sentences, quotes, paragraphs = [], [], []
    for article in articles:
        blocks = paragraph_rows(article)
        found = _article_rows(article, blocks, speakers)
        sentences += found[0]
        quotes += found[1]
        paragraphs += blocks
    return sentences, quotes, paragraphs


def _segment_tables(articles: list[Article], speakers: bool = True) -> tuple[pd.DataFrame, ...]:
    # One process: segmenting is cheaper than sending the articles to a second one.
    parts = chunks.run(partial(_chunk_rows, speakers=speakers), articles, 1, "segmenting",
                       unit="doc")
    return (pd.DataFrame([r for p in parts for r in p[0]], columns=SENTENCE_COLUMNS),
            pd.DataFrame([r for p in parts for r in p[1]], columns=QUOTE_COLUMNS),
            pd.DataFrame([r for p in parts for r in p[2]], columns=PARAGRAPH_COLUMNS))


def segment_corpus(articles: list[Article]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(sentences, quotes)`` of every article, concatenated in article order."""
    return _segment_tables(articles)[:2]


def corpus_tables(articles: list[Article], speakers: bool = True) -> dict[str, pd.DataFrame]:
    """Every table the corpus notebook writes, keyed by file stem.

    ``sentences`` and ``article_quotes`` (see :func:`segment_article`), and
    ``paragraphs``: every block of every raw file with its kind, and for
    furniture the rule that removed it and why. Without ``speakers``, the tables of
    :func:`without_speakers`, and the attribution rules are not run at all.
    """
    sentences, quotes, paragraphs = _segment_tables(articles, speakers)
    tables = {"sentences": sentences, "article_quotes": quotes, "paragraphs": paragraphs}
    return tables if speakers else without_speakers(tables)


SPEAKER_COLUMNS = ("speaker_class", "speaker", "rule", "quote_speaker_class")


def without_speakers(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of :func:`corpus_tables` with their speaker columns left empty.

    The speaker classes are rules written for the collection's two articles (who is
    quoted: Kim, Xi, KCNA relaying Kim, the analyst, a paper). On another corpus
    they would mislabel, so for a researcher's own corpus they are left out; the
    quoted passages and each sentence's quoted share stay.
    """
    out = dict(tables)
    for name in ("sentences", "article_quotes"):
        frame = tables[name].copy()
        for column in SPEAKER_COLUMNS:
            if column in frame.columns:
                frame[column] = ""
        out[name] = frame
    return out


def build_corpus(meta_path: str | Path, raw_dir: str | Path,
                 out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Load and verify the articles, segment them, then write the tables to ``out_dir``.

    Everything is checked before anything is written: a DataError from loading
    leaves ``out_dir`` untouched. Returns the tables written.
    """
    built = corpus_tables(load_articles(meta_path, raw_dir))
    write_tables({Path(out_dir) / f"{name}.csv": frame for name, frame in built.items()})
    return built
