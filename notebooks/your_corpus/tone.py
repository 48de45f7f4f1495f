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
# # The tone of your corpus
#
# Its documents and sentences, and the tone of its sentences over time: per document and per
# period, over every sentence and over those naming a target (a country or any word). Beside
# it, `topics.ipynb` models what the corpus is about. `kimxi corpus FILE --out DIR` runs both
# on your file (`kimxi corpus --help`); as committed, they run on a small test corpus.

# %% [markdown]
# **The outputs hold copies of your corpus's sentences.** The tables this notebook writes
# (`sentences.csv`, `paragraphs.csv`, `article_quotes.csv`, `sentiment_scores.csv`,
# `tone_documents.csv`), its printed examples and the titles in its figures quote the corpus word
# for word, and so does the result cache of the run (`cache/` beside them). If your corpus may
# not be passed on, neither may these.

# %% tags=["parameters"]
# Parameters: `kimxi corpus` sets them; the defaults run the small test corpus, and
# write to a temporary folder (`make test` sets another through the environment).
import os
import tempfile

CORPUS = "../../tests/fixtures/corpus_small.csv"  # columns id, date, title, text
DATE_FROM = ""  # YYYY-MM-DD, inclusive; "" for no limit
DATE_TO = ""
TARGET = "China"  # the country or word whose sentences are followed over time
OUTPUTS = os.path.join(tempfile.gettempdir(), "kimxi-your-corpus")
PROCESSED_DIR = os.path.join(os.environ.get("KIMXI_PROCESSED_DIR", OUTPUTS), "your_corpus")
FIGURES_DIR = os.path.join(os.environ.get("KIMXI_FIGURES_DIR", OUTPUTS), "your_corpus")
DATA_DIR = "../../data"  # the gold set of the measure and its validation tables
N_BOOT = 2000  # resamples of every interval
N_JOBS = min(2, os.cpu_count() or 1)  # processes for scoring the sentences

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, Markdown, display

import kimxi.tone.over_time as tone_time
from kimxi.corpus import overview, targets, windows
from kimxi.io import processed
from kimxi.plots import sentiment as sentiment_plot, stance as stance_plot, style
from kimxi.tone import corpus_stage, on_corpus, sentiment, stance
from kimxi.tone.lexicon import load_lexicon

# %%
style.use()
pd.set_option("display.max_colwidth", 100)
pd.set_option("display.precision", 3)
NAME = Path(CORPUS).name
processed_dir, figures_dir = Path(PROCESSED_DIR), Path(FIGURES_DIR)

# %% [markdown]
# ## 1. The documents and their sentences

# %%
lexicon = load_lexicon(Path(DATA_DIR, "lexicon", "diplomatic_tone.csv"))
measure = on_corpus.validated_measure(DATA_DIR, lexicon)  # section 2
stance_measure = on_corpus.validated_stance(DATA_DIR, lexicon)  # section 5
found = corpus_stage.run(CORPUS, processed_dir, measure, stance_measure, TARGET, lexicon,
                         DATE_FROM, DATE_TO, N_JOBS)  # checked, cleaned, a chunk at a time
documents = found.documents
display(Markdown(overview.describe(NAME, documents, DATE_FROM, DATE_TO)))
documents.head(10)

# %%
display(Markdown(
    f"Each document of {NAME} is cut into paragraphs and sentences (by `nupunkt`, offline); "
    f"every sentence keeps its character span in the document. Its "
    f"{found.counts['sentences']:,} sentences, {found.counts['paragraphs']:,} paragraphs and "
    f"{found.counts['article_quotes']:,} quoted passages are written to "
    + ", ".join(f"`{p.name}`" for p in found.written if p.stem != "sentiment_scores") + ", "
    f"{corpus_stage.CHUNK:,} documents at a time (`kimxi.tone.corpus_stage`), so that a corpus "
    "of any size holds one chunk of text in memory at a time."))
found.sentences_head[["sentence_id", "article_id", "n_words", "quote_share", "text"]].head(5)

# %% [markdown]
# ## 2. The measure of tone, validated on KCNA state-media prose

# %%
held, other = measure.kappa.iloc[0], measure.kappa.iloc[1]
display(Markdown(
    f"The tone of each sentence of {NAME} (-1 conflictual, 0 neutral or mixed, +1 "
    f"cooperative) is read by **{measure.name}, a measure validated on KCNA state-media "
    f"prose, not on {NAME}**. Chosen by a rule fixed in advance and "
    f"judged on {measure.units} hand-coded KCNA sentences of {measure.articles} articles, "
    f"held out by article, it agrees with the codes at Cohen's kappa {held.kappa:.2f} (95% "
    f"interval over articles {held.low:.2f} to {held.high:.2f}; 0 is chance, 1 perfect), and "
    f"at {other.kappa:.2f} on another paper's sentences. How far it holds on {NAME} is "
    "unknown until some of its sentences are coded by hand (section 5)."))
measure.kappa.round(3)

# %% [markdown]
# ## 3. The tone of the sentences

# %%
table = found.units  # every sentence's scores, written to `sentiment_scores.csv`
shown = {f"{tool} (stated threshold)": f"{tool}_class" for tool in sentiment.TOOLS}
shown[f"{measure.name} (validated on KCNA)"] = "best_class"
shares = sentiment.class_shares(table, shown)
fig = sentiment_plot.plot_class_shares(shares, title=(
    f"Share of each tone class among the {len(table):,} sentences of {NAME}, by measure"))
style.save(fig, figures_dir / "tone_classes",
           source=f"{NAME}; {measure.name} validated on KCNA; TextBlob, VADER, lexicon")
Image(filename=str(figures_dir / "tone_classes.png"), width=700)

# %%
best = shares.loc[f"{measure.name} (validated on KCNA)"]
display(Markdown(
    f"On {measure.name}, {best.cooperative:.0%} of the {len(table):,} sentences of {NAME} read "
    f"as cooperative, {best.neutral:.0%} as neutral or mixed and {best.conflictual:.0%} as "
    "conflictual. The three tools beside it read at the thresholds stated before any "
    "hand coding and learn nothing from the codes."))

# %% [markdown]
# ## 4. Tone over time, per document and per period

# %%
docs, scored = documents[["id", "date", "title"]], found.units
doc_tone = tone_time.document_tone(scored, docs, on_corpus.MEASURES, TARGET)
PERIOD = windows.period_of(docs.date)  # weeks, or months for a corpus over two years
periods = tone_time.period_tone(scored, docs.set_index("id").date, "tone_chosen", TARGET,
                                PERIOD, n_boot=N_BOOT)
print(f"{len(scored):,} sentences of {len(docs):,} documents; {scored.target.sum():,} name "
      f"{TARGET}, in {doc_tone.target_sentences.gt(0).sum():,} of the documents")
doc_tone.sort_values("tone_chosen").head(5)

# %%
periods.head(10)

# %%
fig = sentiment_plot.plot_period_tone(
    periods, doc_tone, TARGET, f"Tone of the sentences of {NAME} per "
    f"{'week' if PERIOD == 'W' else 'month'}, on {measure.name} (validated on KCNA)")
style.save(fig, figures_dir / "tone_periods", source=f"{NAME}; tone by {measure.name}")
Image(filename=str(figures_dir / "tone_periods.png"))

# %%
named = scored[scored.target].tone_chosen
every = on_corpus.describe_range(periods, "all", "sentences", PERIOD)
on_target = on_corpus.describe_range(periods, TARGET, f"sentences naming {TARGET}", PERIOD)
display(Markdown(
    f"On {measure.name}, the {len(scored):,} sentences of the {len(docs):,} documents of "
    f"{NAME} average {scored.tone_chosen.mean():+.2f}; the {len(named):,} that name {TARGET}, "
    + (f"{named.mean():+.2f}. " if len(named) else "none. ") + every + " " + on_target
    + " Each interval resamples whole documents (`tone_periods.csv`)."))

# %% [markdown]
# ## 5. Stance toward the target
#
# Tone reads the relations a sentence describes between any actors in it; a sentence naming the
# target can be hostile in tone and say nothing about the target ("Koreans in China denounced
# the US"). **Stance** reads what the sentence says about the target itself: favourable (+1),
# none (0) or unfavourable (-1), with the target's role (actor, recipient, place, mention).

# %%
target = targets.resolve(TARGET)
on_stance = found.stance
warning = targets.count_warning(TARGET, target, len(on_stance))
print(warning or f"{len(on_stance):,} sentences of {NAME} name {target.name}")
on_stance[["document_id", "start", "end", "role", "stance", "tone", "text"]].head(8)

# %%
article, period = stance_measure.kappa.loc["held out by article"], stance_measure.kappa.loc[
    "held out by period"]
display(Markdown(
    f"Stance is read by **{stance_measure.name}, a measure validated on sentences about China "
    f"in KCNA's and Rodong Sinmun's English, not on {NAME}**: on {stance_measure.units} "
    f"hand-coded sentences it agrees with the codes at kappa {article.kappa:.2f} held out by "
    f"article (95% interval {article.low:.2f} to {article.high:.2f}) and {period.kappa:.2f} "
    f"when each period is predicted by a model of the others. "
    + ("" if target.name == "China" else f"Its words around the target are learned on China; "
       f"on {target.name} it rests on the same cues (thanks, praise, accusation, mockery). ")
    + f"Sentences naming {target.name}: {len(on_stance):,}; of them, naming it only as a "
    f"place and counted apart: {(on_stance.role == 'place').sum():,}."))

# %%
stance_periods = stance.period_stance(on_stance, docs.set_index("id").date, PERIOD,
                                      n_boot=N_BOOT)
read = stance_periods[~stance_periods.few]
fig = stance_plot.plot_period_stance(
    stance_periods, target.name, f"Stance toward {target.name} in {NAME}, per "
    f"{'week' if PERIOD == 'W' else 'month'} ({len(read)} of {len(stance_periods)} periods "
    f"with at least {stance.MIN_PERIOD_SENTENCES} sentences)")
style.save(fig, figures_dir / "stance_periods", source=f"{NAME}; stance by {stance_measure.name}")
Image(filename=str(figures_dir / "stance_periods.png"))

# %% [markdown]
# ## 6. Validating the measure on your corpus

# %%
display(Markdown(
    f"The agreement above was measured on KCNA's English. To measure it on {NAME}: `kimxi "
    f"gold-sample --corpus {CORPUS} --out OUT/gold --target {TARGET}` draws 200 of its "
    f"sentences (half of them naming {TARGET}) into a coding sheet; code each as cooperative "
    "(1), neutral or mixed (0) or conflictual (-1) by `data/gold/CODEBOOK.md`, ideally in "
    "two independent passes, then `kimxi check-gold OUT/gold/coding_sheet.csv "
    f"OUT/processed/sentiment_scores.csv` gives the agreement of {measure.name} and of "
    "each tool with your codes (kappa and macro F1, with intervals over documents)."))

# %%
outputs = {processed_dir / "tone_documents.csv": doc_tone,
           processed_dir / "tone_periods.csv": periods,
           processed_dir / "stance_sentences.csv": on_stance,
           processed_dir / "stance_periods.csv": stance_periods}
for path in processed.write(outputs):  # each checked against its schema, then written
    print(path.name, len(outputs[path]), "rows")
print("sentiment_scores.csv", found.counts["sentiment_scores"], "rows (written above)")
