# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 09 · The Kim-Xi messages against twenty years
#
# Previous: [08 · Stance toward China](08_stance.ipynb)
#
# **Question.** Analysts read a leader's message against that leader's earlier messages, not
# against other countries' telegrams of the same month: how long was it, which of the
# relationship's stock phrases did it keep or drop, how fast was it answered, how long were
# the silences between messages? Where do the Kim-Xi messages of October 2017 to March 2018
# stand among every DPRK-China leader message KCNA carried from 1997 to 2018, like for like:
# the same sender's tier, the same occasion, the same direction? And how did KCNA's coverage of
# China over those twenty years compare with its coverage of the United States, South Korea,
# Japan and Russia?
#
# **Reads** the tables built from KCNA's English archive of 1997-2018 (`data/history/`: every
# month's and week's coverage counts and stance toward China, every country's leader messages,
# the DPRK-China messages with their texts; `make kcna KCNA=.../kcna_en_1997-2018.csv.gz`
# rebuilds them from the archive, which the repository never holds), the hand check of the
# DPRK-China messages (`data/history/handcheck/`) and the dated events
# (`data/history/events.csv`, each from a KCNA article of the archive). **Writes**
# `figures/history_messages`, `figures/history_elections`, `figures/history_silences` and
# `figures/history_coverage` (PNG and SVG). The analysis plan's entries P6-P8
# (`ANALYSIS_PLAN.md`) were written before these tables were built.
#
# **Contents.**
# 1. What the archive holds
# 2. The DPRK-China messages, and how far the extraction can be trusted
# 3. Twenty years of messages
# 4. Like for like: the 2017-18 messages in their cells
# 5. Replies and their lags
# 6. Placement in the day's news
# 7. Silences
# 8. KCNA's China coverage, 1997-2018
# 9. What we found
# 10. References

# %% tags=["parameters"]
# Where inputs are read and outputs written (`make test` sends the outputs to a temporary folder).
import os

DATA_DIR = "../data"
FIGURES_DIR = os.environ.get("KIMXI_FIGURES_DIR", "../figures")

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, Markdown, display

from kimxi.history import compare, formulae as history_formulae, handcheck, tables
from kimxi.plots import history as history_plot, style
from kimxi.report import words
from kimxi.report.words import counted, listing

# %%
style.use()
pd.set_option("display.max_colwidth", 60)
HISTORY = Path(DATA_DIR, "history")
built = tables.load(HISTORY)
months, weeks = built["months.csv"], built["weeks.csv"]
every, china = built["leader_messages.csv"], compare.cells(built["china_messages.csv"])
events = tables.load_events(HISTORY / "events.csv")

# %% [markdown]
# ## 1. What the archive holds
#
# The scrape of kcna.co.jp does not hold every day: before 2009 it misses from a few to over
# seventy days a year. A count over time is a count of what the scrape holds, so the days held
# are shown beside every series below.

# %%
years = months.assign(year=months["period"].str[:4].astype(int)).groupby("year").agg(
    days=("days", "sum"), articles=("articles", "sum"),
    china_articles=("china_articles", "sum"))
years["days_in_year"] = [366 if pd.Timestamp(f"{y}-12-31").is_leap_year else 365
                         for y in years.index]
years.loc[years.index.max(), "days_in_year"] = (
    pd.Timestamp(months["period"].max()) + pd.offsets.MonthEnd(0)
    - pd.Timestamp(f"{years.index.max()}-01-01")).days + 1
years["days_missing"] = years["days_in_year"] - years["days"]
years.T

# %% [markdown]
# ## 2. The DPRK-China messages, and how far the extraction can be trusted
#
# A DPRK-China leader message is an article the genre rules call a leader message whose
# foreign country is China, or which lists many countries' leaders with China's among them
# (New Year cards, batch replies): `kimxi.history.build.is_china_message`.
#
# **The hand check.** A stratified sample was drawn by seed after the rules had run once on the
# whole archive: 40 of the messages they found, 40 of the other articles with a message word
# and China in the title, every leader message they gave to several countries that names China,
# every other article with a message word whose first paragraph names China. Two runs of an AI
# assistant coded the 111 articles apart, blind to the rules and the strata
# (`data/history/handcheck/README.md`); they agreed on every article, direction and occasion.
# The figures below are those of the rules *before* the revision the check prompted.

# %%
labels = handcheck.load_labels(HISTORY / "handcheck" / "sample.csv",
                               [HISTORY / "handcheck" / f"pass{k}.csv" for k in (1, 2)])
sizes = handcheck.load_sizes(HISTORY / "handcheck" / "strata.csv")
check, check_summary = handcheck.estimate(labels, sizes)
check.round(3)

# %%
revised = labels.assign(rules_now=labels["id"].isin(set(china["id"])))
agree_now = int((revised["rules_now"] == revised["is_dprk_china_message"]).sum())
fields = handcheck.field_agreement(labels, china)
display(Markdown(
    f"Before the revision the rules were right on {check_summary['precision']:.0%} of the "
    f"messages they found ({check_summary['precision_low']:.0%}-"
    f"{check_summary['precision_high']:.0%}), and found an estimated "
    f"{check_summary['recall']:.0%} of the messages in the strata drawn (at least "
    f"{check_summary['recall_low']:.0%}, one-sided exact bounds): most of the misses were "
    f"messages to several countries' leaders. The revised rules agree with the coders on "
    f"{agree_now} of the {len(labels)} articles (an optimistic figure: the revision was made on "
    f"this sample). On the messages both hold, the table's direction agrees with the coders on "
    f"{fields.set_index('field').at['direction', 'share']:.0%} and its occasion on "
    f"{fields.set_index('field').at['occasion', 'share']:.0%}."))

# %%
revised.loc[revised["rules_now"] != revised["is_dprk_china_message"],
            ["id", "stratum", "is_dprk_china_message", "rules_now", "note1"]]

# %% [markdown]
# ## 3. Twenty years of messages

# %%
per_year = compare.by_year(china)
new_year = compare.by_year(china, "new year")
print(f"{len(china)} DPRK-China leader messages in {china['year'].nunique()} years, "
      f"{(china['direction'] == 'from DPRK').sum()} sent by the DPRK side; "
      f"{int(china['several'].sum())} of them list many countries' leaders.")
pd.concat([per_year, new_year.add_suffix(" (New Year)")], axis=1).T

# %%
busiest = per_year.sum(axis=1)
fig = history_plot.plot_messages_by_year(
    per_year, new_year, compare.ERAS,
    f"DPRK-China leader messages KCNA carried: {busiest.min()}-{busiest.max()} a year; "
    f"{busiest.loc[2017]} in 2017")
written = style.save(fig, Path(FIGURES_DIR, "history_messages"),
                     "KCNA English archive 1997-2018 (kcna.co.jp); rules of kimxi.genre, "
                     "kimxi.history")
Image(filename=str(written[0]))

# %% [markdown]
# ## 4. Like for like: the 2017-18 messages in their cells
#
# **The relationship's formulae**, by the rule of plan entry P6 fixed before the tables were
# built: every two- and three-word sequence in at least a quarter of the DPRK-China messages of
# 1997-2011, without names, offices or function words at either end; "friendship" and
# "blood" added by name.

# %%
formula_table = history_formulae.relationship_formulae(china)
FORMULAE = list(formula_table["formula"])
china = compare.with_formulae(china, FORMULAE)
formula_table

# %% [markdown]
# **Congratulations on an election**, the top leaders' (Kim Jong Il, Kim Jong Un and the
# Central Committee they headed; China's top leaders), both directions, year by year. Kim Jong
# Un's congratulations to Xi of November 2012 are not in the table: the scrape holds no day
# from 10 to 16 November 2012.

# %%
election_table = compare.elections(china, FORMULAE)
election_table.drop(columns=["title"])

# %%
sent = election_table[election_table["direction"] == "from DPRK"]
window_sent = sent[sent["date"] >= compare.WINDOW[0]]
earlier_sent = sent[sent["date"] < compare.WINDOW[0]]
named_before = compare.exact_share(int(earlier_sent["friendship"].sum()), len(earlier_sent))
named_now = compare.exact_share(int(window_sent["friendship"].sum()), len(window_sent))

# %%
display(Markdown(
    f"The DPRK side's congratulations to China's top leader on an election before October 2017 "
    f"({listing([d[:4] for d in earlier_sent['date']])}) ran "
    f"{int(earlier_sent['n_words'].min())}-{int(earlier_sent['n_words'].max())} words, and "
    f"{int(earlier_sent['friendship'].sum())} of {len(earlier_sent)} named the friendship "
    f"(exact 95% interval {named_before[1]:.0%}-{named_before[2]:.0%}). Kim's of October 2017 "
    f"and March 2018 ran {listing([str(int(w)) for w in window_sent['n_words']], sep=' and ')} "
    f"words, shorter than every earlier one, and "
    f"{int(window_sent['friendship'].sum())} of {len(window_sent)} named it "
    f"({named_now[1]:.0%}-{named_now[2]:.0%}). Kim Jong Un's own of March 2013 to Xi ran "
    f"{int(earlier_sent.loc[earlier_sent['date'].str[:4] == '2013', 'n_words'].max())} words."))

# %% [markdown]
# **Sensitivity.** The same comparison under its main alternatives: the cell as the rules give
# it (any Chinese office, so Kim Jong Il's greeting of 2010 to the vice-chairman of China's
# military commission comes in), every DPRK leader (Kim Yong Nam's and the premiers' greetings
# to their Chinese counterparts), and Kim Jong Un's own only.

# %%
sensitivity = compare.election_sensitivity(china)
sensitivity

# %%
election_rows = china[china["id"].isin(sent["id"])]
panels = [("Congratulations on an election: the DPRK's top leader to China's (from DPRK)",
           election_rows),
          *((cell, china[china["cell"] == cell]) for cell in (
              "top leader / election / to DPRK", "top leader / reply / to DPRK",
              "top leader / national day / from DPRK"))]
fig = history_plot.plot_cell(
    panels, f"Kim's election congratulations of 2017-18 were the shortest of their kind and the "
    f"only ones without 'friendship' ({int(earlier_sent['friendship'].sum())} of "
    f"{len(earlier_sent)} before)" if not window_sent["friendship"].any()
    and window_sent["n_words"].max() < earlier_sent["n_words"].min() else
    "Length of the top leaders' messages by cell, 1997-2018")
written = style.save(fig, Path(FIGURES_DIR, "history_elections"),
                     "KCNA English archive 1997-2018; kimxi.history.compare")
Image(filename=str(written[0]))

# %% [markdown]
# **Each 2017-18 message against its own cell of earlier years** (tier / occasion /
# direction): how many earlier messages the cell holds, the share of them shorter than this
# one, and each formula's presence here and its share in the cell. A cell of fewer than three
# earlier messages is shown without a summary.

# %%
against = compare.against_cell(china, FORMULAE)
against.drop(columns=["title"]).round(2)

# %%
cell_table = compare.cell_summary(china, FORMULAE)
cell_table[cell_table["messages"] >= compare.MIN_EARLIER].round(2)

# %% [markdown]
# ## 5. Replies and their lags
#
# Paired by the rule of plan entry P5: a reply answers a message only where it names the
# message's occasion (and ordinal), goes the other way between the same parties, within 90
# days.

# %%
lags = compare.reply_lags(china)
lags

# %%
window_pairs = china[china["in_window"] & china["answered_by"].notna()
                     & (china["answered_by"] != "")][["id", "date", "title", "answered_by",
                                                      "answer_days"]]
window_pairs

# %% [markdown]
# ## 6. Placement in the day's news
#
# KCNA numbers its items of each day; the item number of a leader message says how high in the
# day's news it stood (1 is the first item). Ids of the older addresses without a number are
# left out.

# %%
placement = compare.item_by_year(china, every)
placement.T

# %% [markdown]
# ## 7. Silences
#
# By the rule of plan entry P7: the days between consecutive dates on which KCNA carried a
# DPRK-China leader message, either direction, with the days the scrape misses inside each.

# %%
gaps = compare.silences(china, built["days.csv"]["date"])
quiet = gaps[gaps["end"] == "2018-03-18"].iloc[0]
gaps.sort_values("days", ascending=False).head(10)

# %%
longest = gaps.sort_values("days", ascending=False).iloc[0]
card = "kcna-20171231-15"
without_card = compare.silences(china[china["id"] != card], built["days.csv"]["date"])
quiet_no_card = without_card[without_card["end"] == "2018-03-18"].iloc[0]

# %%
display(Markdown(
    f"The longest silence of the twenty-one years ended with the exchanges of October 2017: no "
    f"DPRK-China leader message from {pd.Timestamp(longest.start):%d %b %Y} to "
    f"{pd.Timestamp(longest.end):%d %b %Y}, {longest.days} days "
    f"({counted(int(longest.missing_days), 'day')} of it missing from the scrape). The silence "
    f"that ended with Kim's message of 17 March 2018 (carried on "
    f"{pd.Timestamp(quiet.end):%d %b %Y}) ran {quiet.days} days from the list of New Year "
    f"cards of {pd.Timestamp(quiet.start):%d %b %Y}, rank {quiet['rank']} of {len(gaps)}; "
    f"that list names only 'the president of the People's Republic of China' among many "
    f"senders. Without it the silence runs from {pd.Timestamp(quiet_no_card.start):%d %b %Y}, "
    f"{quiet_no_card.days} days, rank {quiet_no_card['rank']} of {len(without_card)}. A "
    f"message the rules missed (section 2) would shorten a silence, never lengthen it."))

# %%
fig = history_plot.plot_silences(
    gaps, [longest.end, quiet.end],
    f"The longest silence between DPRK-China leader messages since 1997 ended in "
    f"{pd.Timestamp(longest.end):%B %Y}: {longest.days} days" if longest.end == "2017-10-18"
    else f"Silences between DPRK-China leader messages, 1997-2018 (longest {longest.days} days)")
written = style.save(fig, Path(FIGURES_DIR, "history_silences"),
                     "KCNA English archive 1997-2018 (kcna.co.jp); each bar stands on the day "
                     "the silence ended; kimxi.history.compare.silences")
Image(filename=str(written[0]))

# %% [markdown]
# ## 8. KCNA's China coverage, 1997-2018
#
# By plan entry P8: each month's share of coverage articles (all but leader messages and
# visits or talks) naming each country, and stance toward China over the coverage sentences
# naming it (notebook 08's measure; 95% intervals from a bootstrap over articles), with the
# nuclear tests, the Security Council's sanctions resolutions, the leaders' visits, the 2013
# purge and Kim Jong Il's death marked (`data/history/events.csv`).

# %%
COUNTRIES = {"china": "China", "us": "United States", "rok": "South Korea", "japan": "Japan",
             "russia": "Russia"}
yearly = compare.stance_by_year(months)
stance_year = yearly["stance"].round(2)
early = compare.stance_between(months, 1997, 2012)
display(yearly.round(2).T)
fig = history_plot.plot_coverage(
    months, events, COUNTRIES,
    f"KCNA's stance toward China: {early:+.2f} in 1997-2012, {stance_year.loc[2017]:+.2f} in "
    f"2017, the lowest year of the archive" if stance_year.idxmin() == 2017 else
    f"KCNA's stance toward China: {early:+.2f} in 1997-2012, {stance_year.loc[2017]:+.2f} in 2017")
written = style.save(fig, Path(FIGURES_DIR, "history_coverage"),
                     "KCNA English archive 1997-2018; kimxi.history.build; events: "
                     "data/history/events.csv")
Image(filename=str(written[0]))

# %%
seasons = compare.same_months(months)
seasons.round(3)

# %%
this = seasons[seasons["season"] == "2017/18"].iloc[0]
display(Markdown(
    f"In the message window's months (Oct 2017 - Mar 2018), {this.china_share:.1%} of KCNA's "
    f"coverage articles named China, rank {this.china_share_rank} of the {len(seasons)} "
    f"October-March seasons of Kim Jong Un's years (1 = highest); {this.us_share:.1%} named "
    f"the United States (rank {this.us_share_rank}). Stance toward China averaged "
    f"{this.china_stance:+.2f} over {this.china_sentences} sentences, rank "
    f"{this.china_stance_rank} of {len(seasons)}."))

# %% [markdown]
# ## 9. What we found

# %%
display(Markdown("\n".join([
    f"- **Like for like, Kim's election congratulations to Xi did not name the friendship.** "
    f"The DPRK side's earlier congratulations to China's top leader on an election ran "
    f"{int(earlier_sent['n_words'].min())}-{int(earlier_sent['n_words'].max())} words and "
    f"{int(earlier_sent['friendship'].sum())} of {len(earlier_sent)} named the friendship; "
    f"Kim's of October 2017 and March 2018 ran "
    f"{words.joined(int(w) for w in window_sent['n_words'])} words and named it "
    f"{counted(int(window_sent['friendship'].sum()), 'time')}. The "
    f"omission holds in {(sensitivity['2017-18 naming friendship'] == 0).sum()} of the "
    f"{len(sensitivity)} comparisons of the sensitivity table; the shortness in "
    f"{int(sensitivity['all shorter'].sum())} of them."])))

# %%
display(Markdown("\n".join([
    f"- **The exchanges of October 2017 ended the longest silence since 1997**: "
    f"{longest.days} days without a DPRK-China leader message, from "
    f"{pd.Timestamp(longest.start):%d %b %Y} to {pd.Timestamp(longest.end):%d %b %Y}. The "
    f"silence before Kim's message of March 2018 ({quiet.days} days from the New Year cards, "
    f"{quiet_no_card.days} without them) was long but not exceptional."])))

# %%
display(Markdown("\n".join([
    f"- **KCNA's stance toward China was at its lowest in 2017**: {stance_year.loc[2017]:+.2f} "
    f"over the year's sentences naming China, against {early:+.2f} in 1997-2012"
    + ("" if stance_year.idxmin() == 2017 else " (not the lowest year)") + ".",
    f"- **KCNA's China coverage in the message window** was low for Kim Jong Un's years: its "
    f"share of articles naming China ranked {this.china_share_rank} and its stance toward China "
    f"{this.china_stance_rank} of the {len(seasons)} October-March seasons since 2012/13 "
    "(1 = highest).",
    f"- **The extraction** was right on {check_summary['precision']:.0%} of the messages it "
    f"found and found an estimated {check_summary['recall']:.0%} of those in the strata drawn "
    "before its revision; the revised rules were not checked on a fresh sample."])))

# %% [markdown]
# ## 10. References
#
# - Korean Central News Agency, English releases 1997-2018, as posted on kcna.co.jp
#   (`../shared/external/README.md`; read, never committed).
# - Clopper, C. J., & Pearson, E. S. (1934). The use of confidence or fiducial limits
#   illustrated in the case of the binomial. *Biometrika*, 26(4), 404-413.
# - Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

# %% [markdown]
# Previous: [08 · Stance toward China](08_stance.ipynb)
