"""The schema of the message record: the four tables' columns and the vocabularies they use
(directions, kinds, voices, categories, the CAMEO codes' Goldstein values).
"""

from __future__ import annotations

import pandas as pd

from kimxi.io import paths
from kimxi.io.schema import Column

MESSAGES_CSV = paths.DATA / "messages.csv"
QUOTES_CSV = paths.DATA / "quotes.csv"
MESSAGE_TEXTS_CSV = paths.DATA / "message_texts.csv"
EVENTS_CSV = paths.DATA / "events.csv"


# CAMEO code -> Goldstein value, as printed in the fact sheet (section 4) from
# andybega/icews data-raw/cameo-codes.csv. Only these codes may be used.
CAMEO_GOLDSTEIN = {
    "010": ("Make statement", 0.0),
    "013": ("Make optimistic comment", 0.4),
    "018": ("Make empathetic comment", 3.4),
    "019": ("Express accord", 3.4),
    "032": ("Express intent to engage in diplomatic cooperation", 4.5),
    "036": ("Express intent to meet or negotiate", 4.0),
    "040": ("Consult", 1.0),
    "042": ("Make a visit", 1.9),
    "043": ("Host a visit", 2.8),
    "046": ("Engage in negotiation", 7.0),
    "051": ("Praise or endorse", 3.4),
}

DIRECTIONS = ("DPRK->PRC", "PRC->DPRK", "in person")
KINDS = ("congratulatory message", "message of thanks", "greeting card", "envoy visit", "summit")
VISIT_KINDS = ("envoy visit", "summit")
TRANSLATIONS = ("KCNA", "Xinhua", "KCNA Watch", "other", "unknown")
SIDES = ("DPRK", "PRC", "both")
VOICES = ("message", "speech", "readout", "spokesperson", "report", "retrospective")
WORDING = ("verbatim", "paraphrase", "later paraphrase")
# What a full text of message_texts.csv is: the message itself, a leader's speech, or
# a state-media report of a meeting (which is not the exchange's own words).
TEXT_ROLES = ("message", "speech", "report")
CATEGORIES = ("weapons test", "UN sanctions", "Chinese sanctions enforcement",
              "summit or visit", "party and state politics", "inter-Korean", "US policy")

_MESSAGE_ID = r"msg-\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*"

MESSAGE_COLUMNS = (
    Column("message_id", pattern=_MESSAGE_ID,
           description="stable id: msg-<date_sent>-<slug>"),
    Column("record_ref", pattern=r"SOURCES\.md#msg-[a-z0-9-]+",
           description="the section of data/SOURCES.md that sets out this exchange's facts"),
    Column("date_sent", kind="date", description="day sent; for a visit its first day"),
    Column("date_start", kind="date", description="first day (= date_sent)"),
    Column("date_end", kind="date", description="last day (= date_start unless a visit)"),
    Column("date_reported", kind="date",
           description="day DPRK state media (KCNA, Rodong Sinmun) first reported it"),
    Column("date_reported_prc", kind="date", required=False,
           description="first PRC official report named in the sheet; empty when none"),
    Column("sender_person", required=False, description="empty for a party-to-party message"),
    Column("sender_organ"),
    Column("recipient_person", required=False),
    Column("recipient_organ"),
    Column("direction", choices=DIRECTIONS),
    Column("kind", choices=KINDS),
    Column("occasion"),
    Column("reporting_outlets", description="'; '-separated"),
    Column("full_text_available", kind="boolean"),
    Column("cameo_code", choices=tuple(CAMEO_GOLDSTEIN), description="3-digit CAMEO code"),
    Column("goldstein", kind="number", description="Goldstein value of cameo_code"),
    Column("cameo_justification"),
    Column("sources", description="'; '-separated source ids of data/sources.csv"),
    Column("notes", required=False),
)

QUOTE_COLUMNS = (
    Column("quote_id", pattern=r"q-\d{4}-\d{2}-\d{2}-\d{2}",
           description="q-<date_sent of its message>-<nn>"),
    Column("message_id", pattern=_MESSAGE_ID),
    Column("speaker"),
    Column("side", choices=SIDES),
    Column("voice", choices=VOICES),
    Column("text", description="the quoted words as printed, outer quotation marks stripped"),
    Column("outlet", description="who printed these words"),
    Column("translation", choices=TRANSLATIONS, description="whose English translation"),
    Column("verbatim_or_paraphrase", choices=WORDING),
    Column("source", description="'; '-separated source ids of data/sources.csv"),
    Column("article_id", required=False, pattern=r"art-\d{3}"),
    Column("start", kind="integer", required=False),
    Column("end", kind="integer", required=False),
    Column("text_id", required=False, description="the full text (message_texts.csv) "
           "that holds the same words, where one does"),
    Column("text_start", kind="integer", required=False,
           description="span of the quote in that full text"),
    Column("text_end", kind="integer", required=False),
    Column("notes", required=False),
)

MESSAGE_TEXT_COLUMNS = (
    Column("text_id", pattern=r"kcna-\d{8}-\d{2}|[a-z]+-\d{4}-\d{2}-\d{2}-\d{4}",
           description="the KCNA id, or <outlet>-<date>-<number>"),
    Column("message_id", pattern=_MESSAGE_ID),
    Column("role", choices=TEXT_ROLES),
    Column("outlet"),
    Column("title"),
    Column("date_published", kind="date"),
    Column("kcna_id", required=False, pattern=r"kcna-\d{8}-\d{2}",
           description="id in the KCNA archive, where the text is from it"),
    Column("archive", description="the corpus file the text was taken from"),
    Column("start", kind="integer", required=False,
           description="span of the text in the archive article's text"),
    Column("end", kind="integer", required=False),
    Column("url", kind="url"),
    Column("source", description="'; '-separated source ids of data/sources.csv"),
    Column("text", description="the full text, verbatim"),
    Column("notes", required=False),
)

EVENT_COLUMNS = (
    Column("event_id", pattern=r"ev-\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*"),
    Column("date_start", kind="date", description="local date"),
    Column("date_end", kind="date", description="local date"),
    Column("category", choices=CATEGORIES),
    Column("title"),
    Column("note", required=False),
    Column("source"),
    Column("message_id", required=False, pattern=_MESSAGE_ID,
           description="the exchange this event is, if any"),
)

# The anniversaries on which a message would have been customary. The fact
# sheet searched for each and found none (section 1, "before window" row).
ANNIVERSARIES = pd.DataFrame([
    ("2017-09-09", "DPRK founding day", "Xi -> Kim"),
    ("2017-10-01", "PRC National Day", "Kim -> Xi"),
    ("2017-10-10", "WPK founding anniversary", "CPC -> WPK"),
], columns=["date", "occasion", "customary_message"])
