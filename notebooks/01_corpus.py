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
# # 01 · The corpus: two articles, their sentences, and who speaks in them
#
# Next: [02 · The KCNA archive](02_archive.ipynb)
#
# **Question.** What exactly do we analyse? Two news texts about the messages Kim Jong Un and
# Xi Jinping exchanged between October 2017 and March 2018, kept byte for byte as received in
# `data/raw/articles/`. This notebook checks them against their recorded sha256, removes page
# furniture (with a record of what went and why), splits paragraphs and sentences with their
# character spans in the raw files, finds quoted passages and attributes every sentence to a
# voice: the journalist's narration, the DPRK side, the PRC side, or an outside analyst.
#
# **Reads** `data/raw/articles.csv` and `data/raw/articles/*.txt`.
# **Writes** `data/processed/sentences.csv`, `data/processed/article_quotes.csv` and
# `data/processed/paragraphs.csv`, which the later notebooks start from, and
# `figures/corpus_speakers.png/.svg`.
#
# **Contents.**
# 1. The articles, checked against their recorded sha256, and their page furniture
# 2. Sentences and quoted passages, and who speaks in them
# 3. What we found
# 4. References

# %% tags=["parameters"]
# Parameters: where inputs are read and outputs written.
# The environment may redirect the outputs (`make test` sends them to a temporary folder).
import os

DATA_DIR = "../data"
PROCESSED_DIR = os.environ.get("KIMXI_PROCESSED_DIR", "../data/processed")
FIGURES_DIR = os.environ.get("KIMXI_FIGURES_DIR", "../figures")

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, Markdown, display

from kimxi.corpus import articles as corpus, segment
from kimxi.io import processed
from kimxi.plots import segment as segment_plot, style

style.use()
pd.set_option("display.max_colwidth", 120)

# %% [markdown]
# ## The articles and their page furniture

# %%
articles = corpus.load_articles(Path(DATA_DIR, "raw", "articles.csv"),
                                Path(DATA_DIR, "raw", "articles"))
columns = ["article_id", "outlet", "section", "date_earliest", "date_latest", "characters"]
meta = pd.DataFrame([a.meta for a in articles])
meta.assign(characters=[len(a.text) for a in articles])[columns].head(10)

# %% [markdown]
# Both files matched the sha256 recorded in `data/raw/articles.csv` (loading fails otherwise,
# naming the row and column). Neither file carries a date: the table above gives the window in
# which each was published, and `date_basis` in the CSV says how it was inferred. The outlet of
# `art-003` is not recorded in the file, and we do not guess it.
#
# ## Page furniture
#
# A web page carries text that is not the article: a breadcrumb, a share counter, links to other
# stories, a photo caption, a credit line. Each block of each file is labelled by the rules of
# `kimxi.corpus.articles.FURNITURE_RULES`; nothing is deleted from the raw files, and every removal is
# listed here and written to `paragraphs.csv`.

# %%
# segment.build_corpus does load + this + write.
built = segment.corpus_tables(articles)
paragraphs = built["paragraphs"]
removed = paragraphs[paragraphs.kind != "content"]
removed.assign(text=removed.text.str.slice(0, 70))[
    ["article_id", "paragraph", "kind", "rule", "reason", "text"]].head(20)

# %% [markdown]
# ## Sentences and quoted passages
#
# Sentences are split offline by `nupunkt` (a maintained Punkt implementation that ships its
# model; TextBlob's splitter would need NLTK data a fresh machine does not have). Every sentence
# keeps its span in the raw file. Quoted passages are found in curly and straight double quotes
# and in curly single quotes that open after a space (so the apostrophe in "China’s" is not a
# quote); a passage may run across sentences.
#
# **Who speaks.** For each passage the text outside quotation marks around it is searched, in
# this order, for: a speech verb after it and the speaker next to the verb (`verb_after`:
# "…,” said Kim Han-kwon"); the nearest speaker mention before it followed by a speech verb or
# by the passage itself (`subject_before`: "Mr Xi told…", "Mr Kim also “extended…”"); "in the
# words of" or "according to" a source (`in_the_words_of`); otherwise the speaker of the
# closest earlier passage in the same or previous paragraph (`carried_over`, for scare quotes
# that echo a source just cited). A sentence belongs to the quoted speaker's class when quoted
# words make up at least half of it, and to `narration` otherwise. The classes: `dprk` (Kim
# Jong Un, KCNA, the text of his message), `prc` (Xi Jinping, Global Times, China Daily,
# Xinhua), `analyst` (outside experts), `narration` (the journalist or columnist).

# %%
sentences, quotes = built["sentences"], built["article_quotes"]
raw = {a.article_id: a.text for a in articles}
spans_ok = all(raw[r.article_id][r.start:r.end] == r.text for r in sentences.itertuples())
quote_spans_ok = all(raw[r.article_id][r.start:r.end] == r.text for r in quotes.itertuples())
print(f"every sentence span reproduces its text: {spans_ok}; every quote span: {quote_spans_ok}")
quotes.assign(text=quotes.text.str.slice(0, 60))[
    ["quote_id", "speaker", "speaker_class", "rule", "text"]].head(20)

# %%
content = paragraphs[paragraphs.kind == "content"]
stats = pd.DataFrame({
    "paragraphs": content.groupby("article_id").size(),
    "sentences": sentences.groupby("article_id").size(),
    "words": sentences.groupby("article_id").n_words.sum(),
    "quoted passages": quotes.groupby("article_id").size(),
    "furniture blocks": removed[removed.kind == "furniture"].groupby("article_id").size(),
}).fillna(0).astype(int)
stats.loc["total"] = stats.sum()
stats.tail(11)

# %%
by_class = pd.crosstab(sentences.article_id, sentences.speaker_class, margins=True,
                       margins_name="total")
display(by_class.tail(11))

# %%
narration = (sentences.speaker_class == "narration").mean()
shown_ids = sentences.article_id.unique()[:12]
fig = segment_plot.plot_speakers(sentences[sentences.article_id.isin(shown_ids)],
                                 f"{narration:.0%} of the {len(sentences)} sentences are "
                                 "the authors' own narration, not quoted words")
written = style.save(fig, Path(FIGURES_DIR, "corpus_speakers"),
                     source=f"{len(articles)} articles (data/raw/articles.csv); "
                            "speaker classes by the kimxi.corpus.segment rules")
display(Image(filename=str(written[0])))

# %% [markdown]
# A few sentences with their attribution: one of each class, and the two sentences of the
# analyst's quotation that runs across a sentence boundary.

# %%
examples = pd.concat([
    sentences.groupby("speaker_class").head(1),
    sentences[sentences.quote_ids.str.contains("art-000-q05")],
]).drop_duplicates("sentence_id")
display(examples[["sentence_id", "speaker_class", "speaker", "rule", "quote_share", "text"]])

# %%
out = Path(PROCESSED_DIR)
written = processed.write({out / f"{name}.csv": frame for name, frame in built.items()})
for path in written:  # each table was checked against its schema before any was written
    print(path.name, len(built[path.stem]), "rows")

# %% [markdown]
# ## What we found

# %%
total = stats.loc["total"]
counts = sentences.speaker_class.value_counts()
quoted_share = (sentences.speaker_class != "narration").mean()
longest = quotes[quotes.speaker_class.isin(["dprk", "prc"])].text.str.split().str.len().max()
who = (f": {counts.get('dprk', 0)} from the DPRK side, {counts.get('prc', 0)} from the PRC side "
       f"and {counts.get('analyst', 0)} from an analyst; the remaining "
       f"{counts.get('narration', 0)} are the journalist's or columnist's own narration.")
leaders = ("" if pd.isna(longest) else " The leaders' own words reach us only as "
           f"fragments quoted by others: the longest passage from either side has {longest} words.")

# %%
display(Markdown(
    f"The corpus is {len(articles)} articles, {total['paragraphs']} content paragraphs, "
    f"{total['sentences']} sentences and {total['words']:,} words, after "
    f"{total['furniture blocks']} blocks of page furniture were set aside. It holds "
    f"{len(quotes)} quoted passages. {quoted_share:.0%} of the sentences are mainly quoted "
    f"words{who}" + leaders))

# %% [markdown]
# ## References
#
# - The two source articles: `data/raw/articles.csv` (outlet, address and the dates between
#   which each was published, with the reasoning) and `data/raw/articles/` (the texts as
#   received); `data/SOURCES.md` says where each came from.
# - nupunkt, a Punkt sentence splitter that ships its model (version pinned in
#   `requirements.txt`); Kiss, T. & Strunk, J. (2006). Unsupervised multilingual sentence
#   boundary detection. *Computational Linguistics* 32(4), 485-525.
# - The choice of splitter, measured against pysbd and syntok:
#   `benchmarks/results/splitters.md`.
#
# Next: [02 · The KCNA archive](02_archive.ipynb)
