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
# # 07 · The timeline: who wrote to whom, when, in what tone, and against which events
#
# Previous: [06 · Topics](06_topics.ipynb) · Next: [08 · Stance toward China](08_stance.ipynb)
#
# **Question.** Seen on one chart, how do the exchanges of Kim Jong Un and Xi Jinping (and their
# parties) between October 2017 and March 2018 line up with each other and with the events around
# them: the party congress, the missile test, the sanctions, the Olympics, the summits?
#
# **Reads** the curated record `data/messages.csv` and `data/events.csv` (notebook 03 explains
# them), the article metadata `data/raw/articles.csv`, the tone of each exchange on the
# measure validated in notebook 05 (`data/processed/sentiment_by_message.csv`), and KCNA's weekly
# mentions of China and the US (`data/processed/archive_weekly.csv`, notebook 02).
# **Writes** `figures/timeline_messages.png/.svg`, `figures/timeline_tone_goldstein.png/.svg` and
# `data/processed/timeline_exchanges.csv`.
#
# **Contents.**
# 1. The timeline of exchanges and events
# 2. What happened during the silence
# 3. Tone against event coding, and the gaps between exchanges
# 4. What we found
# 5. References

# %% tags=["parameters"]
# Parameters (papermill can override them): where inputs are read and outputs written.
# The environment may redirect the outputs (`make test` sends them to a temporary folder).
import os

DATA_DIR = "../data"
PROCESSED_DIR = os.environ.get("KIMXI_PROCESSED_DIR", "../data/processed")
FIGURES_DIR = os.environ.get("KIMXI_FIGURES_DIR", "../figures")

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, Markdown, display

from kimxi.corpus import articles as corpus
from kimxi.io import processed
from kimxi.plots import style, timeline
from kimxi.record import exchanges as exchange_tables, messages

# %%
style.use()
record = messages.load_record(DATA_DIR)
articles = corpus.load_article_table(Path(DATA_DIR, "raw", "articles.csv"))
tone = processed.read(Path(PROCESSED_DIR, "sentiment_by_message.csv"))
coverage = processed.read(Path(PROCESSED_DIR, "archive_weekly.csv"))  # notebook 02
tone

# %% [markdown]
# ## The timeline of exchanges and events

# %% [markdown]
# The tone of each exchange's own words, from the gold codes of its hand-coded units (notebook
# 05 shows the validated measure's reading beside them), is the table above (`n_units` says how many units it rests on; `mean_tone`
# is their mean class, from -1 to +1); exchanges whose words were not hand-coded have no row.
# The chart does not colour the exchanges by it: notebook 04 shows that leader-to-leader messages
# are warm by genre, so a colour for "cooperative" would carry no information. The chart shows
# what varies instead: when the messages went, when they were answered and reported, and how
# much KCNA wrote about China week by week. The Goldstein value of each exchange's CAMEO code is
# printed beside its label.

# %%
facts = timeline.render(record, articles, tone, FIGURES_DIR, source=timeline.SOURCE,
                        coverage=coverage)
assert not facts["overlaps"], f"labels overlap: {facts['overlaps']}"  # checked on every run
Image(filename=str(Path(FIGURES_DIR, "timeline_messages.png")))

# %% [markdown]
# **How to read it.** Three lanes by direction: letters from Kim or the Workers' Party to Xi or
# the Communist Party (top), the other way (middle), and meetings in person (bottom). Marker shape
# is the kind of exchange; a bar is a visit that lasted several days; the small arrow under a
# marker runs from the sending date to the day DPRK state media reported it. The yellow stretch is
# the longest gap between exchanges; the grey bands mark the windows in which the two source
# articles were published. The panel beneath gives the share of each week's KCNA articles that
# name China (bars) and the United States (line), from KCNA's English archive (notebook 02). The
# band at the bottom gives the context events by category; the labelled ones are those the story
# turns on, the ticks the rest of `data/events.csv`.

# %%
exchanges = facts["exchanges"]
shown = exchanges[["message_id", "date_start", "date_end", "direction", "kind", "tone",
                   "mean_tone", "goldstein", "lag_days", "days_since_previous"]].copy()
shown["date_start"] = shown.date_start.dt.date
shown["date_end"] = shown.date_end.dt.date
shown.round(2)

# %% [markdown]
# ## What happened during the silence
#
# The context events that fall strictly inside the longest gap between two exchanges, by
# category.

# %%
silence = facts["silence"]
events = record["events"]
inside = events[(events.date_start > pd.Timestamp(silence["last_day"]))
                & (events.date_start < pd.Timestamp(silence["next_day"]))]
inside_by_category = inside.groupby("category").title.agg(["count", "; ".join])
inside_by_category

# %% [markdown]
# ## Tone against event coding, and the gaps between exchanges

# %%
Image(filename=str(Path(FIGURES_DIR, "timeline_tone_goldstein.png")))

# %%
written = processed.write({Path(PROCESSED_DIR, "timeline_exchanges.csv"):
                               exchange_tables.to_output(exchanges)})
print(*(p.name for p in written))

# %% [markdown]
# ## What we found

# %%
tone_names = {1: "cooperative", 0: "neutral or mixed", -1: "conflictual"}
counts = exchanges.tone.map(tone_names).value_counts()
gaps = exchanges.days_since_previous.dropna().astype(int)
in_gap = inside.category.value_counts()
steady = exchanges.tone.nunique() == 1
tests, resolutions = in_gap.get("weapons test", 0), in_gap.get("UN sanctions", 0)

# %%
display(Markdown(
    f"{facts['title']}. The longest gap runs from {silence['last_day']:%d %B %Y} to "
    f"{silence['next_day']:%d %B %Y}; {len(inside)} context events fall inside it, among them "
    f"{tests} weapons test{'' if tests == 1 else 's'} and "
    f"{resolutions} UN sanctions resolution{'' if resolutions == 1 else 's'}. The other gaps "
    f"between exchanges last {gaps.min()} to "
    f"{gaps.drop(gaps.idxmax()).max()} days. On the gold codes of their words "
    + ", ".join(f"{n} exchange{'s' if n != 1 else ''} read {name}" for name, n in counts.items())
    + f"; the Goldstein values of their CAMEO codes range from {exchanges.goldstein.min():+.1f} "
    f"to {exchanges.goldstein.max():+.1f}"
    + (", all on the cooperative side of the scale. " if exchanges.goldstein.min() > 0 else ". ")
    + ("The tone of the words does not move with the events; what moves is whether the two "
       "sides write at all." if steady else
       "The tone of the words varies between exchanges; the table above shows which.")))

# %% [markdown]
# ## References
#
# - The record and its sources: `data/messages.csv`, `data/events.csv`, `data/SOURCES.md` and
#   `data/sources.csv` (notebook 03).
# - Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data. *Journal of
#   Conflict Resolution* 36(2), 369-385; CAMEO codes as in Gerner, D. J., Schrodt, P. A.,
#   Yilmaz, Ö. & Abu-Jabr, R. (2002), *Conflict and Mediation Event Observations (CAMEO)*.
# - Tone: the measure validated in notebook 05 against the gold set of `data/gold/`.
# - KCNA's weekly mentions: the KCNA English archive (notebook 02).
#
# Previous: [06 · Topics](06_topics.ipynb) · Next: [08 · Stance toward China](08_stance.ipynb)
