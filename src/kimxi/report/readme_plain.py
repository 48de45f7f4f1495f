"""Words for readers: the README's summary in plain language, and the glosses of its terms.

:func:`summary` turns the facts :mod:`kimxi.report.findings` computes into one sentence per
finding that a reader without statistics can follow, each above the figure that shows it
at full width. :data:`GLOSSARY` holds the gloss of every technical term the README uses;
:func:`gloss` writes a term with its gloss at its first use, and
``tests/test_readme.py`` checks that no term appears before it is glossed.
"""

from __future__ import annotations

import re

import pandas as pd

GLOSSARY = {
    "Cohen's kappa": "how far two sets of codes agree beyond what chance alone would give: "
                     "0 is chance, 1 is perfect agreement",
    "CAMEO": "a standard codebook that names types of political acts, such as "
             "'praise' or 'threaten'",
    "Goldstein": "a standard score of how cooperative (up to +10) or hostile (down to -10) "
                 "a type of act is",
    "permutation test": "how often the same difference appears when the groups are "
                        "reshuffled at random; a small p means chance rarely does it",
    "circular-shift test": "every exchange date moved together around the calendar, to "
                           "see how often chance does as well; a small p means rarely",
    "average Jaccard": "the overlap of two ranked lists of top words, from 0 (none shared) "
                       "to 1 (the same words in the same order)",
    "TF-IDF": "a word counts more in a text the more often it occurs there and the fewer "
              "other texts use it",
    "NMF": "non-negative matrix factorisation: each text is written as a mix of a few "
           "word groups, the topics",
    "bootstrap": "the data resampled many times to see how much a figure could vary",
    "macro F1": "the mean, over the three tone classes, of a score that balances missed "
                "and wrongly claimed cases, 0 to 1",
}
# Terms a reader may meet in the README that need a gloss where they first appear; each is
# matched as a whole word, case-insensitive (the test reads this list).
TERMS = {"Cohen's kappa": r"kappa", "CAMEO": r"CAMEO", "Goldstein": r"Goldstein",
         "permutation test": r"permutation", "circular-shift test": r"circular-shift",
         "average Jaccard": r"Jaccard", "TF-IDF": r"TF-IDF", "NMF": r"NMF",
         "bootstrap": r"bootstrap", "macro F1": r"macro F1",
         "adjusted Rand index": r"adjusted Rand|\bARI\b", "silhouette": r"silhouette",
         "Cramér's V": r"Cram[eé]r's V"}


def gloss(term: str, shown: str | None = None) -> str:
    """``shown`` (default ``term``) followed by its gloss in brackets."""
    return f"{shown or term} ({GLOSSARY[term]})"


def first_use(text: str, pattern: str) -> int | None:
    """Where the term of ``pattern`` first occurs in ``text`` (None: it does not)."""
    found = re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", text, re.IGNORECASE)
    return found.start() if found else None


def _pct(value: float) -> str:
    return f"{value:.0%}"


def summary(r: dict, a: dict, g: dict, st: dict, t: dict, h: dict | None = None,
            v: dict | None = None) -> list[tuple[str, str, str]]:
    """(headline, sentence, figure) of each finding, in plain words, from the facts of
    :mod:`kimxi.report.findings` (``r`` record, ``a`` archive, ``g`` genre, ``st`` stance
    toward China, ``t`` topics, ``h`` the twenty years of messages, ``v`` both sides'
    versions)."""
    lag = r["max_lag_row"]
    items = [
        ("The leaders wrote in two bursts, with a long silence between.",
         f"Kim and Xi, and their parties, exchanged {r['n']} messages, visits and meetings "
         f"from {r['first']} to {r['last']}; for {r['gap_days']} days, from {r['gap_from']} to "
         f"{r['gap_to']}, no exchange between them was found (plan entry P3).",
         "timeline_messages"),
        ("Xi's reply of March was published only after Kim's visit to Beijing."
         if r["held_past_visit"] else "One exchange waited long to be published.",
         f"The {lag.kind} from the Chinese side received on {date(lag.date_sent)} "
         f"appeared in North Korea's state media {r['max_lag']} days later, on "
         f"{date(lag.date_reported)}; "
         + (f"all {r['n'] - 1} other exchanges were" if r["within_3"] == r["n"] - 1 else
            f"{r['within_3']} of the other {r['n'] - 1} exchanges were")
         + " reported within three days (plan entry P3).", "timeline_messages"),
    ]
    if st:
        h1 = st["stance"]
        changed = h1["p_holm"] < 0.05
        items.append((
            "While the leaders were silent, KCNA's stance toward China "
            + ("did not measurably change." if not changed else
               "cooled." if h1["difference"] < 0 else "warmed."),
            f"Reading what its articles said about China, not the tone of every sentence that "
            f"names it, and leaving out its reports of the exchanges themselves, the quiet days "
            f"averaged {h1['quiet_mean']:+.2f} on a scale from -1 (against China) to +1 (for "
            f"it), against {h1['rest_mean']:+.2f} on the other days of Oct 2017 - Mar 2018 "
            "(plan entry P1).",
            "stance_weekly"))
        items.append((
            "Most of the hostile-sounding sentences about China were not about China.",
            f"Of the {st['tone_cold']:,} sentences naming China that read as hostile in tone, "
            f"{st['tone_cold_not_against']:,} say nothing against China: the hostility is aimed "
            "at others, or China is only a place (plan entry P2).", "stance_validation"))
    if v and v["summit_prc_only"]:
        from kimxi.record.versions import TOPIC_WORDS
        from kimxi.report.words import joined

        listed = joined([TOPIC_WORDS[t] for t in v["summit_prc_only"]])
        items.append((
            "China's account of the Beijing summit spoke of things KCNA's left out.",
            f"China's version of the talks of March 2018 named {listed}; KCNA's "
            f"{v['summit_texts']} articles on the visit named none of them. The comparison "
            f"rests on what could be found: a Chinese version of {v['prc_found']} of the "
            f"{v['exchanges']} exchanges, most in excerpts, so {v['unknown']} of "
            f"{v['cells']} exchange-topic cells are unknown (plan entry P9).",
            "messages_versions"))
    if h:
        before, now, longest = h["earlier"], h["window"], h["longest"]
        sens = h["sensitivity"]
        never = bool((sens["2017-18 naming friendship"] == 0).all())
        shorter_everywhere = bool(sens["all shorter"].all())
        items.append((
            "The exchanges of October 2017 broke the longest silence in twenty years.",
            f"From {date(longest.start)} to {date(longest.end)}, {longest.days} days, KCNA "
            "carried no message between the leaders of North Korea and China, the longest "
            "such gap since 1997 (plan entry P7).", "history_silences"))
        items.append((
            "Kim's congratulations to Xi left out the word 'friendship'."
            if not now["friendship"].any() else
            "Kim's congratulations to Xi kept the word 'friendship'.",
            f"Set beside the North Korean side's earlier congratulations to China's leaders on "
            f"an election ({_join_years(before['date'])}), which ran "
            f"{int(before['n_words'].min())}-{int(before['n_words'].max())} words and "
            f"{int(before['friendship'].sum())} of {len(before)} of which spoke of friendship, "
            f"Kim's of October 2017 and March 2018 ran "
            f"{' and '.join(str(int(w)) for w in now['n_words'])} words and "
            f"{int(now['friendship'].sum())} of {len(now)} did"
            + ("; the omission holds however the comparison is drawn" if never else "")
            + ("" if shorter_everywhere else
               ", their shortness does not (notebook 09's sensitivity table)")
            + " (plan entry P6).",
            "history_elections"))
    return items


def _join_years(dates) -> str:
    years = [str(d)[:4] for d in dates]
    return ", ".join(years[:-1]) + " and " + years[-1] if len(years) > 1 else "".join(years)


def date(value) -> str:
    """A day as the README writes it: 5 Apr 2018."""
    return f"{pd.Timestamp(value):%-d %b %Y}"


def render(items: list[tuple[str, str, str]]) -> list[str]:
    """The plain summary as markdown lines: headline, sentence, full-width figure."""
    lines = []
    for n, (headline, sentence, figure) in enumerate(items, 1):
        lines += [f"**{n}. {headline}** {sentence}", "",
                  f"![{headline}](figures/{figure}.png)", ""]
    return lines
