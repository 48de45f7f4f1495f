"""The genre of a KCNA article, by documented rules on its title and first paragraph.

Four genres, tried in this order; the first rule that holds decides and is
recorded as ``genre_rule``:

1. ``leader message``: a message (greetings, congratulations, sympathy, condolence,
   consolation, reply, thanks, letter) between the leader of one country and the leader of
   another. *Leaders* are heads of state and of government, the presiding officers of
   parliaments (the DPRK's head of state, Kim Yong Nam, presided over its parliament's
   Presidium) and the leaders or central committees of political parties: for the DPRK, Kim
   Jong Il (to 2011) and Kim Jong Un, Kim Yong Nam (President of the SPA Presidium) and the
   premier; for 1997-2018 also Jiang Zemin and Hu Jintao by name, and KCNA's older
   abbreviations "Pres." and "G.S.". Rule ``message_title``: the title names a message
   (:data:`MESSAGE_WORDS`) and a leader's office or name (:data:`LEADER_WORDS`) besides the
   DPRK's leaders by name, and names no one below that rank nor a body that is not a party
   (:data:`NOT_LEADER_WORDS`: ministers, ambassadors, overseas Koreans' associations, corps,
   foundations, meetings, the UN). Offices that hold such a word but are a leader's
   (:data:`LEADER_OFFICES`: a prime minister, the president of Cuba's Council of Ministers,
   a party's general or first secretary, the chairman of China's NPC Standing Committee) are
   read as leaders; a title listing several recipients is a leader message when one of them,
   between commas, names a head of state or government (:data:`HEAD_OFFICES`) and no one
   excluded. Rule ``message_text``: the title names a message and a leader as sender or
   recipient stands in the first paragraph ("... sent a message to ... president of ...")
   while the title names no one excluded.
2. ``visit or talks``: reports of visits, delegations, talks, meetings,
   receptions and banquets, and the speeches made at them (rule
   ``visit_title``, :data:`VISIT_WORDS`). Kim Jong Un's inspections of
   factories and farms are domestic: a title that names a visit needs a
   foreign element (:data:`FOREIGN_WORDS`, or a foreign country) or a word of
   diplomacy (talks, delegation, envoy, banquet, reception) to count; a visit
   "hailed" or "praised" abroad is solidarity news (:data:`HAILED`).
3. ``commentary or article``: opinion and argument: KCNA commentaries, press
   articles and editorials summarised by KCNA, statements, spokesmen's
   answers, memoranda, open letters, letters circulated at the UN (rules
   ``commentary_title``, :data:`COMMENTARY_TITLE`, and ``commentary_lead``,
   :data:`COMMENTARY_LEAD` in the first paragraph).
4. ``other``: everything else (domestic news, economy, culture, sport,
   solidarity events abroad, letters and gifts to Kim from non-leaders).
"""

from __future__ import annotations

import re

import pandas as pd

GENRES = ("leader message", "visit or talks", "commentary or article", "other")

MESSAGE_WORDS = re.compile(
    r"\bGreet(?:s|ings?)?\b|\bCongratulat(?:es|ions?|ory)\b|\bMessages?\b|\bSympathy\b|"
    r"\bCondolences?\b|\bConsolation\b|\bLetters?\b|\bReply\b|\bThanks\b|\bCards\b")
# Titles with a message word that are not messages.
NOT_MESSAGE_WORDS = re.compile(
    r"\bVisits?\b|\bPerformance\b|\bSpeech\b|\bGreeted by\b|\bOpen Letter\b|"
    r"\bDistributed\b|\bLetter of\b|\bGroup\b|\bFloral Baskets?\b(?!.*\bMessage)")
LEADER_WORDS = re.compile(
    r"\bPresident(?:-elect)?\b|\bKing\b|\bEmir\b|\bSultan\b|\bPM\b|\bPremier\b|"
    r"\bPrime Minister\b|\bChancellor\b|\bCaptains Regent\b|\bGovernor-General\b|"
    r"\bKim Jong Un\b|\bKim Jong Il\b|\bKim Yong Nam\b|\bPak Pong Ju\b|\bXi Jinping\b|"
    r"\bHu Jintao\b|\bJiang Zemin\b|\bPutin\b|\bPres\.|\bG\.S\.|"
    r"\bRaul Castro\b|\bParty\b|\bC\.C\.|\bCentral Committee\b|\bCongress of\b|"
    r"\bLPRP\b|\bANC\b|\bLeaders?\b|\bWPK\b|\bHead of State\b")
# Abbreviations match as written; words in any case (KCNA's titles of the 1990s are not all in
# title case: "Letter to Secy. Kim Jong Il from int'l seminar").
NOT_LEADER_WORDS = re.compile(
    r"\bFM\b|\bUN\b|\bU\.N\.|\bUNGA\b|\bWIDF\b|\bAINDF\b|\bNDFSK\b|(?i:"
    r"\bMinisters?\b|\bSecretary\b|\bSecretary-General\b|\bAmbassadors?\b|"
    r"\bChongryon\b|\bChongruon\b|\bKoreans\b|\bAssociation\b|\bCorps\b|\bDiplomats?\b|"
    r"\bFoundation\b|\bSeminar\b|\bParticipants?\b|\bMeeting\b|\bBodies\b|\bBody\b|"
    r"\bSummit\b|\bFestival\b|\bFollowers\b|\bCompetition\b|\bDelegation\b|"
    r"\bDirector\b|\bCommittee of\b|\bUnion\b|\bFigure\b|\bPersonage\b|\bInstitute\b|"
    r"\bStudents\b|\bStanding Committee\b|\bForum\b|\bAdopted\b|\bPraising\b|"
    r"\bConveyed\b|\bForeigners\b)")
# Leaders' offices that contain a word of NOT_LEADER_WORDS (found by the five messages of
# 2017-18 the first rules missed: Kim's to Raul Castro, the Lao party's reply, Kim Yong
# Nam's to the chairman of the NPC Standing Committee).
LEADER_OFFICES = re.compile(
    r"\bPrime Minister\b|\bCouncil of Ministers\b|\b(?:General|First) Secretary\b|"
    r"\bSecretary-General of (?:the )?(?:\w+ )*(?:Party|C\.C\.)|"
    r"\bChairman of (?:China's )?(?:NPC|the NPC|National People's Congress)"
    r"(?: Standing Committee)?|\bNPC Standing Committee\b")
# A head of state's or government's office: what one recipient of a listed several must name.
HEAD_OFFICES = re.compile(r"\bPresident\b|\bKing\b|\bEmir\b|\bSultan\b|\bPremier\b|"
                          r"\bPrime Minister\b|\bChancellor\b")
VISIT_WORDS = re.compile(
    r"\bVisits?\b|\bVisiting\b|\bArrives?\b|\bHere\b|\bLeaves?\b|\bTalks\b|\bMeets?\b|"
    r"\bReception\b|\bBanquet\b|\bLuncheon\b|\bDinner\b|\bWelcom\w*|\bEnvoy\b|"
    r"\bDelegations?\b|\bReceives?\b|\bEntertains?\b|\bTours?\b|\bPays\b|\bSojourn\b|"
    r"\bCalls? on\b|\bCourtesy\b|\bCredentials\b|\bSpeech at Banquet\b")
# Words of diplomacy that make a visit title count without a foreign element.
DIPLOMATIC_WORDS = re.compile(
    r"\bTalks\b|\bDelegations?\b|\bEnvoy\b|\bBanquet\b|\bReception\b|\bLuncheon\b|"
    r"\bCredentials\b|\bCourtesy\b|\bHere\b|\bArrives?\b|\bLeaves?\b|\bSojourn\b")
FOREIGN_WORDS = re.compile(
    r"\bForeign\b|\bAmbassador\b|\bEmbassy\b|\bChina\b|\bChinese\b|\bRussian?\b|"
    r"\bInternational\b|\bInt'l\b|\bOverseas\b|\bUN\b|\bJapan\b|\bCuban?\b|\bLaos?\b")
# Reactions abroad to a visit are solidarity news, not visit reports.
HAILED = re.compile(r"\b(?:Hailed|Lauded|Praised|Supported)\b")
COMMENTARY_TITLE = re.compile(
    r"\bCommentary\b|\bRodong Sinmun\b|\bMinju Joson\b|\bTongil Sinbo\b|"
    r"\bUriminzokkiri\b|\bEditorial\b|\bArticle\b|\bSpokes(?:man|person|woman)\b|"
    r"\bStatement\b|\bMemorandum\b|\bIndictment\b|\bAnswers? (?:to )?Questions?\b|"
    r"\bOpen Letter\b|\bDistributed\b|\bPress Release\b|\bNewspapers?\b|\bPapers?\b|"
    r"\bSlams?\b|\bBlasts?\b|\bDenounce[sd]?\b|\bFlails?\b|\bRidiculed\b|\bCondemned\b|"
    r"\b[Uu]nder [Ff]ire\b|\bRepresentative\b|\bWarns?\b|\bMust\b|\bShould\b|\bNever\b|"
    r"\bCan Never\b|\bHit\b|"
    r"\bRejected\b|\bAccused\b|\bTerms\b|\bFails\b|\bDiscloses\b|\bLetter of\b")
COMMENTARY_LEAD = re.compile(
    r"\b(?:Rodong Sinmun|Minju Joson|Tongil Sinbo|Uriminzokkiri|Minjok Tongsin)\b|"
    r"\bcommentary\b|\beditorial\b|\bsigned article\b|\bin an article\b|"
    r"\bspokes(?:man|person|woman)\b|\bstatement\b|\bmemorandum\b")


def _first_paragraph(text: str) -> str:
    return re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]


def _not_a_leader(part: str) -> re.Match | None:
    """The word of :data:`NOT_LEADER_WORDS` in ``part`` outside a leader's office, if any."""
    return NOT_LEADER_WORDS.search(LEADER_OFFICES.sub(" Leader ", part))


def _names_only_leaders(title: str) -> bool:
    """The title, or one of its comma-separated recipients, names no one below a leader."""
    if not _not_a_leader(title):
        return True
    parts = title.split(",")
    return len(parts) > 1 and any(not _not_a_leader(part) and HEAD_OFFICES.search(part)
                                  for part in parts)


# The DPRK's leaders by name: a title must name a leader besides them (a letter to Kim Jong Il
# from Chinese technicians is not a leader message).
DPRK_LEADERS = re.compile(r"\bKim Jong Un\b|\bKim Jong Il\b|\bKim Yong Nam\b|\bPak Pong Ju\b")


def _names_a_leader(title: str) -> bool:
    """The title names a leader by office or name, besides the DPRK's leaders by name."""
    return bool(LEADER_WORDS.search(DPRK_LEADERS.sub(" ", LEADER_OFFICES.sub(" Leader ", title))))


def classify(title: str, text: str, foreign: bool = False) -> tuple[str, str]:
    """``(genre, rule)`` of one article; ``foreign`` says the title names a foreign country.

    The rules are those of the module docstring, in its order.
    """
    lead = _first_paragraph(text)
    if MESSAGE_WORDS.search(title) and not NOT_MESSAGE_WORDS.search(title):
        if _names_only_leaders(title):
            if _names_a_leader(title):
                return "leader message", "message_title"
            if re.search(r"\b(?:message|greetings|congratulat\w*|letter)\b.*"
                         r"\b(?:president|king|emir|prime minister|premier|chairman|"
                         r"general secretary(?! Kim Jong Il))\b",
                         lead, re.IGNORECASE):
                return "leader message", "message_text"
    if (VISIT_WORDS.search(title) and not HAILED.search(title)
            and (DIPLOMATIC_WORDS.search(title) or foreign or FOREIGN_WORDS.search(title))):
        return "visit or talks", "visit_title"
    if COMMENTARY_TITLE.search(title):
        return "commentary or article", "commentary_title"
    if COMMENTARY_LEAD.search(lead):
        return "commentary or article", "commentary_lead"
    return "other", "none"


def why_not_a_message(title: str) -> str:
    """Why the title rule does not call ``title`` a leader message, in words: the first test of
    :func:`classify`'s message rule that it fails, with the word that decides."""
    if not MESSAGE_WORDS.search(title):
        return "no message word in the title"
    blocked = NOT_MESSAGE_WORDS.search(title)
    if blocked:
        return f"'{blocked.group()}' marks titles that are not messages"
    if not _names_only_leaders(title):
        blocked = _not_a_leader(title)
        return f"'{blocked.group()}' marks senders or recipients that are not leaders"
    if not _names_a_leader(title):
        return "no leader's title or name in the title, and none in the first paragraph"
    return "the title rule calls it a leader message"


def genre_table(ids, titles, texts, foreign_in_title) -> pd.DataFrame:
    """``id``, ``genre`` and ``genre_rule`` of each article, in the order given."""
    rows = [(article_id, *classify(title, text, foreign))
            for article_id, title, text, foreign
            in zip(ids, titles, texts, foreign_in_title, strict=True)]
    return pd.DataFrame(rows, columns=["id", "genre", "genre_rule"])
