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
# # 06 · Topics of the KCNA archive: what KCNA wrote about, week by week
#
# Previous: [05 · Sentiment](05_sentiment.ipynb) · Next: [07 · Timeline](07_timeline.ipynb)
#
# **Question.** What did KCNA write about in the months of the Kim-Xi exchanges, how many topics
# can its 4,000-odd English articles of Sep 2017 - Apr 2018 support, and do the topics that are
# about China rise around the exchanges?
#
# A topic model finds groups of words that occur together. Its answer depends on the number of
# topics k, so k is not picked by eye: it is the k whose topics come back when the model is
# refitted on parts of the corpus (Greene, O'Callaghan & Cunningham 2014). The two source
# articles of the collection hold a few dozen sentences, too few for topics that survive such
# refits, so they are not modelled here; their words are read in notebooks 01, 03 and 05.
#
# **Contents.**
# 1. The documents and their terms
# 2. How many topics? Stability against k
# 3. The topics at the chosen k
# 4. Which topics are China's: a stated rule
# 5. Topics week by week, with the exchanges
# 6. Do the China topics rise around the exchanges? A circular-shift test, and its sensitivity to k
# 7. Tables written
# 8. What we found, caveats and references
#
# **Reads** `data/kcna/articles.csv` (id, date and title of every article of the archive) and
# `data/kcna/dtm.mtx.gz` with `dtm_terms.csv` (its article-by-term counts: the archive's text
# is not committed, and counts are enough for a topic model; notebook 02 says how they are
# built), the message record `data/messages.csv` and `data/message_texts.csv` for the dates
# of the exchanges. **Writes** `data/processed/topics_*.csv` and `figures/topics_*.png/.svg`.

# %% tags=["parameters"]
# Parameters. `make test` sends the outputs to a temporary folder.
import os

DATA_DIR = "../data"
PROCESSED_DIR = os.environ.get("KIMXI_PROCESSED_DIR", "../data/processed")
FIGURES_DIR = os.environ.get("KIMXI_FIGURES_DIR", "../figures")
SEED = 0  # the seed of every random choice
KS = list(range(5, 41, 5))  # the numbers of topics tried
N_RUNS = 10  # refits on subsamples per k still in contention (section 2)
N_JOBS = min(2, os.cpu_count() or 1)  # processes for the refits
TARGET = "China"  # the country or word whose topics are followed over time

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, Markdown, display

import kimxi.archive.tables as archive_tables
import kimxi.io.processed as processed_tables
import kimxi.topics.stability as topic_stability
from kimxi.corpus import windows
from kimxi.plots import style, topics as topics_plot
from kimxi.record import messages
from kimxi.topics import model as topics, over_time as topic_time

# %%
style.use()
pd.set_option("display.max_colwidth", 120)
processed, figures = Path(PROCESSED_DIR), Path(FIGURES_DIR)

# %% [markdown]
# ## 1. The documents and their terms
#
# The unit is the **article**: a KCNA item is short and about one thing (a greeting, a visit,
# a denunciation), and the question is what KCNA wrote about. Each article is reduced to the
# counts of its terms (`kimxi.topics.terms`: names joined into one term, news agencies removed,
# stop words and calendar words dropped, plurals folded). These counts are the committed
# `data/kcna/dtm.mtx.gz`.

# %%
docs = archive_tables.load_built(names=("articles.csv",))["articles.csv"]
counts = archive_tables.read_matrix(Path(DATA_DIR, "kcna", "dtm.mtx.gz"))
vocabulary = archive_tables.load_built(names=("dtm_terms.csv",))["dtm_terms.csv"]
named = docs[TARGET.lower()].to_numpy(bool)
SOURCE = "KCNA English archive, Sep 2017 - Apr 2018 (article-by-term counts, data/kcna)"
docs["date"] = pd.to_datetime(docs["date"])
print(f"{len(docs):,} documents from {docs.date.min():%d %b %Y} to {docs.date.max():%d %b %Y}; "
      f"{counts.shape[1]:,} terms in at least two of them; {named.sum():,} name {TARGET}")

# %% [markdown]
# The counts become **TF-IDF** weights (`kimxi.topics.model.weigh`): a term counts for more in an
# article the more often it occurs there (sublinearly: the tenth use adds less than the
# second) and the fewer articles use it; each article's weights are scaled to length 1, so a
# long article does not outweigh a short one. Terms in fewer than 5 articles (too rare to shape
# a topic; in a corpus under 500 documents, fewer than 1% of them and at least 2) or in more
# than half of them (too common to separate topics) are dropped.

# %%
X, terms = topics.weigh(counts, vocabulary["term"])
KS = topic_stability.feasible(KS, X)   # a small corpus cannot hold the largest k
print(f"{X.shape[0]:,} documents x {X.shape[1]:,} terms kept, of {counts.shape[1]:,}; "
      f"{X.nnz:,} non-zero weights ({X.nnz / X.shape[0]:.0f} terms per document on average)")

# %% [markdown]
# ## 2. How many topics? Stability against k
#
# The model is **NMF** (non-negative matrix factorisation; `kimxi.topics.model` says why this one
# and with which settings): it writes each article as a weighted mix of k topics, and each
# topic as a weighted list of terms. For each k from 5 to 40 in steps of 5
# (`kimxi.topics.stability`):
#
# 1. NMF is fitted on all the articles: the **reference**.
# 2. It is refitted on `N_RUNS` random subsamples of 80% of the articles (run r draws with seed
#    `SEED + r`; the same subsamples serve every k).
# 3. Each refit's topics are paired one to one with the reference's (the Hungarian method) and
#    their top-10 term lists compared by Greene et al.'s **average Jaccard**: the overlap of the
#    two lists' top 1, top 2, ..., top 10 terms (shared terms over all terms named), averaged,
#    so that agreement at the top of a list counts most. 1 means every topic came back with the
#    same terms in the same order.
# 4. The refits are **raced** (Maron & Moore 1994): every k is first refitted
#    `topic_stability.FIRST_RUNS` times; a k whose mean agreement plus `RACE_Z` standard errors
#    then lies below the best k's mean minus `RACE_Z` of its standard errors is out of the choice
#    and stops there. The k still in contention get all `N_RUNS` refits. The `runs` column of
#    the table below says how many each k got.
#
# **Rule, fixed before the archive was fitted** (`choose_k`): the k with the highest mean
# agreement, unless a smaller k lies within one standard error of it; then the smallest such k.

# %%
runs = topic_stability.stability_runs(X, terms, KS, n_runs=N_RUNS, seed=SEED, n_jobs=N_JOBS)
stability = topic_stability.summarise_stability(runs)
K, reason = topic_stability.choose_k(stability)
fewest, most = stability.runs.min(), stability.runs.max()
raced, z = stability.k[stability.runs == most].tolist(), topic_stability.RACE_Z
display(Markdown(f"**k = {K}**, because {reason}. " + (
    f"Every k was refitted {most} times." if fewest == most else
    f"Every k was refitted {fewest} times first; k = {', '.join(map(str, raced))} "
    f"{'was' if len(raced) == 1 else 'were'} still in contention (mean plus {z:g} standard "
    f"errors at or above the best k's mean minus {z:g} of its own) and got {most} in all.")))
stability.round(3)

# %%
chance = topic_stability.chance_average_jaccard(10, len(terms))
best = stability.set_index("k").loc[K]
fig = topics_plot.plot_stability(
    stability, K, f"{K} topics come back most reliably from refits on 80% subsamples "
    f"(average Jaccard {best.avg_jaccard_mean:.2f})", chance=chance)
style.save(fig, figures / "topics_stability",
           source=SOURCE + f"; NMF, {stability.runs.min()} to {stability.runs.max()} refits per k")
Image(filename=str(figures / "topics_stability.png"))

# %% [markdown]
# ## 3. The topics at the chosen k
#
# The model at the chosen k, fitted on all the articles. Each topic is shown by its ten top
# terms, its size (the articles whose largest weight it carries, and its share of all the
# articles' weight) and the titles of its three most representative articles: those that put
# the largest share of their weight on it. The label is the topic's three top terms, joined in
# code; a reader names a topic from its terms and titles, not the other way round.

# %%
model = topics.fit_topics(X, terms, K, seed=SEED)
summary = topics.topic_table(docs, model)
summary[["topic", "label", "documents", "share", "top_terms", "titles"]]

# %% [markdown]
# ## 4. Which topics are China's: a stated rule
#
# A topic is **China's** when China is named (China, Chinese, Beijing, PRC, CPC, Sino-, Xi
# Jinping: the rule of `kimxi.archive.mentions`) in at least **twice** the share of its articles as of
# the whole archive, and in at least 5 of them (`kimxi.topics.over_time.target_topics`). The rule
# reads what the articles say, not the topic's top terms: a topic can be mostly about China's
# visits or messages without "china" among its ten top terms.
#
# A coarse model may hold no such topic: China is a small part of what KCNA writes about, and
# at a small k its articles fall into broader topics (visits, greetings). The rule then goes on
# to the next larger k of the range that has a China topic; that model answers the questions of
# sections 5 and 6, and every k of the range is shown beside it. (Fixed before the archive was
# fitted, like the choice of k.)

# %%
models = {k: model if k == K else topics.fit_topics(X, terms, k, seed=SEED) for k in KS}
rules = {k: topic_time.target_topics(m.labels, named) for k, m in models.items()}
finer = [k for k in KS if k >= K and rules[k].target.any()]
KQ = finer[0] if finer else None
print(f"{named.mean():.1%} of all documents name {TARGET}. Topics that are {TARGET}'s, by k:")
pd.DataFrame([{"k": k, "topics": int(r.target.sum()), "articles in them": int(
    r.documents[r.target].sum()), "largest lift": r.lift.max().round(2)}
    for k, r in rules.items()])

# %%
summary = summary.merge(rules[K].drop(columns="documents"), on="topic", how="left")
if KQ is None:
    MQ, summary_q, target = model, summary, set()
    print(f"No k of the range has a topic that is {TARGET}'s: sections 5 and 6 show no target.")
else:
    MQ = models[KQ]
    summary_q = topics.topic_table(docs, MQ).merge(rules[KQ].drop(columns="documents"),
                                                   on="topic", how="left")
    target = set(summary_q.topic[summary_q.target.astype(bool)])
    display(Markdown(f"**The model of the {TARGET} question: k = {KQ}**, with {len(target)} "
                     f"{TARGET} topic{'s' if len(target) > 1 else ''}."))
    display(summary_q[summary_q.target.astype(bool)][["topic", "label", "documents",
            "share_naming", "lift", "top_terms", "titles"]].round(3))

# %%
fig = topics_plot.plot_topics(
    summary_q, target, f"The {MQ.k} topics of {len(docs):,} articles"
    + (f"\nin black, the {len(target)} whose articles name {TARGET} at least twice as often as "
       "the corpus does" if target else ""))
style.save(fig, figures / "topics_sizes", source=SOURCE + f"; NMF, k = {MQ.k}")
Image(filename=str(figures / "topics_sizes.png"))

# %% [markdown]
# ## 5. Topics week by week, with the exchanges
#
# Each article's topic weights are scaled to sum to 1; a topic's share of a week is the mean
# of those shares over the week's articles (`kimxi.topics.over_time.period_shares`; by month for a
# corpus spanning more than two years). The top panel adds up the China topics; the bottom
# panel shows every topic, darker where it takes more of the week. Vertical lines: the
# exchanges of the message record (`data/messages.csv`, the day each was sent), in the colour
# of the side that sent it; grey triangles: the context events of `data/events.csv` (tests,
# sanctions, summits, inter-Korean talks; notebook 07 names them).

# %%
record = messages.load_record(DATA_DIR)
sent = record["messages"]
marks = pd.DataFrame({"date": sent.date_sent,  # the sending side; "in person" for a meeting
                      "side": sent.direction.str.split("->").str[0].str.lower()})
reports = set(record["message_texts"].kcna_id.dropna())  # KCNA's texts of the exchanges
period = windows.period_of(docs.date)
weekly = topic_time.period_shares(docs.date, MQ.shares, period)

# %%
documents = topics.document_table(docs, MQ, sorted(target))
by_week = weekly[weekly.topic.isin(target)].groupby("period").share.sum()
fig = topics_plot.plot_over_time(
    weekly, MQ.topic_labels, target,
    (f"The {TARGET} topics took from {by_week.min():.0%} to {by_week.max():.0%} of a "
     f"{'week' if period == 'W' else 'month'}'s topic weight" if target else
     f"Topic shares per {'week' if period == 'W' else 'month'}"), marks=marks,
    target_name=TARGET, events=record["events"].date_start)
style.save(fig, figures / "topics_weekly", source=SOURCE + f"; NMF, k = {MQ.k}")
Image(filename=str(figures / "topics_weekly.png"))

# %% [markdown]
# ## 6. Do the China topics rise around the exchanges?
#
# **Test** (`kimxi.topics.over_time.shift_test`). Each article's China share is the share of its
# topic weight on the China topics. The statistic: the mean China share of the articles
# published within 3 days of an exchange, minus that of all other articles. Its null
# distribution moves all the exchange dates together by 1, 2, ... days, circularly over the
# archive's span, and recomputes the statistic for every shift: the exchanges keep their
# spacing and KCNA's coverage keeps its runs, which a shuffle of articles would break. The
# one-sided p-value is the share of shifts (the real dates included) that do at least as well.
#
# KCNA's own reports of the exchanges (the articles `data/message_texts.csv` cites) are about
# China by construction, so the test of record leaves them out; the second row puts them
# back. The same test at every k of the range with a China topic shows whether the answer
# rests on k.

# %%
tests = []
if target:
    excluded = docs["id"].isin(reports).to_numpy()
    for k, r in rules.items():
        if not r.target.any():
            continue
        share = models[k].shares[:, sorted(r.topic[r.target])].sum(axis=1)
        for with_reports in ((False, True) if k == KQ else (False,)):
            result = topic_time.shift_test(docs.date, share, marks.date, 3,
                                           None if with_reports else excluded)
            tests.append({"k": k, "chosen": k == KQ, "reports": "included" if with_reports
                          else "left out", "target_topics": ";".join(
                              map(str, r.topic[r.target])), **result})
tests = pd.DataFrame(tests) if tests else None

# %%
if tests is not None:
    display(tests[["k", "reports", "target_topics", "documents_near", "documents_rest",
                   "mean_near", "mean_rest", "difference", "p_value"]].round(4))
else:
    print(f"Skipped: no topic of any k is {TARGET}'s by the rule.")

# %% [markdown]
# ## 7. Tables written
#
# Every table is derived from the counts, never the text: the topics' terms and the titles of
# their representative articles (titles are committed in `data/kcna/articles.csv`), each
# article's topic and China share, the weekly shares, the stability runs and the test.

# %%
fitted = {K: (model, summary)} | ({KQ: (MQ, summary_q)} if KQ else {})
outputs = {
    processed / "topics_stability.csv": stability.assign(chosen=stability.k == K).round(4),
    processed / "topics_summary.csv": pd.concat(
        [t.assign(k=k).fillna({"naming": 0, "share_naming": 0.0, "lift": 0.0, "target": False})
         for k, (m, t) in fitted.items()]).round(4),
    processed / "topics_terms.csv": pd.concat(
        [topics.terms_table(m).assign(k=k) for k, (m, t) in fitted.items()]),
    processed / "topics_documents.csv": documents.assign(k=MQ.k),
    processed / "topics_weekly.csv": weekly.assign(k=MQ.k),
    **({processed / "topics_target_test.csv": tests.drop(columns="null_mean").round(4)}
       if tests is not None else {}),
}
processed_tables.write(outputs)
pd.DataFrame({"table": [p.name for p in outputs], "rows": [len(t) for t in outputs.values()]})

# %% [markdown]
# ## 8. What we found

# %%
largest = summary.sort_values("share").iloc[-1]
display(Markdown(
    f"- **How many topics.** Of k = {', '.join(map(str, KS))}, the {len(docs):,} articles "
    f"support **{K} topics**: {reason}. At k = {K} the refits bring back top-10 term lists with "
    f"a mean average Jaccard of {best.avg_jaccard_mean:.2f} (sd {best.avg_jaccard_sd:.2f}; "
    f"two random lists would score {chance:.2f}); at k = {KS[-1]}, "
    f"{stability.avg_jaccard_mean.iloc[-1]:.2f}. The largest topic, '{largest.label}', carries "
    f"{largest.share:.0%} of the weight ({largest.documents:,} articles)."))

# %%
china_rows = summary_q[summary_q.target.astype(bool)] if KQ else summary_q.iloc[0:0]
nearest = summary.sort_values("lift").iloc[-1]
display(Markdown(
    f"- **{TARGET}'s topics.** {named.mean():.1%} of the articles name {TARGET}. "
    + (f"At k = {K} no topic is {TARGET}'s by the rule (the nearest: '{nearest.label}', whose "
       f"articles name it {nearest.lift:.2f} times as often as the corpus does, "
       f"{nearest.naming:.0f} of them). " if KQ != K else "")
    + (f"At k = {KQ}, {len(china_rows)} topic{'s' if len(china_rows) > 1 else ''} "
       f"{'are' if len(china_rows) > 1 else 'is'} {TARGET}'s: " + "; ".join(
           f"'{r.label}' ({r.documents} articles, {r.share_naming:.0%} of them name {TARGET})"
           for r in china_rows.itertuples()) + "." if KQ else
       f"No k of the range has a topic that is {TARGET}'s.")))

# %%
if tests is not None:
    main = tests[tests.chosen & (tests.reports == "left out")].iloc[0]
    back = tests[tests.chosen & (tests.reports == "included")].iloc[0]
    others = tests[~tests.chosen]
    display(Markdown(
        f"- **Around the exchanges.** Within 3 days of an exchange, KCNA's other articles put "
        f"{main.mean_near:.1%} of their weight on the China topics (k = {KQ}), against "
        f"{main.mean_rest:.1%} at other times ({main.difference:+.1%}; circular-shift p = "
        f"{main.p_value:.3f} over {main.shifts} shifts). With KCNA's reports of the exchanges, "
        f"{back.mean_near:.1%} against {back.mean_rest:.1%} (p = {back.p_value:.3f}). "
        + (f"At the other k with China topics the difference runs from "
           f"{others.difference.min():+.1%} to {others.difference.max():+.1%}, p from "
           f"{others.p_value.min():.3f} to {others.p_value.max():.3f}." if len(others) else "")))

# %% [markdown]
# **Caveats.** KCNA's English service is a selection and a translation, not the Korean
# domestic press. A topic is a statistical regularity of word use, not a subject a reader would
# name; the labels are the top terms, nothing more. The test asks about KCNA's attention, not
# about policy, and its dates are when the exchanges were sent: several fall in the same weeks
# (October 2017, March 2018), so the test has fewer independent chances than exchanges.
#
# ## References
#
# - Greene, D., O'Callaghan, D. & Cunningham, P. (2014). How many topics? Stability analysis for
#   topic models. *Machine Learning and Knowledge Discovery in Databases* (ECML PKDD), LNCS 8724,
#   498-513.
# - Lee, D. D. & Seung, H. S. (1999). Learning the parts of objects by non-negative matrix
#   factorization. *Nature* 401, 788-791.
# - Boutsidis, C. & Gallopoulos, E. (2008). SVD based initialization: a head start for
#   nonnegative matrix factorization. *Pattern Recognition* 41(4), 1350-1362.
# - Maron, O. & Moore, A. W. (1994). Hoeffding races: accelerating model selection search for
#   classification and function approximation. *Advances in Neural Information Processing
#   Systems* 6, 59-66.
# - Breiman, L., Friedman, J., Olshen, R. & Stone, C. (1984). *Classification and Regression
#   Trees*. Wadsworth (the one-standard-error rule).
# - Kuhn, H. W. (1955). The Hungarian method for the assignment problem. *Naval Research
#   Logistics Quarterly* 2, 83-97.
# - Nothman, J., Qin, H. & Yurchak, R. (2018). Stop word lists in free open-source software
#   packages. *Proceedings of NLP-OSS*, 7-12.
# - KCNA English archive, 1 Sep 2017 - 26 Apr 2018 (scraped from kcna.co.jp by
#   `codebykyle/kcna_scraper`, commit 4611b3a); `data/kcna/` and notebook 02.
#
# Previous: [05 · Sentiment](05_sentiment.ipynb) · Next: [07 · Timeline](07_timeline.ipynb)
