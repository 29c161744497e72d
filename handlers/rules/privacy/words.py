"""Word lists the name rule reads: what is not a name, and what says a name is a clinician's."""

from __future__ import annotations


def _words(text: str) -> list[str]:
    """The words of a block of text, one list."""
    return text.split()


# Words that are never a person's name: function words, words of a GP's sentence, abbreviations
# of results and conditions.
_PLAIN_AND_NOT_NAMES = _words(
    """
    a admitted adult advice age aged also alt an and are as at attends baby be been bloods bmi
    bnp boy bp but by ca chest child complains cr crp declined denies discharged dr ecg echo
    egfr feels female for from girl gp had has have hb hba1c he her his history hr if in inr
    is it k known lives male man mg miss mr mrs ms mx my na new nhs no not now of on or our
    pain please plt presents psa query question re referred refused reports results routine
    sats says scan seen she started states still stopped takes taking thanks that the their
    then they this to today tsh urgent was wcc were which who will with without woman would
    yes your
"""
)

# Ordinary words that start a sentence after "pt" or "patient", and the abbreviations of results
# and conditions a GP writes there; a name is none of these.
NOT_NAMES = frozenset(
    _PLAIN_AND_NOT_NAMES
    + _words(
        """
    able acr acute ae af alp april asked asks ast attended august background being can care
    chronic ckd clinic continued continues copd could currently cva cxr dear december
    describes did do does dvla dvt early ed elderly england esr fbc fe february felt first
    frail friday gets ggt got having height hello hf hi home hospital how ibd ibs initially
    january july june keen last late ldl lft lfts living madam march may mi might monday mri
    mrsa must needs next nice november nstemi nursing oa october old otherwise overall pe plan
    presented presenting previously prof ra recent recently regarding remains reported rr said
    saturday second september should sir sle stated stemi sudden summary sunday tc team temp
    tfts thank these third those thursday tia tomorrow took tried tuesday ues uk unable
    unfortunately uti wants ward wednesday weight what when where why wishes yesterday
"""
    )
)

# Words that are never a name even after a title or a patient label: "Mr and Mrs", "Patient: Na
# 131", "pt: well". Surnames that are also words (Ward, May, Street, Lane) stay names there.
PLAIN_WORDS = frozenset(
    _PLAIN_AND_NOT_NAMES
    + _words(
        """
    above albumin attached below better bilirubin calcium cholesterol creat creatinine details
    deteriorating ferritin fine glucose haemoglobin high improving low lymphocytes n/a
    neutrophils normal nt-probnp ok okay platelets potassium raised redacted removed same see
    sodium stable troponin unknown unwell urea vitamin well withheld worse x-ray xray
"""
    )
)

# Words that make a capitalised run a place or an organisation, not a person.
INSTITUTION_WORDS = frozenset(
    [
        "royal",
        "infirmary",
        "general",
        "hospital",
        "hospitals",
        "clinic",
        "centre",
        "center",
        "surgery",
        "practice",
        "unit",
        "ward",
        "team",
        "service",
        "services",
        "trust",
        "university",
        "medical",
        "health",
        "street",
        "road",
        "lane",
        "house",
        "group",
        "park",
        "st",
        "saint",
        "memorial",
        "community",
        "care",
        "home",
        "foundation",
        "nhs",
        "department",
        "dept",
        "pathway",
        "hub",
    ]
)

# A lay title followed by one of these within a few words is a clinician.
CLINICIAN_ROLES = (
    "consultant|surgeon|registrar|spr|sho|fy[12]|urologist|cardiologist|physician|anaesthetist"
    "|orthopaedic|clinician|specialist|nurse|matron|pharmacist|radiologist|oncologist"
    "|psychiatrist|gp|cns|anp|doctor"
)

# A lay title followed by one of these in brackets is a clinician: "Mr Patel (rheumatology)".
SPECIALTIES = (
    "cardiology|urology|psychiatry|rheumatology|dermatology|gastro\\w*|neurology|oncology"
    "|haematology|respiratory|renal|nephrology|endocrin\\w*|ent|ophthalm\\w*|orthop\\w*|surgery"
    "|surgical|paediatrics|obstetrics|gynae\\w*|geriatrics|medicine|radiology|vascular|breast"
    "|colorectal|hepatology|diabetes|stroke|palliative|microbiology|cns|team|consultant"
)
