"""The data of a council's default routing settings, each with its source: children's
social care functions, signposted matters, who qualifies, and the words that may signal
harm. portal.settings.routing builds ``ENGLAND_DEFAULTS`` and ``WALES_PROFILE`` from
them, with the timescales the law sets.
"""

from __future__ import annotations

from portal.vocab.routing import Service, Signpost, Submitter

#: Children's social care functions (DOMAIN.md, "Procedures": the children's
#: statutory procedure covers social work, children in care, fostering,
#: residential care, adoption, leaving care, disabled children, special
#: guardianship support).
CHILDRENS_SERVICES = frozenset(
    {
        Service.SOCIAL_WORK,
        Service.CHILDREN_IN_CARE,
        Service.FOSTERING,
        Service.RESIDENTIAL_CARE,
        Service.ADOPTION,
        Service.LEAVING_CARE,
        Service.DISABLED_CHILDREN,
        Service.SPECIAL_GUARDIANSHIP,
    }
)

#: Matters other bodies handle (DOMAIN.md, "Not handled under these procedures").
SIGNPOSTED_SERVICES = {
    Service.SCHOOL: Signpost.SCHOOL,
    Service.HEALTH: Signpost.NHS,
    Service.POLICE: Signpost.POLICE,
    Service.OTHER_ORGANISATION: Signpost.OTHER_ORGANISATION,
}

#: Who may use the children's statutory procedure without a sufficient-interest
#: decision (Children Act 1989 s.26(3) and s.26(3A); DOMAIN.md "Who qualifies").
QUALIFYING_SUBMITTERS = frozenset(
    {
        Submitter.CHILD,
        Submitter.PARENT,
        Submitter.CARER,
        Submitter.FOSTER_CARER,
        Submitter.SPECIAL_GUARDIAN,
        Submitter.ADOPTER,
        Submitter.CARE_LEAVER,
        Submitter.ADVOCATE,
    }
)

# fmt: off
#: Words and phrases that MAY signal harm. They only raise ``urgent`` so a
#: person reads the submission today; they never decide anything. Chosen to
#: catch a child's plain words (hit, hurt, scared, touched me) while avoiding
#: everyday complaint words ("shouted", "picking on", "police") that would
#: bury real signals in noise. Councils extend them in their settings.
HARM_WORDS_EN = (
    "hit", "hits", "hitting",
    "hurt", "hurts", "hurting",
    "beat me", "beats me", "beaten", "beating me",
    "kick", "kicked", "kicks me", "punch", "punched", "punches me",
    "slap", "slapped", "slaps me", "smacked", "smacks me",
    "strangled", "choked me", "burned me", "burnt me",
    "bruise", "bruises", "bruised",
    "scared", "scary", "afraid", "frightened", "terrified",
    "unsafe", "not safe", "don't feel safe", "do not feel safe",
    "touched me", "touches me", "touching me", "touch me",
    "abuse", "abused", "abusing", "abuser",
    "rape", "raped", "sexual", "naked", "private parts",
    "threaten", "threatened", "threatens", "threatening",
    "locked me in", "locks me in",
    "kill myself", "killing myself", "suicide", "suicidal", "end my life",
    "self harm", "self-harm", "self harming", "self-harming", "cut myself", "cutting myself",
    "run away", "ran away", "starve", "starving", "no food",
)

#: Welsh, including the mutated forms a child will actually write: after
#: "fy" (my/me) the nasal mutation ("fy mrifo", hurt me; "fy nharo", hit me),
#: after "ei" (him) or "i" (to) the soft one ("ei daro", hit him), after "ei"
#: (her) the aspirate one ("ei tharo", hit her).
HARM_WORDS_CY = (
    "brifo", "frifo", "mrifo",  # hurt
    "taro", "daro", "nharo", "tharo",  # hit
    "curo", "guro", "nghuro", "churo",  # beat
    "cicio", "gicio", "nghicio", "chicio",  # kick
    "dyrnu", "ddyrnu", "nyrnu",  # punch
    "ofn", "ofnus",  # fear, afraid ("mae ofn arna i": I am scared)
    "dychryn", "ddychryn", "wedi dychryn",  # frightened
    "ddim yn ddiogel", "anniogel",  # not safe, unsafe
    "cyffwrdd â fi", "gyffwrdd â fi", "cyffwrdd ynof i", "cyffyrddodd",  # touch(ed) me
    "cam-drin", "camdrin", "gam-drin", "cham-drin", "camdriniaeth",  # abuse
    "treisio", "dreisio", "nhreisio", "threisio",  # rape
    "bygwth", "fygwth", "mygwth",  # threaten
    "lladd fy hun", "hunanladdiad",  # kill myself, suicide
    "niweidio fy hun", "hunan-niweidio", "torri fy hun",  # self-harm, cut myself
    "cloi fi mewn", "dim bwyd", "rhedeg i ffwrdd",  # locked me in, no food, run away
)

#: Polish and Urdu, the portal's other languages (STYLE.md, i18n). To be
#: reviewed by the council's translators like every other setting.
HARM_WORDS_PL = (
    "bije", "bił", "biła", "uderzył", "uderzyła", "krzywdzi", "skrzywdził",
    "boję się", "boje sie", "strach", "nie jestem bezpieczny", "nie jestem bezpieczna",
    "dotykał mnie", "dotykała mnie", "dotyka mnie", "molestował", "przemoc",
    "zabić się", "zabije się", "samookaleczenie", "tnę się",
)
HARM_WORDS_UR = (
    "مارتا", "مارتی", "مارا", "پیٹتا", "پیٹا",
    "ڈر لگتا", "ڈرتا", "ڈرتی", "خوف",
    "محفوظ نہیں", "چھوا", "چھوتا", "زیادتی", "تشدد", "خودکشی",
)
# fmt: on
