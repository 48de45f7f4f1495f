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
# # 03 · The message record: who wrote to whom, when, and what was left unsaid
#
# Previous: [02 · The KCNA archive](02_archive.ipynb) · Next: [04 · The genre](04_genre.ipynb)
#
# **Question.** Which messages did Kim Jong Un and Xi Jinping, and their parties, exchange
# between October 2017 and March 2018? When was each sent, and how soon did each side's state
# media report it? Where are the silences? And how did the two sides' official English render
# the same message?
#
# The record is curated from the project's fact sheet: every row names its sources, every quote
# keeps the outlet that printed it and whose translation it is, and where a seed article carries
# the same words, the character span in the raw file (checked on every load). Nothing is
# inferred: where a full text or a report was not found, the tables say so.
#
# **Reads** `data/messages.csv`, `data/quotes.csv`, `data/message_texts.csv`, `data/events.csv`
# (described with types, keys and sources in `data/datapackage.json`) and `data/raw/` for the
# quote spans.
# **Writes** `data/processed/messages.csv` (with reporting lags and gaps),
# `data/processed/quotes.csv` (with word counts and nested fragments marked),
# `data/processed/events.csv` and `figures/messages_goldstein.png`/`.svg`.
#
# **Contents.**
# 1. Who wrote to whom, and how often
# 2. How soon each side reported
# 3. The silences
# 4. Both sides' versions of each exchange
# 5. The Goldstein profile of the exchanges
# 6. Tables for the later notebooks
# 7. What we found
# 8. References

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

from kimxi.io import processed
from kimxi.plots import messages as messages_plot, style
from kimxi.record import exchanges as exchange_tables, messages, versions
from kimxi.report import words
from kimxi.report.words import counted

# %%
pd.set_option("display.max_colwidth", 90)
style.use()
record = messages.load_record(DATA_DIR)  # validates all four tables and every quote span
exchanges = exchange_tables.exchange_table(record["messages"])
quotes, events = record["quotes"], record["events"]

# %%
exchanges.assign(
    start=exchanges.date_start.dt.strftime("%d %b %Y"),
    end=exchanges.date_end.dt.strftime("%d %b %Y"),
    reported=exchanges.date_reported.dt.strftime("%d %b %Y"),
    sender=exchanges.sender_person.where(exchanges.sender_person != "", exchanges.sender_organ),
    recipient=exchanges.recipient_person.where(exchanges.recipient_person != "",
                                               exchanges.recipient_organ),
)[["message_id", "start", "end", "direction", "kind", "sender", "recipient", "reported",
   "full_text_available"]]

# %% [markdown]
# ## Who wrote to whom, and how often
#
# A party-to-party message opens the record, sent by the WPK Central Committee to the CPC
# congress; then come a letter from Kim to the newly re-elected general secretary Xi and Xi's reply.
# Xi's special envoy Song Tao then visited Pyongyang: he brought a gift for Kim and a
# briefing on the congress, but no letter or verbal message from Xi was reported, and no meeting
# with Kim. The record counts the visit as an exchange, not as a message.

# %%
who = exchange_tables.who_to_whom(record["messages"])
who

# %%
months = exchange_tables.monthly_counts(record["messages"])
months

# %% [markdown]
# ## How soon each side reported
#
# `lag_days` counts the days from sending (for a visit, its first day) to the first report by
# DPRK state media (KCNA or Rodong Sinmun); `lag_days_prc` the days to the first PRC official
# report the sheet names. An empty cell means the sheet names none: for Xi's reply of November,
# Asia Times wrote that it was reportedly not covered by Chinese state media.

# %%
lags = exchanges[["message_id", "kind", "lag_days", "lag_days_prc", "duration_days"]]
lags

# %% [markdown]
# ## The silences
#
# The gaps between one exchange's last day and the next one's first day. Only gaps of at least
# `min_days` days (set in the cell below) are listed; the window's own edges count as neighbours.

# %%
gaps = exchange_tables.silences(record["messages"], min_days=30)
longest = gaps.sort_values("days").iloc[-1]
gaps

# %% [markdown]
# What happened around the two sides while they were silent: the context events that fall
# inside the longest gap.

# %%
timeline = exchange_tables.normalise_events(events)
inside = timeline[(timeline.date_start > pd.Timestamp(longest.last_day))
                  & (timeline.date_start < pd.Timestamp(longest.next_day))]
inside.assign(date=inside.date_start.dt.strftime("%d %b %Y"))[
    ["date", "category", "title", "note"]]

# %% [markdown]
# **The anniversaries.** The days on which a leader's or party's greeting would have been
# customary: the DPRK's founding day, the PRC's National Day and the WPK's founding anniversary.
# The sheet searched for a message on each and found none. The first lies before the window of
# the record (which starts in October), so for it only the sheet's search, which covered
# September 2017 to April 2018, speaks; one commentary says it was rumoured that China had
# failed to congratulate the DPRK that day, which remains a rumour. The table checks the record
# itself: no exchange is dated on any of these days.

# %%
anniversaries = exchange_tables.anniversary_check(record["messages"])
anniversaries

# %% [markdown]
# Outside the window and so outside the record: in April 2018 Song Tao conveyed Xi's "warm
# greetings" to Kim, and Kim returned them; later that month Kim condoled with China over a bus
# crash that killed Chinese tourists and Xi relayed his appreciation (the sheet's chronology for
# that one carries no day numbers). These are listed in the fact sheet, not in `messages.csv`.
#
# ## The same message in KCNA's and in Xinhua's words
#
# Kim's congratulations on Xi's re-election as president reached English readers in two official
# renderings: KCNA's (quoted by AP) and Xinhua's (in its roundup of congratulations). Each row
# pairs the words that make the same point; where one agency's quoted words have no counterpart
# in the other's, the cell is empty.

# %%
MARCH = "msg-2018-03-17-kim-xi"
pairs = [
    ("congratulations", "q-2018-03-17-01", None),
    ("achievements under Xi 'at the core'", "q-2018-03-17-02", "q-2018-03-17-04"),
    ("how relations will develop", "q-2018-03-17-03", "q-2018-03-17-05"),
]
with pd.option_context("display.max_colwidth", 200):
    display(exchange_tables.side_by_side(quotes, pairs))

# %%
quote_rows = exchange_tables.quote_table(quotes)
column = quote_rows[(quote_rows.message_id == MARCH) & (quote_rows.article_id == "art-003")]
host_translation = column.contained_in.map(quotes.set_index("quote_id").translation)
column.assign(same_words_as=column.contained_in, translation_of_those=host_translation)[
    ["quote_id", "text", "same_words_as", "translation_of_those"]]

# %% [markdown]
# ## Both sides' versions of each exchange
#
# What each side's official outlets published of each exchange (`data/exchange_versions.csv`,
# analysis plan entry P9): KCNA's English on the DPRK side, with its topics read off the full
# texts by the stated patterns of `kimxi.record.versions`; Xinhua, People's Daily and the
# foreign ministry on the PRC side, from contemporary news pages that quote them (each row
# names its sources and, where nothing was found, what was searched). A PRC topic is marked
# only where the outlet's own English shows it, and unknown where only a paraphrase or no
# version was found.

# %%
versions_table = versions.load_versions(Path(DATA_DIR, "exchange_versions.csv"))
versions.side_by_side(versions_table)

# %%
asym = versions.asymmetries(versions_table)
asym_counts = asym["kind"].value_counts().reindex(list(versions.KINDS), fill_value=0)
known_prc = versions_table[(versions_table.side == "PRC")
                           & (versions_table.wording != "not found")]
pd.crosstab(asym.topic, asym.kind).reindex(columns=list(versions.KINDS), fill_value=0)

# %%
TOPIC_NAMES = versions.TOPIC_WORDS
exchange_labels = {r.message_id: f"{r.date_start:%d %b %Y} {r.kind}"
                   for r in exchanges.itertuples()}
one_sided = asym[asym.kind.isin(["DPRK only", "PRC only"])]
summit_id = exchanges.loc[exchanges.kind == "summit", "message_id"].iloc[0]
summit_prc_only = one_sided[(one_sided.message_id == summit_id)
                            & (one_sided.kind == "PRC only")]
prc_only_named = words.joined([TOPIC_NAMES[t] for t in summit_prc_only.topic])

# %%
fig = messages_plot.plot_versions(
    asym, exchange_labels, TOPIC_NAMES,
    (f"At the Beijing summit only China's version named {prc_only_named}"
     if len(summit_prc_only) else "No topic known to be in one side's version only")
    + f" ({asym_counts['unknown']} of {len(asym)} cells unknown)")
written = style.save(fig, Path(FIGURES_DIR, "messages_versions"),
                     "KCNA English archive; news pages quoting Xinhua, People's Daily and the "
                     "PRC foreign ministry (data/exchange_versions.csv, data/sources.csv)")
Image(filename=str(written[0]))

# %%
summit_dprk = versions_table[(versions_table.message_id == summit_id)
                             & (versions_table.side == "DPRK")].iloc[0]
n_summit_texts = len([i for i in summit_dprk.text_ids.split("; ") if i])
display(Markdown(
    f"Of {len(asym)} exchange-topic cells, {asym_counts['unknown']} are unknown (a PRC version "
    f"was found for {len(known_prc)} of the {versions_table.message_id.nunique()} exchanges, "
    f"most only in excerpts). Where both sides are known, "
    f"{counted(int(asym_counts['PRC only']), 'topic')} appear only in China's version and "
    f"{counted(int(asym_counts['DPRK only']), 'topic')} only in KCNA's: "
    + words.listing([f"{TOPIC_NAMES[r.topic]} ({exchange_labels[r.message_id]}, {r.kind})"
                     for r in one_sided.itertuples()])
    + (f". KCNA's {n_summit_texts} articles on the Beijing summit name none of "
       f"{prc_only_named}; China's account of the talks names each." if len(summit_prc_only)
       else ".")))

# %% [markdown]
# ## The Goldstein profile of the exchanges
#
# Each exchange carries one CAMEO event code and its Goldstein value (from the table of
# `andybega/icews`, as printed in the fact sheet); the code is chosen for the kind of act, and
# the one-line justification says why. The Goldstein scale scores the type of act, not its
# warmth: a summit coded as hosting a visit scores below a congratulatory letter coded as praise.
# The figure lists the exchanges in date order, with the longest silence as its own row.

# %%
exchanges[["message_id", "cameo_code", "goldstein", "cameo_justification"]]

# %%
fig = messages_plot.plot_goldstein_profile(record["messages"])
figure = Path(FIGURES_DIR, "messages_goldstein")
style.save(fig, figure, source="data/messages.csv (fact sheet; CAMEO-Goldstein values "
                               "from andybega/icews cameo-codes.csv)")
Image(filename=str(figure.with_suffix(".png")))

# %% [markdown]
# ## Tables for the later notebooks
#
# The exchanges with their lags and gaps, the quotes with word counts and `contained_in` (the id
# of a longer quote of the same exchange that holds the same words, so a fragment is not counted
# twice), and the events in date order with their duration.

# %%
out = Path(PROCESSED_DIR)
written = processed.write({
    out / "messages.csv": exchange_tables.to_output(exchanges),
    out / "quotes.csv": exchange_tables.to_output(quote_rows),
    out / "events.csv": exchange_tables.to_output(timeline),
})
for path in written:
    print(path.name, len(pd.read_csv(path)), "rows")

# %% [markdown]
# ## What we found

# %%
n = len(exchanges)
by_dir = exchanges.direction.value_counts()
written_msgs = exchanges[exchanges.kind.isin(["congratulatory message", "message of thanks"])]
quiet = [f"{pd.Period(m):%B %Y}" for m in months.index[months.total == 0]]
hard = inside[inside.category.isin(["weapons test", "UN sanctions"])]
hard_named = [f"{r.title.split(':')[0]} ({r.date_start:%d %b})" for r in hard.itertuples()]
first_after = exchanges.set_index("message_id").loc[longest.before]
last_before = exchanges.set_index("message_id").loc[longest.after]
summit = exchanges[exchanges.kind == "summit"].iloc[0]

# %%
with_prc = exchanges[exchanges.lag_days_prc.notna()]
no_prc = exchanges[exchanges.lag_days_prc.isna()]
full = exchanges[exchanges.full_text_available]
spans = quotes[quotes.article_id != ""]
mixed = host_translation.value_counts()
march = exchanges[exchanges.date_start.dt.strftime("%Y-%m") == "2018-03"]
march_days = (march.date_end.max() - march.date_start.min()).days + 1
lowest = exchanges[exchanges.goldstein < exchanges.goldstein.max()]

# %%
display(Markdown(
    f"The record holds {n} exchanges between {exchanges.date_start.min():%d %B %Y} and "
    f"{exchanges.date_end.max():%d %B %Y}: {len(written_msgs)} written messages, "
    f"{(exchanges.kind == 'envoy visit').sum()} envoy visit and "
    f"{(exchanges.kind == 'summit').sum()} summit. {by_dir.get('DPRK->PRC', 0)} went from the "
    f"DPRK side to the PRC side and {by_dir.get('PRC->DPRK', 0)} the other way; of the written "
    f"messages {(written_msgs.direction == 'PRC->DPRK').sum()} came from Xi ("
    f"{words.listing(written_msgs[written_msgs.direction == 'PRC->DPRK'].kind, sep=', ')}); the "
    "record's sources say which of them Chinese state media carried."))

# %%
display(Markdown(
    f"DPRK state media reported every exchange within {exchanges.lag_days.max()} days, and "
    f"{(exchanges.lag_days <= 1).sum()} of the {n} within a day of sending; the "
    f"{summit.duration_days}-day Beijing visit was made public only on its last day, "
    f"{summit.lag_days} days after it began. The sheet names a PRC official report for "
    f"{len(with_prc)} of the {n} exchanges, {(with_prc.lag_days_prc <= with_prc.lag_days).sum()} "
    f"of them no later than the DPRK report; for the other {len(no_prc)} "
    f"({', '.join(no_prc.message_id)}) it names none."))

# %%
display(Markdown(
    f"After the {last_before.kind} of {pd.Timestamp(longest.last_day):%d %B %Y} no exchange "
    f"was found for {longest.days} days, until {first_after.sender_person}'s {first_after.kind} "
    f"of {first_after.date_start:%d %B %Y}: the months {', '.join(quiet)} have none, while "
    f"{words.counted(len(inside), 'context event')} fell in that gap"
    + (f", among them: {words.listing(hard_named)}. " if hard_named else ". ")
    + f"No exchange is dated on any of the {len(anniversaries)} customary anniversaries "
    f"({(~anniversaries.in_record_window).sum()} of them before the record's window, where "
    f"only the sheet's search speaks). Then "
    f"March brought {len(march)} exchanges in {march_days} days."))

# %%
display(Markdown(
    f"{words.counted(len(full), 'exchange has', 'exchanges have')} a full text in the record "
    f"({words.listing(full.message_id, sep=', ')}); the "
    f"words of the exchanges otherwise reach us as {len(quotes)} quoted fragments "
    f"({(quotes.verbatim_or_paraphrase == 'paraphrase').sum()} of them paraphrases), "
    f"{len(spans)} of which are verified character for character in the seed articles. "
    f"The same March message reads differently in KCNA's "
    f"and Xinhua's English, and the opinion column art-003 quotes it in both: "
    f"{mixed.get('Xinhua', 0)} phrase in Xinhua's words and {mixed.get('KCNA', 0)} in KCNA's. "
    f"On the Goldstein scale every exchange scores between {exchanges.goldstein.min():g} and "
    f"{exchanges.goldstein.max():g}: mildly cooperative acts. The values below the top go to the "
    f"{' and the '.join(lowest.kind)}, because the scale scores the type of act, not its "
    f"warmth."))

# %% [markdown]
# ## References
#
# - The fact sheet of the record and every source it names: `data/SOURCES.md` (one section per
#   exchange, quote and event) and `data/sources.csv` (outlet, title, date and address of each
#   source); the tables are described in `data/datapackage.json`.
# - Gerner, D. J., Schrodt, P. A., Yilmaz, Ö. & Abu-Jabr, R. (2002). *Conflict and Mediation
#   Event Observations (CAMEO): a new event data framework for the analysis of foreign policy
#   interactions*. International Studies Association, New Orleans.
# - Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data. *Journal of
#   Conflict Resolution* 36(2), 369-385.
# - KCNA English archive, 1 Sep 2017 - 26 Apr 2018 (scraped from kcna.co.jp by
#   `codebykyle/kcna_scraper`, commit 4611b3a), for KCNA's full texts of the exchanges
#   (`data/message_texts.csv`; notebook 02).
#
# Previous: [02 · The KCNA archive](02_archive.ipynb) · Next: [04 · The genre](04_genre.ipynb)
