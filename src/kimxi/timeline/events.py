"""The events and exchanges the timeline names, with the short labels it prints.

Facts of the record, kept apart from the drawing (:mod:`kimxi.plots.timeline`) so that the
README's findings (:mod:`kimxi.report.findings`) name the same events without importing a
figure module.
"""

# The events the figure names, with the short label it prints; every other event of
# events.csv in the window is drawn unlabelled in its category's row.
KEY_EVENTS = {
    "ev-2017-09-03-nuclear-test": "6th nuclear test",
    "ev-2017-09-15-hwasong-12": "Hwasong-12 over Japan",
    "ev-2017-10-18-19th-cpc-congress": "19th CPC Congress",
    "ev-2017-11-08-trump-beijing": "Trump in Beijing",
    "ev-2017-11-17-song-tao-pyongyang": "Song Tao in Pyongyang",
    "ev-2017-11-29-hwasong-15": "Hwasong-15 ICBM",
    "ev-2017-12-22-unscr-2397": "UNSCR 2397",
    "ev-2018-03-08-trump-accepts": "Trump accepts a meeting",
    "ev-2018-03-17-xi-re-elected-president": "Xi re-elected president",
    "ev-2018-03-25-kim-beijing": "Kim in Beijing",
}
# Events that belong together as one span on the chart: (first, last, label).
KEY_SPANS = (("ev-2018-02-09-olympics-open", "ev-2018-02-25-olympics-close",
              "PyeongChang Olympics"),)
SHORT_OCCASIONS = {
    "msg-2017-10-18-wpk-cpc": "WPK CC greets the 19th CPC Congress",
    "msg-2017-10-25-kim-xi": "Kim congratulates Xi on re-election as party chief",
    "msg-2017-11-01-xi-kim": "Xi thanks Kim and the WPK",
    "msg-2017-11-17-song-tao-visit": "Xi's envoy Song Tao: briefing and a gift, no message",
    "msg-2017-12-31-xi-kim-new-year-card": "New Year card from 'the president of the PRC'",
    "msg-2018-03-17-kim-xi": "Kim congratulates Xi on re-election as president",
    "msg-2018-03-23-xi-kim": "Xi's reply (received 23 Mar, published 5 Apr)",
    "msg-2018-03-25-beijing-summit": "Kim in Beijing: talks, banquet speeches",
    "msg-2018-03-28-kim-xi-thanks": "Kim's message of thanks",
}
