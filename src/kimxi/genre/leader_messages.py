"""The genre's table: every leader-to-leader message KCNA carried, by documented rules.

One row per article that :mod:`kimxi.archive.genre` calls a ``leader message`` (an
article that lists many messages at once, such as Kim's replies to the leaders
who greeted the DPRK's founding day, is one row, ``foreign_country``
``several``). The rules, applied to the title and to the text of the committed
sentences (``data/kcna/sentences.csv``, which holds every sentence of these
articles), so the table is rebuilt on a clone without the archive:

- ``sender`` and ``recipient``: the DPRK party and the foreign office and
  country below, in the message's direction (KCNA often names the foreign
  leader by office only, so no person is extracted for the foreign side).
- ``direction``: ``to DPRK`` when the title names a DPRK leader or the WPK
  before "from" ("Greetings to Kim Jong Un from Lao President"), says a DPRK
  leader "receives", is addressed "to" a DPRK leader by name ("Congratulatory letter to
  Kim Jong Il"), or names a sender after "from" with no DPRK side and no verb of sending
  before it ("Greetings from Hu Jintao"); otherwise ``from DPRK``.
- ``dprk_party``: the first of Kim Jong Un, Kim Yong Nam, Pak Pong Ju and the
  WPK Central Committee named in the first sentence.
- ``foreign_country``: the foreign countries of the title (else of the first
  sentence, else of the whole text) by :mod:`kimxi.archive.mentions`; ``several`` when
  more than one.
- ``foreign_office``: from the title with the DPRK side's names removed: a
  party word (party, C.C., central committee, congress, LPRP, ANC, leader)
  makes it ``party``; president, king, emir, sultan, captains regent,
  governor-general ``head of state``; premier, prime minister, PM, chancellor
  ``head of government``; else ``other``.
- ``occasion``: the first of :data:`OCCASIONS` whose words stand in the title,
  else in the text (a reply is a reply whatever it answers; KCNA calls the DPRK's
  founding day its "birthday", so a national day is tried before a birthday).
- ``date_sent``: the day the text gives ("on March 17", "on Mar. 23"; else a
  weekday of the first sentence, "... on Wednesday", resolved to the last such
  day on or before the article's date); empty when it gives none.
- ``n_words``: words of the text after KCNA's dateline.
- formulae (``data/lexicon/formulae.csv``): each formula's pattern searched in
  the message's sentences after the first (KCNA's report line naming the
  offices), or in the only sentence; ``n_formulae`` counts them.
- tone: the mean tone of the article's sentences on the measure validated in
  notebook 05 (``measure_score`` of ``sentence_features.csv``, ``tone_mean``) and
  the share it calls cooperative (``cooperative_share``).
- ``reply_names``: the occasions the text names (``;``-joined, of :data:`OCCASIONS`
  other than reply and thanks): for a reply, what it says it answers; ``ordinals``: the
  ordinal numbers it names ("55th anniversary", "52nd birthday").
- ``answered_by`` and ``answer_days``: for a message that is not itself a
  reply, the first later reply in the other direction, with the same DPRK
  party (Kim Jong Un and the WPK Central Committee he chairs count as one),
  to or from the same country, within :data:`ANSWER_DAYS` days, **whose text
  names the message's occasion** and, where both name one, the same ordinal
  (analysis plan, entry P5; a reply received the day the message was sent counts), and the
  days between their dates. Every pairing the rule made was read by hand
  (``data/kcna/handcheck/pairings_check.csv``); the two it found wrong (the reply answers
  another message) are skipped, and the next reply is tried.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from kimxi.archive import mentions
from kimxi.io.paths import DATA
from kimxi.io.schema import Column
from kimxi.io.tables import read_table

FORMULAE_CSV = DATA / "lexicon" / "formulae.csv"
ANSWER_DAYS = 90
DIRECTIONS = ("from DPRK", "to DPRK")
OFFICES = ("head of state", "head of government", "party", "other")
OCCASIONS = (
    ("reply", r"\b[Rr]eply\b|\bin reply\b|\breplied\b"),
    ("condolence", r"\b[Ss]ympath\w*|\b[Cc]ondolence\w*|\b[Cc]onsolation\b|\bmourn\w*|"
                   r"\bdisaster\b|\bearthquake\b|\bhurricane\b|\bflood\w*|\baccident\b|\bvictims\b"),
    ("new year", r"\bNew Year\b"),
    ("election", r"\belect\w*|\bre-elect\w*|\breelect\w*|\binaugurat\w*|\bassum\w*|"
                 r"\btook office\b|\btaking office\b|\bappoint\w*|\bsworn\b|\bre-assumption\b"),
    # A national day before a congress: the text of a greeting on the PRC's founding day names
    # the party's congress too; "Liberation" in a title is a party's name ("Popular Liberation
    # Movement"), unless of a day.
    ("national day", r"\b[Nn]ational [Dd]ay\b|\b[Ii]ndependence\b|\b[Ff]ounding\b|"
                     r"\b[Aa]nniversary\b|\bliberation\b|\bLiberation Day\b|\b[Rr]evolution\b|"
                     r"\bholiday\b"),
    ("congress", r"\b[Cc]ongress\b|\b[Cc]onference\b"),
    ("birthday", r"\bbirthday\b"),
    ("thanks", r"\bthanks\b|\bgratitude\b"),
)
_OCCASION_RE = [(name, re.compile(p)) for name, p in OCCASIONS]
# The DPRK's leaders of 1997-2018: Kim Jong Il (to Dec 2011) and Kim Jong Un, Kim Yong Nam
# (President of the SPA Presidium from 1998), and the premiers: Hong Song Nam (1997-2003),
# Pak Pong Ju (2003-07, 2013-19), Kim Yong Il (2007-10), Choe Yong Rim (2010-13).
_DPRK_PARTIES = (("Kim Jong Un", r"Kim Jong Un"), ("Kim Jong Il", r"Kim Jong Il"),
                 ("Kim Yong Nam", r"Kim Yong Nam"), ("Pak Pong Ju", r"Pak Pong Ju"),
                 ("Hong Song Nam", r"Hong Song Nam"), ("Kim Yong Il", r"Kim Yong Il"),
                 ("Choe Yong Rim", r"Choe Yong Rim"),
                 ("WPK Central Committee", r"Central Committee of the Workers' Party of Korea|"
                                           r"WPK Central Committee|C\.C\., (?:the )?WPK"))
_DPRK_NAMES = (r"Kim Jong Un|Kim Jong Il|Kim Yong Nam|Pak Pong Ju|Hong Song Nam|Kim Yong Il|"
               r"Choe Yong Rim")
_DPRK_WORDS = re.compile(_DPRK_NAMES + r"|WPK(?: Central Committee)?|DPRK|C\.C\., WPK")
_TO_DPRK = re.compile(r"(?:" + _DPRK_NAMES + r"|WPK|DPRK)\b.*\bfrom\b|"
                      r"^(?:" + _DPRK_NAMES + r") Receives\b|"
                      # "Congratulatory letter to (Gen.-Secy.) Kim Jong Il": addressed to him
                      r"\b[Tt]o (?:[A-Z][\w.-]*\.? ?){0,2}(?:" + _DPRK_NAMES + r")\b")
_PARTY = re.compile(r"\bParty\b|\bC\.C\.|\bCentral Committee\b|\bCongress\b|\bConference\b|"
                    r"\bLPRP\b|\bANC\b|\bLeaders?\b|\bRaul Castro\b")
_SENDS = re.compile(r"\b(?:Sends?|Sent|Conveys?|Expresses)\b")
_STATE = re.compile(r"\bPres\.|\bJiang Zemin\b|\bHu Jintao\b|\bPresidents?(?:-elect)?\b|"
                    r"\bKing\b|\bEmir\b|\bSultan\b|"
                    r"\bCaptains Regent\b|\bGovernor-General\b|\bXi Jinping\b|\bPutin\b")
_GOVERNMENT = re.compile(r"\bPM\b|\bPremier\b|\bPrime Minister\b|\bChancellor\b")
_DATELINE = re.compile(r"^.*?\(KCNA\)\s*--\s*", re.S)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                        "sep", "oct", "nov", "dec"), start=1)}
_ON_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_ON_DATE = re.compile(r"\bon (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? "
                      r"(\d{1,2})\b")

FORMULA_COLUMNS = (Column("formula"), Column("pattern"), Column("note", required=False))
COLUMNS = ["id", "date", "title", "direction", "dprk_party", "foreign_country",
           "foreign_office", "occasion", "date_sent", "n_words", "n_sentences"]


def _SIDE(party: str) -> str:  # noqa: N802 - used as a mapping
    """Kim Jong Un answers for the WPK Central Committee he chairs (Xi's reply of 1 Nov 2017
    thanks both), as Kim Jong Il, its general secretary, did before him; the others answer for
    themselves."""
    return ("Kim Jong Un" if party in ("Kim Jong Un", "Kim Jong Il", "WPK Central Committee")
            else party)


def load_formulae(path: str | Path = FORMULAE_CSV) -> dict[str, re.Pattern]:
    """The formula list: name -> compiled pattern, in the file's order."""
    table = read_table(path, FORMULA_COLUMNS, key="formula")
    return {name: re.compile(pattern) for name, pattern in zip(table.formula, table.pattern,
                                                               strict=True)}


def direction(title: str) -> str:
    """``to DPRK`` when the title names a DPRK leader before "from", says one "receives", or
    says "from" someone without naming the DPRK side before it ("Greetings from Hu Jintao");
    else ``from DPRK``."""
    if _TO_DPRK.search(title):
        return "to DPRK"
    before = re.split(r"\b[Ff]rom\b", title, maxsplit=1)
    if len(before) == 2 and not _DPRK_WORDS.search(before[0]) and not _SENDS.search(before[0]):
        return "to DPRK"
    return "from DPRK"


def dprk_party(first_sentence: str) -> str:
    found = [(m.start(), name) for name, p in _DPRK_PARTIES
             for m in [re.search(p, first_sentence)] if m]
    return min(found)[1] if found else "other"


def foreign_country(title: str, first_sentence: str, text: str = "") -> str:
    for part in (title, first_sentence, text):
        names = mentions.other_countries(part)
        names += [mentions.FOCUS_NAMES[k] for k, hit in mentions.focus_mentions(part).items()
                  if hit]
        if len(names) == 1:
            return names[0]
        if names:
            return "several"
    return ""


def foreign_office(title: str) -> str:
    rest = _DPRK_WORDS.sub(" ", title)
    if _PARTY.search(rest):
        return "party"
    if _STATE.search(rest):
        return "head of state"
    if _GOVERNMENT.search(rest):
        return "head of government"
    return "other"


def occasion(title: str, text: str) -> str:
    """The first occasion of :data:`OCCASIONS` the title names; else the first the text names."""
    for part in (title, text):
        for name, regex in _OCCASION_RE:
            if regex.search(part):
                return name
    return "other"


_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def named_occasions(text: str) -> list[str]:
    """The occasions of :data:`OCCASIONS` whose words stand in ``text``, other than reply and
    thanks (the words every reply holds)."""
    return [name for name, regex in _OCCASION_RE
            if name not in ("reply", "thanks") and regex.search(text)]


def date_sent(text: str, published: str, first_sentence: str | None = None) -> str:
    """The day the message was sent or received, as the text gives it, or ''.

    A month and day anywhere in ``text`` win; otherwise a weekday named in
    ``first_sentence`` (KCNA's report line: "... sent a message to ...,
    Saturday"), resolved to the last such day on or before ``published``.
    """
    day = dt.date.fromisoformat(published)
    match = _ON_DATE.search(text)
    if match:
        month = _MONTHS[match.group(1)[:3].lower()]
        year = day.year if month <= day.month else day.year - 1
        try:
            return dt.date(year, month, int(match.group(2))).isoformat()
        except ValueError:
            return ""
    match = _ON_WEEKDAY.search(first_sentence if first_sentence is not None else text)
    if match:
        wanted = _WEEKDAYS.index(match.group(1))
        back = (day.weekday() - wanted) % 7
        return (day - dt.timedelta(days=back)).isoformat()
    return ""


def message_table(articles: pd.DataFrame, sentences: pd.DataFrame, features: pd.DataFrame,
                  formulae: dict[str, re.Pattern] | None = None) -> pd.DataFrame:
    """One row per leader-message article (see the module docstring for every column)."""
    formulae = formulae if formulae is not None else load_formulae()
    chosen = articles[articles["genre"] == "leader message"]
    by_article = {k: g.sort_values("sentence") for k, g in
                  sentences[sentences["id"].isin(chosen["id"])].groupby("id")}
    tone = features[features["id"].isin(chosen["id"])].groupby("id")
    rows = []
    for art in chosen.itertuples(index=False):
        parts = list(by_article[art.id]["text"])
        first = _DATELINE.sub("", parts[0], count=1)
        body = " ".join(parts[1:]) if len(parts) > 1 else first
        text = " ".join([first, *parts[1:]])
        row = {"id": art.id, "date": art.date, "title": art.title,
               "direction": direction(art.title), "dprk_party": dprk_party(first),
               "foreign_country": foreign_country(art.title, first, text),
               "foreign_office": foreign_office(art.title),
               "occasion": occasion(art.title, text), "date_sent": date_sent(text, art.date, first),
               "n_words": len(text.split()), "n_sentences": len(parts),
               "reply_names": ";".join(named_occasions(text)),
               "ordinals": ";".join(sorted(set(_ORDINAL.findall(text)), key=int))}
        hits = {name: bool(regex.search(body)) for name, regex in formulae.items()}
        row.update(hits)
        row["n_formulae"] = sum(hits.values())
        rows.append(row)
    table = pd.DataFrame(rows)
    dprk = table["dprk_party"] + " (DPRK)"
    foreign = (table["foreign_office"].where(table["foreign_office"] != "other", "leader") + " of "
               + table["foreign_country"].where(table["foreign_country"] != "", "?"))
    outgoing = table["direction"] == "from DPRK"
    table.insert(4, "sender", dprk.where(outgoing, foreign))
    table.insert(5, "recipient", foreign.where(outgoing, dprk))
    scores = tone["measure_score"].mean().round(4).rename("tone_mean")
    coop = (tone["measure_class"].apply(lambda s: float((s.astype(int) == 1).mean()))
            .round(4))
    table = table.merge(scores, left_on="id", right_index=True, how="left")
    table["cooperative_share"] = table["id"].map(coop)
    return answers(table, articles)


PAIRINGS_CHECK_CSV = DATA / "kcna" / "handcheck" / "pairings_check.csv"
PAIRING_COLUMNS = (Column("message_id"), Column("reply_id"), Column("source"),
                   Column("answers", choices=("true", "false", "unclear")),
                   Column("note", required=False))


def rejected_pairings(path: str | Path = PAIRINGS_CHECK_CSV) -> set[tuple[str, str]]:
    """(message, reply) pairs the hand check of every pairing found wrong: the reply answers
    another message (``data/kcna/handcheck/README.md``)."""
    table = read_table(path, PAIRING_COLUMNS)
    wrong = table[table["answers"] == "false"]
    return set(zip(wrong["message_id"], wrong["reply_id"], strict=True))


def answers(table: pd.DataFrame, articles: pd.DataFrame,
            rejected: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Add ``answered_by`` and ``answer_days`` (see the module docstring); a pairing in
    ``rejected`` (default: :func:`rejected_pairings`) is skipped and the next reply tried."""
    rejected = rejected_pairings() if rejected is None else rejected
    countries = dict(zip(articles["id"], articles["other_countries"].fillna(""), strict=True))
    focus = {k: dict(zip(articles["id"], articles[k], strict=True)) for k in mentions.FOCUS}

    def named(article_id: str, country: str) -> bool:
        key = {v: k for k, v in mentions.FOCUS_NAMES.items()}.get(country)
        if key is not None:
            return bool(focus[key][article_id])
        return country in countries[article_id].split("; ")

    day = pd.to_datetime(table["date_sent"].where(table["date_sent"] != "", table["date"]))
    by, lag = [], []
    for i, row in table.iterrows():
        found = ("", pd.NA)
        if row.occasion != "reply" and row.foreign_country not in ("", "several"):
            later = table[(table.occasion == "reply") & (table.direction != row.direction)
                          & (table.dprk_party.map(_SIDE) == _SIDE(row.dprk_party))
                          & (day >= day[i]) & (day <= day[i] + pd.Timedelta(days=ANSWER_DAYS))]
            for j, reply in later.iterrows():
                if row.occasion not in reply.reply_names.split(";"):
                    continue  # the reply does not name what this message was about
                if (row.id, reply.id) in rejected:
                    continue  # the hand check found it answers another message
                mine, theirs = set(row.ordinals.split(";")) - {""}, set(
                    reply.ordinals.split(";")) - {""}
                if mine and theirs and not mine & theirs:
                    continue  # another anniversary ("55th" is not "72nd")
                if reply.foreign_country == row.foreign_country or (
                        reply.foreign_country == "several" and named(reply.id,
                                                                     row.foreign_country)):
                    found = (reply.id, int((day[j] - day[i]).days))
                    break
        by.append(found[0])
        lag.append(found[1])
    return table.assign(answered_by=by, answer_days=pd.array(lag, dtype="Int64"))


def reply_time(table: pd.DataFrame) -> tuple[float, int]:
    """The genre's reply time (analysis plan, entry P5): each reply's median wait over the
    messages it answers, then the median over replies; and how many replies it rests on."""
    paired = table.assign(answer_days=pd.to_numeric(table["answer_days"], errors="coerce"))
    paired = paired[paired["answered_by"].fillna("") != ""].dropna(subset=["answer_days"])
    per_reply = paired.groupby("answered_by")["answer_days"].median()
    return (float(per_reply.median()) if len(per_reply) else float("nan"), len(per_reply))


FIELDS = ("direction", "dprk_party", "foreign_country", "foreign_office", "occasion",
          "date_sent")


def agreement(table: pd.DataFrame, hand: pd.DataFrame, formulae: list[str]) -> pd.DataFrame:
    """Agreement of the rules with the hand labels, field by field, on the hand's leader messages.

    ``hand`` has the columns of ``data/kcna/handcheck/messages_labels.csv`` (text cells);
    rows the labeller did not take for leader messages are left out. The last row pools
    every formula cell.
    """
    hand = hand[hand["is_leader_message"] == "true"].set_index("id")
    rules = table.set_index("id").reindex(hand.index)
    rows = []
    for field in FIELDS:
        same = rules[field].fillna("").astype(str) == hand[field]
        rows.append({"field": field, "messages": len(same), "agree": int(same.sum()),
                     "disagreeing": "; ".join(same.index[~same])})
    cells = [(rules[f] == (hand[f] == "true")) for f in formulae]
    pooled = pd.concat(cells)
    rows.append({"field": f"formulae ({len(formulae)} per message)", "messages": len(pooled),
                 "agree": int(pooled.sum()), "disagreeing": ""})
    out = pd.DataFrame(rows)
    out.insert(3, "share", (out["agree"] / out["messages"]).round(3))
    return out
