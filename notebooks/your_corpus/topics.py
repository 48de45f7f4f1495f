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
# # The topics of your corpus
#
# What the corpus is about: how many topics its documents support, chosen by how reliably they
# come back when the model is refitted on parts of the corpus, what each topic is, and how the
# topics of a target (a country or any word) move over time. Beside it, `tone.ipynb` reads the
# tone of the corpus's sentences.

# %% [markdown]
# **The outputs hold copies of your corpus's wording.** The topics' top terms, and the titles
# of each topic's most representative documents, printed below and written to
# `topics_summary.csv` and `topics_documents.csv`, come from the corpus word for word, and so does
# the result cache of the run (`cache/` beside them). If your corpus may not be passed on,
# neither may these.

# %% tags=["parameters"]
# Parameters: `kimxi corpus` sets them; the defaults run the small test corpus, and
# write to a temporary folder (`make test` sets another through the environment).
import os
import tempfile

CORPUS = "../../tests/fixtures/corpus_small.csv"  # columns id, date, title, text
DATE_FROM = ""  # YYYY-MM-DD, inclusive; "" for no limit
DATE_TO = ""
TARGET = "China"  # the country or word whose topics are followed over time
OUTPUTS = os.path.join(tempfile.gettempdir(), "kimxi-your-corpus")
PROCESSED_DIR = os.path.join(os.environ.get("KIMXI_PROCESSED_DIR", OUTPUTS), "your_corpus")
FIGURES_DIR = os.path.join(os.environ.get("KIMXI_FIGURES_DIR", OUTPUTS), "your_corpus")
SEED = 0  # the seed of every random choice
KS = list(range(5, 41, 5))  # the numbers of topics tried
N_RUNS, N_JOBS = 10, min(2, os.cpu_count() or 1)  # refits per k at most; processes

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, Markdown, display

import kimxi.io.processed as processed_tables
import kimxi.topics.stability as topic_stability
from kimxi.corpus import windows
from kimxi.plots import style, topics as topics_plot
from kimxi.topics import model as topics, over_time as topic_time, terms as topic_terms

# %%
style.use()
pd.set_option("display.max_colwidth", 120)
NAME = Path(CORPUS).name
processed, figures = Path(PROCESSED_DIR), Path(FIGURES_DIR)

# %% [markdown]
# ## 1. The documents and their terms

# %%
# checked, cleaned and counted a chunk of documents at a time, their texts never all held
docs, counts, vocabulary, named = topic_terms.read_counts(CORPUS, DATE_FROM, DATE_TO, TARGET)
SOURCE = f"{NAME}, {len(docs):,} documents"
docs["date"] = pd.to_datetime(docs["date"])
X, terms = topics.weigh(counts, vocabulary["term"])
KS = topic_stability.feasible(KS, X)  # a small corpus cannot hold the largest k

# %%
display(Markdown(
    f"{NAME} holds {len(docs):,} documents from {docs.date.min():%d %b %Y} to "
    f"{docs.date.max():%d %b %Y}; {named.sum():,} of them name {TARGET}. Each document is "
    f"reduced to the counts of its terms (`kimxi.topics.terms`): {counts.shape[1]:,} terms "
    f"occur in at least two documents, and {X.shape[1]:,} are kept as TF-IDF weights "
    f"(`kimxi.topics.model.weigh`: neither too rare to shape a topic nor in more than half "
    f"the documents), {X.nnz / X.shape[0]:.0f} per document on average. The numbers of "
    f"topics tried: k = {', '.join(map(str, KS))}."))

# %% [markdown]
# ## 2. How many topics? Stability against k

# %%
runs = topic_stability.stability_runs(X, terms, KS, n_runs=N_RUNS, seed=SEED, n_jobs=N_JOBS)
stability = topic_stability.summarise_stability(runs)
K, reason = topic_stability.choose_k(stability)
chance = topic_stability.chance_average_jaccard(10, len(terms))
best = stability.set_index("k").loc[K]
display(Markdown(
    f"For each k, NMF is fitted on all {len(docs):,} documents of {NAME} and refitted on "
    f"random 80% subsamples (at most {stability.runs.max()} refits per k, raced: a k out "
    "of contention stops early; the `runs` column); each refit's top-10 term lists are set "
    f"against the full fit's by average Jaccard. **k = {K}**, because {reason}. Its refits "
    f"reach {best.avg_jaccard_mean:.2f} (two random lists would score {chance:.2f})."))
stability.round(3)

# %%
fig = topics_plot.plot_stability(
    stability, K, f"{K} topics of {NAME} come back most reliably from refits on 80% subsamples "
    f"(average Jaccard {best.avg_jaccard_mean:.2f})", chance=chance)
style.save(fig, figures / "topics_stability",
           source=SOURCE + f"; NMF, {stability.runs.min()} to {stability.runs.max()} refits per k")
Image(filename=str(figures / "topics_stability.png"))

# %% [markdown]
# ## 3. The topics at the chosen k

# %%
model = topics.fit_topics(X, terms, K, seed=SEED)
summary = topics.topic_table(docs, model)
largest = summary.sort_values("share").iloc[-1]
display(Markdown(
    f"The {K} topics of {NAME}, each with its ten top terms, the documents whose largest "
    f"weight it carries, its share of all the weight and the titles of its three most "
    f"representative documents. The largest, '{largest.label}', carries {largest.share:.0%} "
    f"of the weight ({largest.documents:,} documents). A label is a topic's three top terms."))
summary[["topic", "label", "documents", "share", "top_terms", "titles"]]

# %% [markdown]
# ## 4. The topics of the target

# %%
models = {k: model if k == K else topics.fit_topics(X, terms, k, seed=SEED) for k in KS}
rules = {k: topic_time.target_topics(m.labels, named) for k, m in models.items()}
finer = [k for k in KS if k >= K and rules[k].target.any()]
KQ = finer[0] if finer else None
display(Markdown(
    f"A topic is {TARGET}'s when its documents name {TARGET} at least "
    f"{topic_time.LIFT:g} times as often as all documents of {NAME} do ({named.mean():.1%}), "
    f"and at least {topic_time.MIN_DOCS} of them (`kimxi.topics.over_time.target_topics`). "
    + (f"At k = {K} none is, so the next larger k with such a topic, k = {KQ}, is read below."
       if KQ and KQ != K else "" if KQ else f"No k tried has a topic that is {TARGET}'s.")))
pd.DataFrame([{"k": k, "topics": int(r.target.sum()), "documents in them": int(
    r.documents[r.target].sum()), "largest lift": r.lift.max().round(2)}
    for k, r in rules.items()])

# %%
summary = summary.merge(rules[K].drop(columns="documents"), on="topic", how="left")
MQ = models[KQ] if KQ else model
summary_q = topics.topic_table(docs, MQ).merge(rules[MQ.k].drop(columns="documents"),
                                               on="topic", how="left")
target = set(summary_q.topic[summary_q.target.astype(bool)]) if KQ else set()
summary_q[summary_q.target.astype(bool)][["topic", "label", "documents", "share_naming",
                                          "lift", "top_terms", "titles"]].round(3)

# %%
fig = topics_plot.plot_topics(
    summary_q, target, f"The {MQ.k} topics of {len(docs):,} documents of {NAME}"
    + (f"\nin black, the {len(target)} whose documents name {TARGET} at least "
       f"{topic_time.LIFT:g} times as often as the corpus does" if target else ""))
style.save(fig, figures / "topics_sizes", source=SOURCE + f"; NMF, k = {MQ.k}")
Image(filename=str(figures / "topics_sizes.png"))

# %% [markdown]
# ## 5. Topics over time

# %%
period = windows.period_of(docs.date)  # weeks, or months for a corpus over two years
unit = "week" if period == "W" else "month"
weekly = topic_time.period_shares(docs.date, MQ.shares, period)
by_period = weekly[weekly.topic.isin(target)].groupby("period").share.sum()
fig = topics_plot.plot_over_time(
    weekly, MQ.topic_labels, target,
    (f"The {TARGET} topics of {NAME} took from {by_period.min():.0%} to "
     f"{by_period.max():.0%} of a {unit}'s topic weight" if target else
     f"Topic shares of {NAME} per {unit}"), marks=None, target_name=TARGET, events=None)
style.save(fig, figures / "topics_weekly", source=SOURCE + f"; NMF, k = {MQ.k}")
Image(filename=str(figures / "topics_weekly.png"))

# %%
display(Markdown(
    f"Each document's topic weights are scaled to sum to 1, and a topic's share of a {unit} "
    f"is their mean over the {unit}'s documents of {NAME} "
    f"(`kimxi.topics.over_time.period_shares`). " + (
        f"The {len(target)} {TARGET} topic{'s' if len(target) > 1 else ''} of k = {MQ.k} "
        f"took {by_period.mean():.0%} of a {unit}'s weight on average, least in the {unit} "
        f"of {pd.Timestamp(by_period.idxmin()):%d %b %Y} ({by_period.min():.0%}) and most in "
        f"that of {pd.Timestamp(by_period.idxmax()):%d %b %Y} ({by_period.max():.0%})."
        if target else f"No topic is {TARGET}'s, so none is followed on its own.")))

# %% [markdown]
# ## 6. Tables written

# %%
fitted = {K: (model, summary)} | ({KQ: (MQ, summary_q)} if KQ else {})
outputs = {
    processed / "topics_stability.csv": stability.assign(chosen=stability.k == K).round(4),
    processed / "topics_summary.csv": pd.concat(
        [t.assign(k=k).fillna({"naming": 0, "share_naming": 0.0, "lift": 0.0, "target": False})
         for k, (m, t) in fitted.items()]).round(4),
    processed / "topics_terms.csv": pd.concat(
        [topics.terms_table(m).assign(k=k) for k, (m, t) in fitted.items()]),
    processed / "topics_documents.csv": topics.document_table(docs, MQ, sorted(target)).assign(
        k=MQ.k),
    processed / "topics_weekly.csv": weekly.assign(k=MQ.k),
}
processed_tables.write(outputs)
pd.DataFrame({"table": [p.name for p in outputs], "rows": [len(t) for t in outputs.values()]})
