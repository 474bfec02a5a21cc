"""Words that say what a number counts, mapped onto `returnees.vocab.METRICS`.

A cue is ignored when a modal makes it hypothetical ("will return home", "may return"; not "may
have gone", which estimates what happened), when it is an infinitive of returning ("desire to
return"), or when the return is to the group or the battlefield rather than home ("returned to
ISIS", "returning to it"). Victim words ("killed", "gunned down") mark a number as counting
victims: never a figure of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from returnees.vocab import METRICS

_ISIS = r"(?:ISIS|ISIL|IS|Daesh|the Islamic State|Islamic State|the group|the caliphate)"

# Most specific first: when two cues overlap, the longer one wins; when a cue must be chosen
# from an earlier sentence, the earliest metric in this list wins.
CUES: list[tuple[str, str]] = [
    (
        "imprisoned_by_isis",
        r"(?:imprisoned|jailed|detained|locked up|arrested|held captive|held)\s+by\s+"
        r"(?:their\s+|its\s+|the\s+|his\s+|her\s+)?(?:own\s+)?(?:ISIS\s+|ISIL\s+)?"
        r"(?:ISIS|ISIL|IS|Daesh|Islamic State|commanders?|group|militants|jihadists|emirs?|"
        r"leaders?|leadership)\b",
    ),
    (
        "released_on_probation",
        r"released on (?:probation|parole|bail)|on probation|under judicial (?:supervision|"
        r"control)|released under (?:judicial )?supervision|placed under (?:judicial )?"
        r"supervision|conditionally released",
    ),
    # "successfully prosecuted": a prosecution that ended in a conviction
    (
        "convicted",
        r"convicted|convictions?|found guilty|sentenced|successfully prosecuted|"
        r"pleaded guilty|pled guilty|(?:agreed to |accepted |took )?plea (?:deals?|bargains?|"
        r"agreements?)",
    ),
    (
        "prosecuted",
        r"prosecuted|prosecutions?|charged|indicted|(?:put|placed|stood|standing) on trial|"
        r"brought to trial|brought to justice|(?:sent|sends|sending) \w+ to (?:stand )?trial|"
        r"to stand trial|fac(?:e|es|ed|ing) (?:terrorism )?charges|"
        r"await(?:s|ed|ing)? (?:their |a )?trials?|"
        # the words of post-Soviet officials in English
        r"brought to (?:criminal )?(?:responsibility|account)|held criminally (?:liable|"
        r"responsible)|criminal (?:proceedings|cases) (?:were |have been )?(?:instituted|opened|"
        r"launched|initiated|brought) against",
    ),
    (
        "detained",
        r"arrested|arrests?|under arrest|in detention|detained|detainees?|in custody|"
        r"taken into custody|imprisoned|jailed|in jail|in prison|behind bars|incarcerated|"
        r"locked up|held in (?:[A-Z]\w* )?(?:prisons?|jails?|detention|custody)",
    ),
    (
        "returned",
        rf"(?:have|has|had)\s+returned home|returned home|returned|returning|returnees?|"
        # bare, only "home" or "from": "to return home" is read (and set aside) as an intention
        r"return home|return from|"
        r"returns|return of|came back|come back|coming back|went back|gone back|going back|"
        r"came home|come home|coming home|gone home|went home|"
        r"got back|back home|repatriat(?:ed|es|ing|ion|e)|made (?:it|their way) back|"
        r"(?:brought|bring|brings|bringing) back|(?:flown|flew|flying) (?:back|home)|"
        # "handed over 92 women and children to Uzbekistan": to their countries
        r"hand(?:ed|s|ing)? (?:over|back)|"
        r"retrieved(?! (?:the )?(?:bod(?:y|ies)|remains))|"
        r"(?:are|is|were|was|be|been) (?:now |already |safely )?back|"
        rf"left {_ISIS}[\s-]+(?:held|controlled)\s+(?:areas?|territor(?:y|ies))|"
        r"left (?:Syria|Iraq|the conflict zones?|the war zone|the caliphate)|"
        r"fled (?:from )?(?:the ruins of )?(?:Syria|Iraq|the (?:self-declared |so-called )?"
        r"caliphate)",
    ),
    (
        "travelled",
        r"travel(?:l)?ed|travel(?:l)?ing to|went (?:to|there|off to|abroad)|gone (?:to|there)|"
        r"have gone|headed (?:to|for)|joined|joining|left for|left (?:[A-Z][a-z]+ )?for|"
        r"(?:succeeded in|managed to) (?:leav(?:e|ing)|travel(?:l)?(?:ing)?|reach(?:ing)?)|"
        r"leave for|leaves for|leaving for|left to (?:join|fight)|went off to|"
        rf"to join {_ISIS}|"
        r"left (?:their|his|her) (?:homes?|countr(?:y|ies)) for|"
        r"fighting (?:with|for|in|alongside)|fought (?:with|for|in|alongside)|"
        r"moving to|moved to|flowing to|flowed (?:to|into)|flow(?:s)? of|departed for|"
        r"made the journey|reached (?:their|its|his|her) destinations?|fled to (?:Syria|Iraq)|"
        r"reached (?:Syria|Iraq|the (?:conflict|war) zones?)|fighters from|"
        r"(?:flew|flown|flying) (?:off )?to (?:Syria|Iraq|Turkey)|"
        r"attract(?:ed)? to|to attract|recruited to|foreign (?:terrorist )?"
        r"fighters|foreigners|foreign recruits|foreign jihadists|flows?|influx|inflow|"
        r"in (?:Syria|Iraq)(?: and (?:Syria|Iraq))?|in (?:the )?(?:conflict|war) zones?|"
        # Canada's reports: "suspected of terrorist activity abroad"
        r"(?:terrorist|extremist)(?:-related)? activit(?:y|ies) abroad",
    ),
]
# A page's lines break inside phrases ("are now\nback"): a space in a cue is any whitespace.
_SPACE = r"\s+"
_COMPILED = [
    (metric, re.compile(r"\b(?:" + pattern.replace(" ", _SPACE) + r")\b", re.IGNORECASE))
    for metric, pattern in CUES
]
assert all(metric in METRICS for metric, _ in CUES)
SPECIFICITY = {metric: rank for rank, (metric, _) in enumerate(CUES)}

# Verbs that say what a number counts only when the parse makes them its verb ("600 people
# leaving", "About 100 Norwegians went"): on their own they are too common to be cues.
LEMMAS: dict[str, str] = {
    "leave": "travelled",
    "depart": "travelled",
    "go": "travelled",
    "join": "travelled",  # "126 Macedonian nationals join ISIS"
    "fight": "travelled",  # "40 or 50 people with links to Norway have fought, or are ..."
    # the same verbs as written, for when the tagger takes them for adjectives ("5,000 left")
    "left": "travelled",
    "went": "travelled",
    "gone": "travelled",
}

RATE = re.compile(r"\b(?:a|per|each|every) month\b|\bmonthly\b", re.IGNORECASE)
VICTIMS = re.compile(
    r"\b(?:killed|gunned down|murdered|massacred|wounded|injured|died|dead|executed|beheaded|"
    r"slain|shot dead|shot and killed|lost (?:their|his|her) li(?:ves|fe))\b",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?:will|would|may|might|could|should|can|cannot|must|shall|won't|wouldn't|can't)\s+"
    r"(?:not\s+|never\s+|also\s+|still\s+|likely\s+|eventually\s+|soon\s+|then\s+)?"
    r"(?:have\s+)?(?:be\s+)?$",
    re.IGNORECASE,
)
# "may have gone", "are believed to have": an estimate of what happened, not a hypothesis.
_ESTIMATE = re.compile(r"\b(?:may|might|could|must)\s+(?:\w+\s+)?have\s+$", re.IGNORECASE)
# "run the risk of returning", "the threat of their returning": what may happen
_RISK_OF = re.compile(
    r"\b(?:risk|threat|danger|prospect|possibility|fear)s?\s+of\s+(?:their\s+|them\s+)?$",
    re.IGNORECASE,
)
_TO_RETURN = re.compile(r"\bto\s+$", re.IGNORECASE)
# "We helped 72 people to return home": a return that happened, not an intention.
_HELPED_TO = re.compile(r"\b(?:helped|assisted|enabled)\b(?:\s+\S+){0,3}\s+to\s+$", re.I)
_BASE_RETURN = re.compile(
    r"^(?:return|come back|go back|come home|go home|repatriate|bring back|hand (?:over|back))\b",
    re.IGNORECASE,
)
_BACK_TO_GROUP = re.compile(
    rf"^\s+to\s+(?:the\s+)?(?:{_ISIS}|it\b|them\b|battlefield|battle|fight(?:ing)?|jihad|"
    r"Syria|Iraq|the ranks|terrorism|supporting|the ISIS battlefield|service|the fight|"
    r"the Middle East|the conflict zones?|the war zones?|those countries)",
    re.IGNORECASE,
)


# Nouns that suggest travel without saying that anyone travelled: used for a number only when
# no verb in its clause says what it counts.
_WEAK = re.compile(
    r"foreign (?:terrorist )?fighters|foreigners|foreign recruits|foreign jihadists|flows?(?: of)?|"
    r"influx|inflow|in (?:Syria|Iraq)(?: and (?:Syria|Iraq))?|fighters from|"
    r"in (?:the )?(?:conflict|war) zones?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    metric: str
    text: str
    excluded: str | None = None  # why the cue does not count here

    @property
    def weak(self) -> bool:
        return bool(_WEAK.fullmatch(self.text))


def find_cues(text: str) -> list[Cue]:
    """Every metric cue in `text` (a whole document), longest first where they overlap."""
    found: list[Cue] = []
    for metric, pattern in _COMPILED:
        for match in pattern.finditer(text):
            found.append(Cue(match.start(), match.end(), metric, match.group(0)))
    found.sort(key=lambda c: (c.start, -(c.end - c.start), SPECIFICITY[c.metric]))
    kept: list[Cue] = []
    for cue in found:
        if kept and cue.start < kept[-1].end:
            continue
        kept.append(_with_exclusion(text, cue))
    return kept


def _with_exclusion(text: str, cue: Cue) -> Cue:
    before = text[max(0, cue.start - 40) : cue.start]
    after = text[cue.end : cue.end + 40]
    reason = None
    # the cue may hold the perfect's "have" itself ("may | have gone")
    perfect = before + "have " if re.match(r"ha(?:ve|s)\s", cue.text, re.IGNORECASE) else before
    if _MODAL.search(before) and not _ESTIMATE.search(perfect):
        reason = f"hypothetical ({before.split()[-1]} {cue.text})" if before.split() else "modal"
    elif (
        cue.metric == "returned"
        and _BASE_RETURN.match(cue.text)
        and _TO_RETURN.search(before)
        and not _HELPED_TO.search(before)
    ):
        reason = f"an intention (to {cue.text})"
    elif cue.metric == "returned" and _BACK_TO_GROUP.match(after):
        reason = (
            f"a return to the group or the fight ({cue.text}{_BACK_TO_GROUP.match(after).group(0)})"
        )
    elif _RISK_OF.search(before):
        reason = f"a risk ({_RISK_OF.search(before).group(0).strip()} {cue.text})"
    if reason:
        return Cue(cue.start, cue.end, cue.metric, cue.text, reason)
    return cue
