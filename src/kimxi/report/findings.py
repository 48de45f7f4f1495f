"""The README's findings, written from the processed tables and never by hand.

``python -m kimxi.report.findings`` (the last step of ``make run``) rewrites the block
between ``<!-- findings:start -->`` and ``<!-- findings:end -->`` of README.md
with :func:`render`; ``tests/test_findings.py`` fails when the committed README
says anything else, so a number in the README cannot drift from the data.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score

from kimxi.io import paths
from kimxi.io.tables import write_tables
from kimxi.record import exchanges as exchange_tables
from kimxi.report import performance as kimxi_performance, readme_plain
from kimxi.report.readme_plain import date as _date, gloss

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
        # Whether the longest-waiting exchange was published after a meeting in person that
        # began after it was received.
        "held_past_visit": bool(((ex.direction == "in person")
                                 & (ex.date_start > ex.loc[ex.lag_days.idxmax()].date_sent)
                                 & (ex.date_end < ex.loc[ex.lag_days.idxmax()].date_reported)
                                 ).any()),
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
    from kimxi.genre import compare as genre_compare, leader_messages
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
    senders = table.sender.str.replace(r" \(DPRK\)$", "", regex=True)
    return {"n_china": int(to_china.sum()), "n_others": int(others.sum()),
            "china_not_kim": int((to_china & (senders != "Kim Jong Un")).sum()),
            "others_by_sender": senders[others].value_counts().to_dict(),
            "words_diff": words["difference"], "words_p": words["p_value"],
            "missing": missing, "reply_oct": int(lags["kcna-20171026-01"]),
            "reply_mar": int(lags["kcna-20180318-01"]),
            "median_reply": float(asked.answer_days.dropna().median()),
            "reply_time": leader_messages.reply_time(table)[0],
            "n_replies": leader_messages.reply_time(table)[1],
            "tone_inside": tone["mean_inside"], "tone_rest": tone["mean_rest"],
            "tone_p": tone["p_value"], "quiet_days": (quiet[1] - quiet[0]).days + 1}


def attention_facts(processed: Path) -> dict:
    """Plan entry P4 (notebook 04): KCNA's weekly shares of articles naming China and the
    United States, first four weeks against last four, as planned; empty without the table."""
    if not (processed / "attention_test.csv").is_file():
        return {}
    table = _read(processed, "attention_test").set_index(["variant", "country"])
    return {name: table.loc[("as planned", name)].to_dict()
            for name in ("China", "United States")}


def stance_facts(processed: Path) -> dict:
    """Stance toward China (notebook 08): its validation, how far tone misreads it (plan entry
    P2), and the quiet stretch against the rest of the window (entry P1, as planned and
    with the exclusions off); empty without the tables."""
    from kimxi.tone.stance import CHOSEN, load_gold

    if not (processed / "stance_sentences.csv").is_file():
        return {}
    figures = _read(processed, "stance_validation")
    kappa = figures[figures.metric == "kappa"].set_index(["measure", "setting"]).estimate
    table = _read(processed, "stance_sentences")
    p1 = _read(processed, "stance_quiet").set_index(["variant", "measure"])
    planned, off = p1.loc["as planned"], p1.loc["exclusions off"]
    return {"gold_units": len(load_gold()),
            "kappa_article": kappa[(CHOSEN, "held out by article")],
            "kappa_period": kappa[(CHOSEN, "held out by period")],
            "kappa_tone": kappa[("tone measure", "held out by article")],
            "sentences": len(table), "place": int((table.role == "place").sum()),
            "tone_cold_not_against": int(((table.tone == -1) & (table.stance != -1)).sum()),
            "tone_cold": int((table.tone == -1).sum()),
            "quiet_days": int(planned.loc["stance", "n_quiet"]),
            "rest_days": int(planned.loc["stance", "n_rest"]),
            "stance": planned.loc["stance"].to_dict(), "tone": planned.loc["tone"].to_dict(),
            "stance_off": off.loc["stance"].to_dict()}


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


def versions_facts(data: Path = paths.DATA) -> dict:
    """Both sides' versions of the exchanges (notebook 03; plan entry P9)."""
    from kimxi.record import versions

    path = data / "exchange_versions.csv"
    if not path.is_file():
        return {}
    table = versions.load_versions(path)
    asym = versions.asymmetries(table)
    summit = pd.read_csv(data / "messages.csv", dtype=str, keep_default_na=False)
    summit_id = summit.loc[summit["kind"] == "summit", "message_id"].iloc[0]
    dprk = table[(table["message_id"] == summit_id) & (table["side"] == "DPRK")].iloc[0]
    return {"cells": len(asym), "unknown": int((asym["kind"] == "unknown").sum()),
            "summit_prc_only": list(asym.loc[(asym["message_id"] == summit_id)
                                             & (asym["kind"] == "PRC only"), "topic"]),
            "summit_texts": len([i for i in dprk["text_ids"].split("; ") if i]),
            "prc_found": int(((table["side"] == "PRC")
                              & (table["wording"] != "not found")).sum()),
            "exchanges": table["message_id"].nunique()}


def history_facts(history: Path = paths.DATA / "history") -> dict:
    """The Kim-Xi messages against 1997-2018 (notebook 09; plan entries P6-P8), from the
    committed tables of ``data/history/``; empty when they are absent."""
    from kimxi.history import compare, tables as history_tables

    if not (history / "china_messages.csv").is_file():
        return {}
    built = history_tables.load(history)
    china = compare.with_formulae(compare.cells(built["china_messages.csv"]), [])
    sent = compare.elections(china, [])
    sent = sent[sent["direction"] == "from DPRK"]
    gaps = compare.silences(china, built["days.csv"]["date"])
    no_card = compare.silences(china[china["id"] != "kcna-20171231-15"],
                               built["days.csv"]["date"])
    seasons = compare.same_months(built["months.csv"])
    return {"earlier": sent[sent["date"] < compare.WINDOW[0]],
            "window": sent[sent["date"] >= compare.WINDOW[0]],
            "longest": gaps.sort_values("days", ascending=False).iloc[0],
            "quiet": gaps[gaps["end"] == "2018-03-18"].iloc[0],
            "quiet_no_card": no_card[no_card["end"] == "2018-03-18"].iloc[0],
            "n_gaps": len(gaps), "n_messages": len(china),
            "years": china["year"].nunique(),
            "season": seasons[seasons["season"] == "2017/18"].iloc[0],
            "stance_years": compare.stance_by_year(built["months.csv"])["stance"],
            "stance_early": compare.stance_between(built["months.csv"], 1997, 2012),
            "n_seasons": len(seasons),
            "sensitivity": compare.election_sensitivity(china)}


def render(processed: Path = paths.PROCESSED,
           gold_csv: Path = paths.DATA / "gold" / "kcna" / "tone.csv") -> str:
    """The findings block of the README, as markdown."""
    r = record_facts(processed)
    a = archive_facts(processed)
    g = genre_facts(processed)
    s = sentiment_facts(processed, gold_csv)
    t = topic_facts(processed)
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
    ]
    st = stance_facts(processed)
    if st:
        h1, h2, off = st["stance"], st["tone"], st["stance_off"]
        bullets.append(
            "**Stance toward China, not the tone of sentences that name it.** A second measure "
            "reads what a sentence says about China (favourable, none, unfavourable), chosen "
            f"by a rule fixed in advance on {st['gold_units']} sentences about China from KCNA "
            "1997-2018 and Rodong Sinmun, coded in two blind passes: "
            f"{KAPPA} {st['kappa_article']:.2f} held out by article and "
            f"{st['kappa_period']:.2f} when each period is predicted by a model of the others; "
            f"reading tone as stance reaches {st['kappa_tone']:.2f}. Of the "
            f"{st['sentences']:,} sentences of the 2017-18 archive naming China, "
            f"{st['place']:,} name it only as a place, and {st['tone_cold_not_against']:,} of "
            f"the {st['tone_cold']:,} the tone measure calls conflictual carry no unfavourable "
            "stance (plan entry P2).")
        bullets.append(
            "**The quiet stretch, under the analysis plan (entry P1).** Like for like (KCNA's "
            "reports of the exchanges, the leader-message and visit genres, titles naming Song "
            "Tao or Xi and place-only mentions left out) and day by day, the "
            f"{st['quiet_days']} quiet days with such sentences read {h1['quiet_mean']:+.2f} in "
            f"stance against {h1['rest_mean']:+.2f} on the {st['rest_days']} other days (a "
            f"{gloss('permutation test')} gives p = {h1['p_value']:.2f}, Holm-adjusted "
            f"{h1['p_holm']:.2f}), and "
            f"{h2['quiet_mean']:+.2f} against {h2['rest_mean']:+.2f} in tone (p = "
            f"{h2['p_value']:.2f}, adjusted {h2['p_holm']:.2f}). With the exchanges' own "
            f"reports left in, stance reads {off['quiet_mean']:+.2f} against "
            f"{off['rest_mean']:+.2f} (adjusted p = {off['p_holm']:.2f}): the difference the "
            "earlier comparison found is the coverage of the exchanges themselves. Notebook 08 "
            "gives the plan's other alternatives (the window moved by a week, the earlier "
            "116-day window, the article as unit).")
    p4 = attention_facts(processed)
    if p4:
        china, us = p4["China"], p4["United States"]
        bullets.append(
            "**KCNA's attention, under the analysis plan (entry P4).** With the reports of the "
            "exchanges and the leader-message and visit genres left out, the share of a "
            f"week's articles naming the United States fell from {us['first_weeks']:.0%} in "
            f"the first four weeks of the window to {us['last_weeks']:.0%} in the last four "
            f"(exact permutation p = {us['p_value']:.3f}, Holm-adjusted {us['p_holm']:.3f}); "
            f"the share naming China went from {china['first_weeks']:.0%} to "
            f"{china['last_weeks']:.0%} (p = {china['p_value']:.2f}, adjusted "
            f"{china['p_holm']:.2f}). "
            + ("Neither holds at 0.05 after adjustment: with four weeks a side the plan's "
               f"test cannot give less than {2 * 2 / math.comb(8, 4):.3f} for both together, "
               "a design the plan should not have chosen. Notebook 04 gives the alternatives."
               if max(us["p_holm"], china["p_holm"]) >= 0.05 else ""))
    h = history_facts()
    if h:
        before, now, longest = h["earlier"], h["window"], h["longest"]
        season = h["season"]
        bullets.append(
            "**Against twenty years, like for like (plan entries P6-P8, notebook 09).** KCNA's "
            f"1997-2018 archive holds {h['n_messages']} DPRK-China leader messages in "
            f"{h['years']} years (a blind hand check of a stratified sample: notebook 09). The "
            "DPRK side's congratulations to China's top leader on an election before October "
            f"2017 ({_join([d[:4] for d in before['date']])}) ran "
            f"{int(before['n_words'].min())}-{int(before['n_words'].max())} words and "
            f"{int(before['friendship'].sum())} of {len(before)} named the friendship; Kim's "
            f"of October 2017 and March 2018 ran {_join([str(int(w)) for w in now['n_words']])}"
            f" words and {int(now['friendship'].sum())} of {len(now)} named it. The exchanges "
            f"of October 2017 ended the longest silence of the archive: {longest.days} days "
            f"without a DPRK-China leader message, from {_date(longest.start)} to "
            f"{_date(longest.end)}. The silence before Kim's message of March 2018 ran "
            f"{h['quiet'].days} days from the New Year cards KCNA listed on "
            f"{_date(h['quiet'].start)} ({h['quiet_no_card'].days} without them), rank "
            f"{h['quiet']['rank']} of {h['n_gaps']}. In the message window's months, the share "
            f"of KCNA's articles naming China ranked {season.china_share_rank} and its stance "
            f"toward China {season.china_stance_rank} of the {h['n_seasons']} October-March "
            "seasons of Kim Jong Un's years (1 = highest). Over the whole year, KCNA's stance "
            f"toward China read {h['stance_years'].loc[2017]:+.2f} in 2017 against "
            f"{h['stance_early']:+.2f} in 1997-2012"
            + (", the lowest year of the archive." if h["stance_years"].idxmin() == 2017
               else "."))
    v = versions_facts()
    plain = readme_plain.summary(r, a, g, st, t, h, v)
    return "\n".join(["### In plain words", "", *readme_plain.render(plain),
                      "### In detail", "", *(f"- {b}" for b in bullets), "",
                      "### What did not hold", "",
                      "Claims this page made before the analysis plan (`ANALYSIS_PLAN.md`), "
                      "and why each was dropped or changed:", "",
                      *(f"- {b}" for b in did_not_hold(a, g, st, t, tone_facts(processed),
                                                        attention_facts(processed))),
                      ""])


def did_not_hold(a: dict, g: dict, st: dict, t: dict, tone: dict, p4: dict) -> list[str]:
    """The earlier claims a referee's review found wanting, each with its figure as it was
    computed and the reason it is dropped or changed."""
    items = [
        f"**\"While the leaders were silent, KCNA wrote about China more coolly\"** "
        f"({g['tone_inside']:+.2f} against {g['tone_rest']:+.2f} in tone, p = "
        f"{g['tone_p']:.4f}, over {g['quiet_days']} days from the envoy's departure). Circular: "
        "the rest of the window held KCNA's own warm reports of the exchanges that define the "
        "quiet stretch. Under plan entry P1 (stance, those reports left out, the day as unit) "
        + (f"the quiet days read {st['stance']['quiet_mean']:+.2f} against "
           f"{st['stance']['rest_mean']:+.2f} (adjusted p = {st['stance']['p_holm']:.2f})."
           if st else "it is recomputed in notebook 08."),
    ]
    if tone:
        items.append(
            f"**\"KCNA's words about China grew warmest in the week of Kim's visit to Beijing\"** "
            f"(tone from {tone['low']:+.2f} to {tone['high']:+.2f}, the warmest week "
            f"{tone['peak_week']}). "
            + ("The warmest week is the week of KCNA's reports of the visit itself: circular; "
               if tone["peak_is_summit"] else "The weeks held KCNA's reports of the exchanges; ")
            + "and the weeks were ranked without a minimum of sentences. Dropped.")
    items += [
        f"**\"Kim's letters to China were longer than his letters to other countries\"** "
        f"({g['words_diff']:+.0f} words, p = {g['words_p']:.4f}). Not like for like: the "
        f"{g['n_china']} messages \"to China\" mix senders ({g['china_not_kim']} are not "
        f"Kim's) and the {g['n_others']} others are "
        + _join([f"{n} from {who}" for who, n in g["others_by_sender"].items()]) + "; "
        "the stock phrases said to be absent were picked after looking. Replaced by plan "
        "entry P6: Kim's messages against the same sender, recipient and occasion in other "
        "years of the 1997-2018 archive, formulae by a rule fixed before the comparison (see "
        "\"In detail\").",
        "**\"The genre's median reply\"** over pairings. Most pairings joined many greetings "
        "to one batch reply, or a greeting to a reply about another occasion. Under plan entry "
        "P5 (a reply answers only a message whose occasion it names; a batch reply counted "
        f"once) the genre's reply time is {g['reply_time']:g} days over {g['n_replies']} "
        f"replies; Xi answered Kim's messages of October and March in {g['reply_oct']} and "
        f"{g['reply_mar']} days.",
        f"**\"North Korea's news agency turned its attention from Washington to Beijing\"** "
        f"({a['china_first']:.0%} of articles named China in the first four weeks, "
        f"{a['china_last']:.0%} in the last four). The last four weeks reach that share only "
        "through the week of Kim's visit, whose reports are counted; China's rise comes in "
        "April, outside the window. "
        + (f"Under plan entry P4 (those reports left out, the week as unit) the China share "
           f"went from {p4['China']['first_weeks']:.0%} to {p4['China']['last_weeks']:.0%} "
           f"(adjusted p = {p4['China']['p_holm']:.2f}) and the United States share from "
           f"{p4['United States']['first_weeks']:.0%} to "
           f"{p4['United States']['last_weeks']:.0%} (adjusted p = "
           f"{p4['United States']['p_holm']:.3f})."
           if p4 else "Dropped until the coverage series leaves out the reports of the "
           "exchanges."),
    ]
    if t.get("k_china"):
        items.append(
            f"**\"What KCNA wrote about did not tilt towards China around the exchanges\"** "
            f"({t['near']:.0%} near an exchange against {t['rest']:.0%}). The windows of three "
            "days around nine dates cover a fifth of the articles, and the \"China topics\" are "
            "sport, delegations and floral tributes: the test has too little power to say "
            "either way. Moved out of the findings.")
    return items


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
        write_tables({readme: new})  # beside it first, then renamed: never half-written
    return new != text


def current(readme: Path = README, start: str = START, end: str = END) -> str:
    """The block now between the ``start`` and ``end`` markers of ``readme``."""
    text = readme.read_text(encoding="utf-8")
    return text.split(start, 1)[1].split(end, 1)[0].removeprefix("\n")


if __name__ == "__main__":
    changed = rewrite()
    print("README findings " + ("rewritten" if changed else "unchanged"))
    sys.exit(0)
