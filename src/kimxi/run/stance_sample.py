"""Draw the stance gold set: sentences naming China, from KCNA 1997-2018 and Rodong Sinmun.

The sample is fixed by a seed and drawn before any unit is coded (``data/gold/stance/``,
codebook 2.0 in ``CODEBOOK.md`` there). It has three parts:

**Random strata.** Every sentence of KCNA's English archive 1997-2018 that names China
(:data:`CHINA`) falls in one of :data:`PERIODS` by its date and one of :data:`GENRES` by its
article (:func:`genre_of`): leader messages and visits; commentaries and statements; reports
of third parties (any other article whose title names a foreign country or an organisation
of Koreans abroad); the rest. From each of the 20 cells :data:`PER_CELL` sentences are drawn
at random, at most :data:`PER_ARTICLE` from one article.

**The search for unfavourable stance.** Criticism of China is rare in KCNA and mostly
veiled; a random sample would hold a handful. Every sentence found by :data:`SEARCHES` (a
stated search, before any coding) is a candidate: every sentence of the commentaries,
statements and signed articles of 2016 - Apr 2018 whose title names China, Chinese media or
"a certain" or "neighbouring country"; sentences of commentaries and statements that name
Chinese official media; sentences of 2017 that speak of "a certain country" or "a
neighbouring country"; and sentences naming China in the commentaries and statements of Feb
2017 - Dec 2017 that speak of sanctions. :data:`SEARCH_UNITS` gives how many are drawn from
each search (all of the smaller ones), at most :data:`PER_SEARCH_ARTICLE` from one article.
Veiled sentences do not name China: they are in the gold set because the codebook counts
them (S7), and the unit table marks how the target is met (``mention``).

**Out of domain.** :data:`RODONG_UNITS` sentences naming China from the Rodong Sinmun sample
(CC BY 4.0), 2018-2021, at most one per article.

Sentences of fewer than :data:`MIN_WORDS` words are not drawn, nor a text already drawn
(compared in lower case). ``kimxi stance-sample ARCHIVE RODONG`` writes ``units.csv`` (the
unit, its stratum, period, genre, article, date, title, span and text) and
``coding_sheet.csv`` (what a coder sees: unit id, target, title and text, in a seeded
shuffle).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from kimxi.archive import genre as archive_genre
from kimxi.archive.load import split_text
from kimxi.archive.mentions import focus_mentions, other_countries
from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, relative
from kimxi.io.tables import write_tables

SEED = 19970101
MIN_WORDS = 6
PER_CELL = 20
PER_ARTICLE = 2
# Units drawn from each search, in the order of SEARCHES (a sentence meets the first search it
# fits), and the most from one article.
SEARCH_UNITS = {"titled on China, 2016-18": 110, "Chinese media in a commentary": 30,
                "a certain country, 2017": 20, "sanctions, Feb-Dec 2017": 20}
PER_SEARCH_ARTICLE = 30
RODONG_UNITS = 40
STANCE_DIR = DATA / "gold" / "stance"
TARGET = "China"

# A sentence names China: the country, its people, capital, state and party, its leaders of
# the period (the 2017-18 rule of kimxi.archive.mentions, with Jiang Zemin and Hu Jintao).
CHINA = re.compile(r"\bChina\b|\bChinese\b|\bBeijing\b|\bPRC\b|\bCPC\b|\bSino-|"
                   r"\bXi Jinping\b|\bHu Jintao\b|\bJiang Zemin\b")
PERIODS = (("1997-2005", "1997-01-01", "2005-12-31"),
           ("2006-2011", "2006-01-01", "2011-12-31"),
           ("2012-2016", "2012-01-01", "2016-12-31"),
           ("2017 to August", "2017-01-01", "2017-08-31"),
           ("Sep 2017 - Apr 2018", "2017-09-01", "2018-04-26"))
GENRES = ("leader messages and visits", "commentaries and statements",
          "reports of third parties", "the rest")
ABROAD = re.compile(r"\bKorean.{0,40}\bin (?:China|Japan)\b|\bKoreans? (?:in|Residents in)\b|"
                    r"\bChongryon\b|\bAbroad\b", re.I)
COMMENTARY_TITLE = re.compile(r"\bCommentary\b|\bStatement\b|\bSpokesman\b|\bArticle\b|"
                              r"\bEditorial\b|\bMemorandum\b|\bWhite Paper\b", re.I)
CHINESE_MEDIA = re.compile(r"People'?s Daily|Global Times|Huanqiu|Xinhua|Chinese media",
                           re.I)
VEILED = re.compile(r"\ba certain country\b|\bneighbou?ring country\b|\bcertain countries\b|"
                    r"\bbig power chauvinis|\bcalls itself (?:a|our) friend", re.I)
SANCTION = re.compile(r"\bsanction", re.I)
TITLE_CHINA = re.compile(CHINA.pattern + "|" + VEILED.pattern + r"|Chinese Media", re.I)
SEARCHES = {
    "titled on China, 2016-18": "every sentence of a commentary, statement or signed article "
                                "of 2016 - Apr 2018 whose title names China, Chinese media, "
                                "'a certain country' or 'a neighbouring country', other than "
                                "titles naming Koreans in China or reporting a Chinese paper",
    "Chinese media in a commentary": "a commentary or statement whose text names People's "
                                     "Daily, Global Times, Huanqiu, Xinhua or 'Chinese "
                                     "media': its sentences naming China or those media",
    "a certain country, 2017": "a sentence of 2017 naming 'a certain country', 'a "
                               "neighbouring country', 'big power chauvinism' or a country "
                               "that 'calls itself a friend'",
    "sanctions, Feb-Dec 2017": "a sentence naming China in a commentary or statement of "
                               "Feb-Dec 2017 whose text speaks of sanctions",
}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def genre_of(titles: pd.Series, texts: pd.Series, ids: pd.Series) -> pd.Series:
    """The stratum genre of each article (see the module docstring), by the archive's genre
    rules (:mod:`kimxi.archive.genre`) and its title."""
    foreign = [any(focus_mentions(t).values()) or bool(other_countries(t)) for t in titles]
    found = archive_genre.genre_table(ids, titles, texts, foreign)["genre"].to_numpy()
    commentary = titles.str.contains(COMMENTARY_TITLE).to_numpy()
    third = (np.asarray(foreign) | titles.str.contains(ABROAD).to_numpy())
    out = np.select([np.isin(found, ["leader message", "visit or talks"]),
                     (found == "commentary or article") | commentary, third],
                    list(GENRES[:3]), default=GENRES[3])
    return pd.Series(out, index=titles.index, name="genre")


def period_of(dates: pd.Series) -> pd.Series:
    """The period of :data:`PERIODS` of each ISO date ("" outside them)."""
    out = pd.Series("", index=dates.index, name="period")
    for name, first, last in PERIODS:
        out[(dates >= first) & (dates <= last)] = name
    return out


def archive_sentences(archive: pd.DataFrame) -> pd.DataFrame:
    """The sentences of the articles that name China or match a search, with the article's
    date, title, genre and period, and whether each sentence names China."""
    text = archive["text"]
    candidates = archive[text.str.contains(CHINA) | text.str.contains(VEILED)
                         | text.str.contains(CHINESE_MEDIA)].copy()
    candidates["genre"] = genre_of(candidates["title"], candidates["text"], candidates["id"])
    candidates["period"] = period_of(candidates["date"])
    rows = []
    for article in candidates.itertuples(index=False):
        flags = commentary_text_flags(article.text)
        for number, (_, start, end) in enumerate(split_text(article.text), start=1):
            sentence = article.text[start:end]
            if len(sentence.split()) >= MIN_WORDS:
                rows.append((f"{article.id}-s{number:03d}", article.id, article.date,
                             article.title, article.genre, article.period, start, end,
                             sentence, flags))
    out = pd.DataFrame(rows, columns=["unit_id", "article_id", "date", "title", "genre",
                                      "period", "start", "end", "text", "flags"])
    out["names_china"] = out["text"].str.contains(CHINA)
    return out


def commentary_text_flags(text: str) -> str:
    """Which searches the whole article's text meets ("media", "sanctions"), ';'-joined."""
    flags = []
    if CHINESE_MEDIA.search(text):
        flags.append("media")
    if SANCTION.search(text):
        flags.append("sanctions")
    return ";".join(flags)


def search_stratum(sentences: pd.DataFrame) -> pd.Series:
    """The search of :data:`SEARCHES` each sentence meets first ("" for none)."""
    commentary = sentences["genre"] == "commentaries and statements"
    media = (commentary & sentences["flags"].str.contains("media")
             & (sentences["names_china"] | sentences["text"].str.contains(CHINESE_MEDIA)))
    veiled = (sentences["date"].str.startswith("2017")
              & sentences["text"].str.contains(VEILED))
    sanctions = (commentary & sentences["names_china"]
                 & sentences["flags"].str.contains("sanctions")
                 & (sentences["date"] >= "2017-02-01") & (sentences["date"] <= "2017-12-31"))
    signed = sentences["title"].str.contains(r"[Ww]ritten by|Commentary|Article|Statement|"
                                             r"Spokesman|Analyst")
    # Titles that name China only as where Koreans abroad live, or that report what a
    # Chinese paper or agency said, are reports of third parties, not writing about China.
    reported = sentences["title"].str.contains(ABROAD) | sentences["title"].str.contains(
        r"^(?:Chinese (?:Paper|Newspaper|News|Expert|Scholar|Daily|and)|China News)")
    titled = ((commentary | signed) & sentences["title"].str.contains(TITLE_CHINA)
              & ~reported & (sentences["date"] >= "2016-01-01"))
    names = list(SEARCHES)
    return pd.Series(np.select([titled, media, veiled, sanctions], names, default=""),
                     index=sentences.index, name="search")


def _draw(pool: pd.DataFrame, n: int, rng: np.random.Generator, seen: set[str],
          per_article: dict[str, int], limit: int) -> list:
    chosen = []
    for index in rng.permutation(pool.index.to_numpy()):
        row = pool.loc[index]
        key = _key(row["text"])
        if key in seen or per_article.get(row["article_id"], 0) >= limit:
            continue
        seen.add(key)
        per_article[row["article_id"]] = per_article.get(row["article_id"], 0) + 1
        chosen.append(index)
        if len(chosen) == n:
            break
    return chosen


def kcna_units(sentences: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """The search stratum first (so that the rare class is found), then the random cells."""
    rng = np.random.default_rng(seed)
    seen: set[str] = set()
    per_article: dict[str, int] = {}
    sentences = sentences.assign(search=search_stratum(sentences))
    units = []
    for search, n in SEARCH_UNITS.items():
        pool = sentences[sentences["search"] == search]
        picked = _draw(pool, n, rng, seen, per_article, PER_SEARCH_ARTICLE)
        units.append(sentences.loc[picked].assign(stratum=f"search: {search}"))
    named = sentences[sentences["names_china"] & (sentences["period"] != "")]
    for period, _, _ in PERIODS:
        for genre in GENRES:
            pool = named[(named["period"] == period) & (named["genre"] == genre)]
            chosen = _draw(pool, PER_CELL, rng, seen, per_article, PER_ARTICLE)
            units.append(sentences.loc[chosen].assign(stratum=f"{period} | {genre}"))
    out = pd.concat(units)
    out["mention"] = np.where(out["names_china"], "named", "veiled or media")
    return out.reset_index(drop=True)


def rodong_units(rodong: pd.DataFrame, n: int = RODONG_UNITS, seed: int = SEED) -> pd.DataFrame:
    """Sentences naming China from the Rodong Sinmun sample, one per article at most."""
    rows = []
    for doc in rodong.itertuples(index=False):
        for number, (_, start, end) in enumerate(split_text(doc.text), start=1):
            sentence = doc.text[start:end]
            if len(sentence.split()) >= MIN_WORDS and CHINA.search(sentence):
                rows.append((f"rodong-{doc.doc_id}-s{number:03d}", str(doc.doc_id), doc.date,
                             doc.title, start, end, sentence))
    pool = pd.DataFrame(rows, columns=["unit_id", "article_id", "date", "title", "start", "end",
                                       "text"])
    chosen = _draw(pool, n, np.random.default_rng(seed + 1), set(), {}, 1)
    return pool.loc[chosen].assign(stratum="Rodong Sinmun 2018-2021", genre="",
                                   period="Rodong Sinmun 2018-2021", mention="named",
                                   names_china=True, search="").reset_index(drop=True)


UNIT_COLUMNS = ["unit_id", "stratum", "period", "genre", "mention", "article_id", "date",
                "title", "start", "end", "text"]


def coding_sheet(units: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """What a coder sees: ``unit_id``, ``target``, ``title``, ``text``, in a seeded shuffle."""
    order = np.random.default_rng(seed + 2).permutation(len(units))
    sheet = units.iloc[order][["unit_id", "title", "text"]].reset_index(drop=True)
    sheet.insert(1, "target", TARGET)
    return sheet


def gold_table(pass1: pd.DataFrame, pass2: pd.DataFrame, adjudication: pd.DataFrame
               ) -> pd.DataFrame:
    """The gold codes: both passes, and for each unit the codes the passes agree on or, where
    they disagree on stance or role, the adjudicator's (``adjudication``: ``unit_id``,
    ``stance``, ``role``, ``rule``, ``note``); the note cites the rule. ValueError when a
    disagreement has no adjudication or an adjudication no disagreement."""
    both = pass1.merge(pass2, on="unit_id", suffixes=("_1", "_2"), validate="one_to_one")
    split = both[(both["stance_1"] != both["stance_2"]) | (both["role_1"] != both["role_2"])]
    if set(split["unit_id"]) != set(adjudication["unit_id"]):
        raise ValueError("the adjudicated units are not the units the passes disagree on")
    decided = adjudication.set_index("unit_id")
    gold = both["stance_1"].where(~both["unit_id"].isin(split["unit_id"]),
                                  both["unit_id"].map(decided["stance"]))
    role = both["role_1"].where(~both["unit_id"].isin(split["unit_id"]),
                                both["unit_id"].map(decided["role"]))
    note = both["unit_id"].map(decided["rule"] + ": " + decided["note"]).fillna("")
    return pd.DataFrame({"unit_id": both["unit_id"], "pass1": both["stance_1"],
                         "pass2": both["stance_2"], "gold": gold, "role": role,
                         "adjudication_note": note})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kimxi stance-sample",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path, nargs="?", help="kcna_en_1997-2018.csv.gz")
    parser.add_argument("rodong", type=Path, nargs="?", help="rodong_sinmun_en_sample.csv")
    parser.add_argument("--out", type=Path, default=STANCE_DIR)
    parser.add_argument("--gold", action="store_true", help="write stance.csv from pass1.csv, "
                        "pass2.csv and adjudication.csv in --out, instead of drawing")
    args = parser.parse_args(argv)
    if args.gold:
        read = {name: pd.read_csv(args.out / f"{name}.csv", dtype=str, keep_default_na=False)
                for name in ("pass1", "pass2", "adjudication")}
        table = gold_table(read["pass1"], read["pass2"], read["adjudication"])
        write_tables({args.out / "stance.csv": table})
        print(f"wrote {relative(args.out / 'stance.csv')}: {len(table)} units")
        return 0
    if args.archive is None or args.rodong is None:
        parser.error("give ARCHIVE and RODONG, or --gold")
    try:
        for path in (args.archive, args.rodong):
            if not path.is_file():
                raise DataError(relative(path), "file not found")
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    # Read as it is (the sample needs id, date, title and text; one of the 119,850 addresses
    # holds left-over HTML, which the archive's loader refuses).
    archive = pd.read_csv(args.archive, dtype=str, keep_default_na=False)
    rodong = pd.read_csv(args.rodong, dtype=str, keep_default_na=False)
    units = pd.concat([kcna_units(archive_sentences(archive)), rodong_units(rodong)],
                      ignore_index=True)[UNIT_COLUMNS]
    write_tables({args.out / "units.csv": units,
                  args.out / "coding_sheet.csv": coding_sheet(units)})
    print(units.groupby("stratum", sort=False).size().to_string())
    print(f"{len(units)} units; wrote {relative(args.out / 'coding_sheet.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
