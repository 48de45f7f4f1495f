"""The README's findings, written from the processed tables and never by hand.

``python -m kimxi.report.findings`` (the last step of ``make run``) rewrites the block
between ``<!-- findings:start -->`` and ``<!-- findings:end -->`` of README.md
with :func:`render`; ``tests/test_findings.py`` fails when the committed README
says anything else, so a number in the README cannot drift from the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score

from kimxi.io import paths
from kimxi.record import exchanges as exchange_tables
from kimxi.report import performance as kimxi_performance, readme_plain
from kimxi.report.readme_plain import gloss

START, END = "<!-- findings:start -->", "<!-- findings:end -->"
PERF_START, PERF_END = "<!-- performance:start -->", "<!-- performance:end -->"
README = paths.ROOT / "README.md"
SIDE_OF = {"DPRK->PRC": "DPRK", "PRC->DPRK": "PRC", "in person": "joint"}
MEASURE_NAMES = {"tf-idf + lexicon": "a logistic regression on word pairs and the lexicon",
                 "stacked": "a logistic regression on word pairs and all three tools' scores",
                 "lexicon (stated)": "the domain lexicon",
                 "lexicon (tuned)": "the domain lexicon, threshold tuned"}


def _read(processed: Path, name: str) -> pd.DataFrame:
    from kimxi.io.processed import read

    return read(processed / f"{name}.csv", keep_default_na=False, na_values=[""])


def _date(value) -> str:
    return f"{pd.Timestamp(value):%-d %b %Y}"


def record_facts(processed: Path) -> dict:
    """Counts and dates of the exchanges (notebooks 03 and 07)."""
    ex = _read(processed, "timeline_exchanges")
    letters = ex.kind.isin(["congratulatory message", "message of thanks"])
    gaps = ex.days_since_previous.dropna()
    longest = ex.loc[gaps.idxmax()]
    before = ex.loc[gaps.idxmax() - 1]
    return {
        "n": len(ex), "first": _date(ex.date_start.min()), "last": _date(ex.date_end.max()),
        "letters": int(letters.sum()),
        "from_dprk": int((letters & (ex.direction == "DPRK->PRC")).sum()),
        "from_prc": int((letters & (ex.direction == "PRC->DPRK")).sum()),
        "in_person": int((ex.direction == "in person").sum()),
        "visits": int((ex.kind == "envoy visit").sum()),
        "gap_days": int(gaps.max()), "gap_from": _date(before.date_end),
        "gap_to": _date(longest.date_start),
        "max_lag": int(ex.lag_days.max()),
        "max_lag_row": ex.loc[ex.lag_days.idxmax()],
        "within_3": int((ex.lag_days <= 3).sum()),
        "lag_days": ex.lag_days.astype(int).tolist(),
        # Exchanges reported only once they had ended (a visit kept quiet until it was over).
        "after_end": ex[(ex.date_end > ex.date_start) & (ex.date_reported >= ex.date_end)],
        "cards": ex[ex.kind == "greeting card"],
        "in_gap": _events_between(processed, before.date_end, longest.date_start),
        "tone_counts": ex.tone.value_counts().to_dict() if "tone" in ex else {},
    }


def archive_facts(processed: Path) -> dict:
    """KCNA's weekly mentions in the first and last four weeks of the window (notebook 02)."""
    from kimxi.archive.coverage import edge_shares
    from kimxi.corpus.windows import MESSAGE_WINDOW

    edges = edge_shares(_read(processed, "archive_weekly"), MESSAGE_WINDOW)
    genres = _read(processed, "archive_genres").set_index("genre")

    return {**edges, "n_articles": int(genres.articles.sum()),
            "n_leader": int(genres.loc["leader message", "articles"]),
            "leader_coop": genres.loc["leader message", "cooperative_share"]}


def genre_facts(processed: Path, kcna_dir: Path = paths.DATA / "kcna") -> dict:
    """The China messages within their genre, and KCNA's tone on China (notebook 04)."""
    from kimxi.archive import tables as archive_tables
    from kimxi.corpus.windows import MESSAGE_WINDOW
    from kimxi.genre import compare as genre_compare
    from kimxi.record import messages

    table = _read(processed, "genre_messages").fillna({"foreign_country": "", "date_sent": ""})
    from_dprk = table.direction == "from DPRK"
    to_china = from_dprk & (table.foreign_country == "China")
    others = from_dprk & (table.foreign_country != "China")
    words = genre_compare.permutation_test(table.n_words[to_china], table.n_words[others])
    shares = _read(processed, "genre_formulae").pivot(index="formula", columns="group",
                                                      values="share")
    missing = shares[(shares["to China"] == 0)
                     & (shares["to Laos, Cuba, Vietnam, Russia"] > 0)].index.tolist()
    asked = table[(table.occasion != "reply") & ~table.foreign_country.isin(["", "several"])]
    lags = table.set_index("id").answer_days
    built = archive_tables.load_built(kcna_dir, names=("articles.csv", "sentence_features.csv"))
    gaps = exchange_tables.silences(messages.load_messages())
    quiet = (pd.Timestamp(gaps.last_day.iloc[0]) + pd.Timedelta(days=1),
             pd.Timestamp(gaps.next_day.iloc[-1]) - pd.Timedelta(days=1))
    tone = genre_compare.tone_test(built["sentence_features.csv"], built["articles.csv"], quiet,
                                   MESSAGE_WINDOW)
    return {"n_china": int(to_china.sum()), "n_others": int(others.sum()),
            "words_diff": words["difference"], "words_p": words["p_value"],
            "missing": missing, "reply_oct": int(lags["kcna-20171026-01"]),
            "reply_mar": int(lags["kcna-20180318-01"]),
            "median_reply": float(asked.answer_days.dropna().median()),
            "tone_inside": tone["mean_inside"], "tone_rest": tone["mean_rest"],
            "tone_p": tone["p_value"], "quiet_days": (quiet[1] - quiet[0]).days + 1}


# Articles left out of the comparison of the quiet stretch with the rest of the window: those
# that report the exchanges themselves (cited by the record), the leader-message and visit
# genres, and titles naming the envoy or Xi. The stretch is defined by the exchanges; their
# own reports, warm by construction, would make the comparison circular.
EXCLUDED_GENRES = ("leader message", "visit or talks")
EXCLUDED_TITLE = r"\bSong Tao\b|\bXi Jinping\b"


def like_for_like(table: pd.DataFrame, articles: pd.DataFrame, record: set[str]) -> pd.Series:
    """Which sentences of ``stance_sentences.csv`` a comparison over time may read: not in an
    article the record cites (``record``), not of :data:`EXCLUDED_GENRES`, not under a title
    naming the envoy or Xi (:data:`EXCLUDED_TITLE`), and not naming China only as a place.
    ``articles`` is the archive's articles table indexed by ``id``."""
    doc = articles.reindex(table.document_id)
    return pd.Series((~table.document_id.isin(record)).to_numpy()
                     & ~doc.genre.isin(EXCLUDED_GENRES).to_numpy()
                     & ~doc.title.str.contains(EXCLUDED_TITLE).to_numpy()
                     & (table.role != "place").to_numpy(), index=table.index)


def stance_facts(processed: Path, kcna_dir: Path = paths.DATA / "kcna") -> dict:
    """Stance toward China (notebook 08): its validation, how far tone misreads it, and the
    quiet stretch against the rest of the window, like for like (see :data:`EXCLUDED_GENRES`),
    on stance and on tone, each article's mean one observation, with permutation tests and
    their p-values adjusted together (Benjamini-Hochberg); empty without the tables."""
    from scipy.stats import false_discovery_control

    from kimxi.archive import build as archive_build, tables as archive_tables
    from kimxi.corpus.windows import MESSAGE_WINDOW
    from kimxi.genre import compare as genre_compare
    from kimxi.record import messages
    from kimxi.tone.stance import CHOSEN

    if not (processed / "stance_sentences.csv").is_file():
        return {}
    figures = _read(processed, "stance_validation")
    kappa = figures[figures.metric == "kappa"].set_index(["measure", "setting"]).estimate
    table = _read(processed, "stance_sentences")
    articles = archive_tables.load_built(kcna_dir, names=("articles.csv",))["articles.csv"]
    articles = articles.set_index("id")
    gaps = exchange_tables.silences(messages.load_messages())
    quiet = (pd.Timestamp(gaps.last_day.iloc[0]) + pd.Timedelta(days=1),
             pd.Timestamp(gaps.next_day.iloc[-1]) - pd.Timedelta(days=1))
    like = like_for_like(table, articles, set(archive_build.record_article_ids()))
    doc = articles.reindex(table.document_id)
    day = pd.to_datetime(doc.date).to_numpy()
    window = (day >= pd.Timestamp(MESSAGE_WINDOW[0])) & (day <= pd.Timestamp(MESSAGE_WINDOW[1]))
    inside = (day >= quiet[0]) & (day <= quiet[1])
    kept = table[like.to_numpy() & window]
    per_article = kept.groupby("document_id")[["stance", "tone"]].mean()
    in_quiet = per_article.index.isin(table.document_id[like.to_numpy() & window & inside])
    tests = {name: genre_compare.permutation_test(per_article[name][in_quiet],
                                                  per_article[name][~in_quiet])
             for name in ("stance", "tone")}
    adjusted = false_discovery_control([tests["stance"]["p_value"], tests["tone"]["p_value"]])
    named = table[table.role != "place"]
    from kimxi.tone.stance import load_gold

    return {"gold_units": len(load_gold()),
            "kappa_article": kappa[(CHOSEN, "held out by article")],
            "kappa_period": kappa[(CHOSEN, "held out by period")],
            "kappa_tone": kappa[("tone measure", "held out by article")],
            "sentences": len(table), "place": int((table.role == "place").sum()),
            "tone_cold_not_against": int(((table.tone == -1) & (table.stance != -1)).sum()),
            "tone_cold": int((table.tone == -1).sum()),
            "unfavourable": int((named.stance == -1).sum()),
            "favourable_share": float((named.stance == 1).mean()),
            "quiet_days": (quiet[1] - quiet[0]).days + 1,
            "kept_articles": len(per_article), "quiet_articles": int(in_quiet.sum()),
            "stance_inside": tests["stance"]["difference"] + per_article.stance[~in_quiet].mean(),
            "stance_rest": float(per_article.stance[~in_quiet].mean()),
            "stance_p": tests["stance"]["p_value"], "stance_q": float(adjusted[0]),
            "tone_inside": float(per_article.tone[in_quiet].mean()),
            "tone_rest": float(per_article.tone[~in_quiet].mean()),
            "tone_p": tests["tone"]["p_value"], "tone_q": float(adjusted[1])}


def _events_between(processed: Path, first, last) -> list[str]:
    """Titles of the labelled timeline events strictly between two dates, in date order."""
    from kimxi.timeline.events import KEY_EVENTS, KEY_SPANS

    events = _read(processed, "events")
    names = dict(KEY_EVENTS) | {span[0]: span[2] for span in KEY_SPANS}
    inside = events[(events.date_start > str(first)[:10]) & (events.date_start < str(last)[:10])
                    & events.event_id.isin(names)]
    return [names[e] for e in inside.sort_values("date_start").event_id]


def sentiment_facts(processed: Path, gold_csv: Path) -> dict:
    """The chosen tone measure and the baselines against the state-media gold set (notebook 05).

    ``gold_csv`` is the state-media gold table (``data/gold/kcna/tone.csv``).
    """
    from kimxi.tone.validation import CHOSEN

    figures = _read(processed, "sentiment_validation")
    kappa = figures[figures.metric == "kappa"].set_index(["measure", "setting"])
    chosen = _read(processed, "sentiment_by_message").best_measure.iloc[0]
    gold = pd.read_csv(gold_csv)
    kcna = gold[gold.unit_type == "kcna_sentence"]
    nested = kappa.loc[(CHOSEN, "held out")]
    return {
        "best": chosen, "best_kappa": nested.estimate, "best_low": nested.low,
        "best_high": nested.high, "rodong": kappa.loc[(CHOSEN, "Rodong Sinmun"), "estimate"],
        "textblob": kappa.loc[("TextBlob (stated)", "held out"), "estimate"],
        "vader": kappa.loc[("VADER (stated)", "held out"), "estimate"],
        "lexicon": kappa.loc[("lexicon (stated)", "held out"), "estimate"],
        "units": len(gold), "kcna_units": len(kcna), "rodong_units": len(gold) - len(kcna),
        "intercoder": cohen_kappa_score(gold.pass1, gold.pass2),
        "agreed": int((gold.pass1 == gold.pass2).sum()),
    }


def topic_facts(processed: Path) -> dict:
    """The chosen k and its stability, the China topics and their test (notebook 06)."""
    stability = _read(processed, "topics_stability")
    chosen = stability[stability.chosen.astype(str) == "True"].iloc[0]
    summary = _read(processed, "topics_summary")
    at_k = summary[summary.k == chosen.k]
    facts = {"k": int(chosen.k), "agreement": chosen.avg_jaccard_mean,
             "documents": int(at_k.documents.sum()),
             "named": at_k.naming.sum() / at_k.documents.sum(),
             "k_china": None, "china_labels": []}
    if (processed / "topics_target_test.csv").is_file():
        tests = _read(processed, "topics_target_test")
        main = tests[(tests.chosen.astype(str) == "True") & (tests.reports == "left out")].iloc[0]
        china = summary[(summary.k == main.k) & (summary.target.astype(str) == "True")]
        facts |= {"k_china": int(main.k), "china_labels": china.label.tolist(),
                  "near": main.mean_near, "rest": main.mean_rest, "p_value": main.p_value,
                  "min_p": tests.p_value.min(), "max_diff": tests.difference.max()}
    return facts


def tone_facts(processed: Path) -> dict:
    """KCNA's tone on China week by week, and whether its warmest week held the summit
    (notebook 05); empty without the table."""
    if not (processed / "tone_periods.csv").is_file():
        return {}
    periods = _read(processed, "tone_periods")
    china = periods[periods.sentences_of == "China"]
    if china.empty:
        return {}
    peak = china.loc[china.tone_mean.idxmax()]
    start = pd.Timestamp(peak.period)
    meetings = _read(processed, "timeline_exchanges").query("direction == 'in person'")
    held = any(pd.Timestamp(m.date_start) <= start + pd.Timedelta(days=6)
               and pd.Timestamp(m.date_end) >= start for m in meetings.itertuples())
    return {"low": china.tone_mean.min(), "high": peak.tone_mean, "peak_week": _date(start),
            "peak_is_summit": held}


KAPPA = gloss("Cohen's kappa")


def render(processed: Path = paths.PROCESSED,
           gold_csv: Path = paths.DATA / "gold" / "kcna" / "tone.csv") -> str:
    """The findings block of the README, as markdown."""
    r = record_facts(processed)
    a = archive_facts(processed)
    g = genre_facts(processed)
    quoted = [f'"{m}"' for m in g["missing"]]
    s = sentiment_facts(processed, gold_csv)
    t = topic_facts(processed)
    tones = ", ".join(f"{n} {({1: 'cooperative', 0: 'neutral', -1: 'conflictual'})[int(k)]}"
                      for k, n in sorted(r["tone_counts"].items(), reverse=True))
    reached = "reaching" if s["best_kappa"] >= 0.6 else "short of"
    weak = max(s["textblob"], s["vader"]) < 0.4
    best = MEASURE_NAMES.get(s["best"], f"`{s['best']}`")
    bullets = [
        f"**A burst, a silence, a burst.** The record holds {r['n']} exchanges from "
        f"{r['first']} to {r['last']}: {r['letters']} written messages ({r['from_dprk']} sent "
        f"from the DPRK side, {r['from_prc']} from the PRC side), {len(r['cards'])} New Year "
        f"card, {r['visits']} envoy visit and {r['in_person']} meeting in person. Between "
        f"{r['gap_from']} and {r['gap_to']} there is a {r['gap_days']}-day gap in which no "
        f"exchange was found, spanning {_join(r['in_gap'])}"
        + (f"; before it, the only item since the envoy's visit is the card KCNA listed on "
           f"{_date(r['cards'].date_start.iloc[0])} from \"the president of the People's "
           "Republic of China\", without Xi's name" if len(r["cards"]) else "")
        + f". DPRK state media reported {r['within_3']} of the {r['n']} exchanges within 3 "
        f"days of their first day (lags of {_join([str(d) for d in sorted(r['lag_days'])])} "
        "days)"
        + "".join(f"; the {row.kind} of {_date(row.date_start)} to {_date(row.date_end)} was "
                  f"reported only on {_date(row.date_reported)}, once it had ended, "
                  f"{row.lag_days} days after it began" for row in r["after_end"].itertuples())
        + f"; the {r['max_lag_row'].kind} from the "
        f"{SIDE_OF[r['max_lag_row'].direction]} side received on "
        f"{_date(r['max_lag_row'].date_sent)} waited {r['max_lag']} days, until "
        f"{_date(r['max_lag_row'].date_reported)}.",
        f"**KCNA turned from Washington to Beijing.** Of KCNA's {a['n_articles']:,} English "
        f"articles of Sep 2017 - Apr 2018, {a['us_first']:.0%} named the United States and "
        f"{a['china_first']:.0%} China in the first four weeks of the window; "
        f"{a['us_last']:.0%} and {a['china_last']:.0%} in the last four. The "
        f"{a['n_leader']} leader-to-leader messages KCNA carried are warm by construction: the "
        f"validated tone measure calls {a['leader_coop']:.0%} of their sentences cooperative.",
        "**Warm by genre; the signal is in length, formulae and timing.** Differences are "
        f"judged by a {gloss('permutation test')}. The DPRK's "
        f"{g['n_china']} leader messages to China in these months are longer than its "
        f"{g['n_others']} others (mean {g['words_diff']:+.0f} words, permutation p = "
        f"{g['words_p']:.4f}), and none uses {_join(quoted)}, which its messages to "
        "Laos, Cuba, Vietnam and Russia do. Xi answered Kim's congratulations within "
        f"{g['reply_oct']} and {g['reply_mar']} days (the genre's median reply: "
        f"{g['median_reply']:.0f}). "
        + f"On the gold codes of their words the exchanges read: {tones}"
        + (f" ({r['n'] - sum(r['tone_counts'].values())} have no hand-coded words to read)"
           if sum(r["tone_counts"].values()) < r["n"] else "")
        + ".",
        ("**TextBlob cannot read KCNA's diplomacy; a measure validated on it can.**" if weak
         else "**Tone measures against state-media prose.**")
        + f" Against {s['kcna_units']} hand-coded KCNA sentences, {KAPPA}, held out by "
        "article (always answering the commonest class scores 0): TextBlob "
        f"{s['textblob']:.2f}, VADER {s['vader']:.2f}, the lexicon built on "
        f"{gloss('CAMEO')}, {s['lexicon']:.2f}; the measure chosen by a rule fixed in "
        f"advance, {best}, "
        f"{s['best_kappa']:.2f} (95% interval over articles {s['best_low']:.2f} to "
        f"{s['best_high']:.2f}), {reached} the 0.6 the project set itself, and "
        f"{s['rodong']:.2f} on {s['rodong_units']} sentences of Rodong Sinmun. The two AI "
        f"coding passes agreed on {s['agreed']} of {s['units']} units (kappa "
        f"{s['intercoder']:.2f}).",
        f"**What KCNA wrote about.** The {t['documents']:,} articles support {t['k']} topics "
        f"(the number whose top terms come back most reliably when the model is refitted on "
        f"parts of the archive: mean agreement {t['agreement']:.2f} of 1). China is named in "
        f"{t['named']:.1%} of them"
        + (f"; the first model of the range with topics about China has k = {t['k_china']} "
           f"({_join([repr(x) for x in t['china_labels']])}). Those topics "
           + ("rise" if t["p_value"] < 0.05 else "do not rise")
           + " around the exchanges by a " + gloss("circular-shift test")
           + ": within 3 days of one, KCNA's other articles gave them "
           f"{t['near']:.1%} of their weight, against {t['rest']:.1%} at other times "
           f"(circular-shift test p = {t['p_value']:.2f}; p is at least {t['min_p']:.2f} at "
           f"every k of the range with China topics)." if t["k_china"] else "."),
    ]
    st = stance_facts(processed)
    if st:
        bullets.append(
            "**Stance toward China, not the tone of sentences that name it.** A second measure "
            "reads what a sentence says about China (favourable, none, unfavourable), chosen "
            f"by a rule fixed in advance on {st['gold_units']} sentences about China from KCNA "
            "1997-2018 and "
            f"Rodong Sinmun, coded in two blind passes: {KAPPA} {st['kappa_article']:.2f} held "
            f"out by article and {st['kappa_period']:.2f} when each period is predicted by a "
            f"model of the others; reading tone as stance reaches {st['kappa_tone']:.2f}. Of "
            f"the {st['sentences']:,} sentences of the 2017-18 archive naming China, "
            f"{st['place']:,} name it only as a place, and {st['tone_cold_not_against']:,} of "
            f"the {st['tone_cold']:,} the tone measure calls conflictual carry no unfavourable "
            "stance. Like for like (leaving out the articles that report the exchanges, the "
            "leader-message and visit genres and titles naming Song Tao or Xi, each article's "
            f"mean one observation), the {st['quiet_days']} quiet days read "
            f"{st['stance_inside']:+.2f} in stance against {st['stance_rest']:+.2f} in the "
            f"rest of the window ({st['quiet_articles']} and "
            f"{st['kept_articles'] - st['quiet_articles']} articles; permutation p = "
            f"{st['stance_p']:.3f}, adjusted {st['stance_q']:.3f}), and "
            f"{st['tone_inside']:+.2f} against {st['tone_rest']:+.2f} in tone (p = "
            f"{st['tone_p']:.3f}, adjusted {st['tone_q']:.3f}; the two tests adjusted "
            "together, Benjamini-Hochberg). The tone finding that stood here before, "
            "computed on every sentence naming China with the exchanges' own reports inside "
            "the comparison, was circular and is withdrawn.")
    plain = readme_plain.summary(r, a, g, st, t)
    return "\n".join(["### In plain words", "", *readme_plain.render(plain),
                      "### In detail", "", *(f"- {b}" for b in bullets), ""])


def _join(items: list[str]) -> str:
    if not items:
        return "no labelled event"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _replace(text: str, start: str, end: str, block: str) -> str:
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{block}{end}{tail}"


def rewrite(readme: Path = README, block: str | None = None,
            performance: str | None = None) -> bool:
    """Put the findings ``block`` (default :func:`render`) and the ``performance`` block
    (default :func:`kimxi.report.performance.render`) between their markers; True when the
    file changed."""
    text = readme.read_text(encoding="utf-8")
    new = _replace(text, START, END, block if block is not None else render())
    new = _replace(new, PERF_START, PERF_END,
                   performance if performance is not None else kimxi_performance.render())
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def current(readme: Path = README, start: str = START, end: str = END) -> str:
    """The block now between the ``start`` and ``end`` markers of ``readme``."""
    text = readme.read_text(encoding="utf-8")
    return text.split(start, 1)[1].split(end, 1)[0].removeprefix("\n")


if __name__ == "__main__":
    changed = rewrite()
    print("README findings " + ("rewritten" if changed else "unchanged"))
    sys.exit(0)
