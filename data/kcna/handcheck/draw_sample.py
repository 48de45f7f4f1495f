"""Draw the articles of the KCNA archive that were checked by hand (run once, before coding).

Four strata, fixed by seed before any rule was written or any article read:
``random`` (100 articles drawn from every id), ``title_keyword`` (40 more drawn from the
articles whose title names a greeting, message, letter or condolence, so that enough
leader-to-leader messages are checked), ``china_mention`` (20 more drawn from the articles
whose text contains "Chin"), and ``exchange`` (every KCNA article of the Kim-Xi record).
Usage: ``python data/kcna/handcheck/draw_sample.py ARCHIVE.csv > sample.csv``.
"""

import csv
import random
import re
import sys

EXCHANGE_IDS = ["kcna-20171018-04", "kcna-20171026-01", "kcna-20171102-01",
                "kcna-20171115-09", "kcna-20171118-04", "kcna-20171118-16",
                "kcna-20171119-04", "kcna-20180318-01",
                *[f"kcna-20180328-{i:02d}" for i in range(5, 13)], "kcna-20180405-05"]


def main(path: str) -> None:
    csv.field_size_limit(10**7)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ids = sorted(r["id"] for r in rows)
    random_ids = random.Random(20171018).sample(ids, 100)
    keyword = sorted(r["id"] for r in rows if re.search(
        r"(Greet|Congratulat|Message|Condolen|Sympathy|Letter|Consolation)", r["title"]))
    keyword_ids = random.Random(20180328).sample([i for i in keyword if i not in random_ids], 40)
    chin = sorted(r["id"] for r in rows if "Chin" in r["text"])
    taken = set(random_ids) | set(keyword_ids)
    china_ids = random.Random(20180317).sample([i for i in chin if i not in taken], 20)
    drawn: dict[str, str] = {}
    for stratum, group in (("random", random_ids), ("title_keyword", keyword_ids),
                           ("china_mention", china_ids), ("exchange", EXCHANGE_IDS)):
        for article_id in group:
            drawn.setdefault(article_id, stratum)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "drawn_as"])
    for article_id in sorted(drawn):
        out.writerow([article_id, drawn[article_id]])




def draw_heldout(path: str, first_sample: str) -> list[str]:
    """The held-out check: 60 more articles drawn by seed from those not in the first sample.

    Drawn after the rules had been revised on the first sample, and labelled blind, so
    that the rules' agreement on it is a figure they were not tuned on.
    Usage: ``python data/kcna/handcheck/draw_sample.py ARCHIVE.csv --heldout sample.csv``.
    """
    csv.field_size_limit(10**7)
    with open(first_sample, encoding="utf-8", newline="") as handle:
        first = {r["id"] for r in csv.DictReader(handle)}
    with open(path, encoding="utf-8", newline="") as handle:
        ids = sorted(r["id"] for r in csv.DictReader(handle) if r["id"] not in first)
    return sorted(random.Random(20180405).sample(ids, 60))


def draw_messages(articles_csv: str) -> list[tuple[str, str]]:
    """The check of the leader-message table: every China message and 30 others by seed.

    Reads the committed ``data/kcna/articles.csv``: every article the genre rules call a
    leader message and that mentions China, the NPC chairman's greeting that the rules leave
    out (kcna-20180320-16, checked so that the hand check decides), and 30 more leader
    messages drawn by seed from the rest. Usage:
    ``python data/kcna/handcheck/draw_sample.py data/kcna/articles.csv --messages``.
    """
    with open(articles_csv, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["genre"] == "leader message"]
    china = sorted({r["id"] for r in rows if r["china"] == "true"} | {"kcna-20180320-16"})
    others = sorted(r["id"] for r in rows if r["china"] != "true")
    drawn = [(i, "china") for i in china]
    drawn += [(i, "random") for i in random.Random(20180918).sample(others, 30)]
    return sorted(drawn)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[2] == "--messages":
        print("id,drawn_as")
        for article_id, stratum in draw_messages(sys.argv[1]):
            print(f"{article_id},{stratum}")
        sys.exit(0)
    if len(sys.argv) == 4 and sys.argv[2] == "--heldout":
        print("id,drawn_as")
        for article_id in draw_heldout(sys.argv[1], sys.argv[3]):
            print(f"{article_id},heldout_random")
    else:
        main(sys.argv[1])
