"""Word lists the name rule reads: what is not a name, and what says a name is a clinician's."""

from __future__ import annotations

# Ordinary words that start a sentence after "pt" or "patient", and the abbreviations of results
# and conditions a GP writes there; a name is none of these.
NOT_NAMES = frozenset(
    """my our your a an the and or but if is was has had have he she they it his her their this that these
    those who which what when where why how with without for from on in at to of by as be been
    being are were will would should could can may might must do does did not no yes also still
    now then today yesterday tomorrow seen reports reported presents presented presenting declined
    refused referred admitted discharged attended attends says said states stated complains
    describes denies feels felt tried taking takes took started stopped continues continued
    remains keen unable able wants wishes asks asked needs lives living aged age has got gets
    having known previously recently currently otherwise initially overall unfortunately
    recent new old last next first second third please thanks thank dear hi hello re regarding
    query question advice urgent routine summary history background plan results bloods scan
    chest pain mr mrs ms miss mx dr prof sir madam male female man woman boy girl child baby adult
    elderly frail care home nursing monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    england uk nhs gp ed ae hospital clinic ward team early late sudden acute chronic
    na k ca mg hb cr fe wcc plt crp alt ast alp ggt tsh inr bnp psa esr ldl tc bp hr rr
    sats temp weight height bmi copd ckd mri ecg echo cxr nice dvla mrsa stemi nstemi ibd ibs
    fbc lfts lft ues tfts hba1c egfr acr uti dvt pe tia cva mi af hf oa ra sle ms""".split()
)

# Words that make a capitalised run a place or an organisation, not a person.
INSTITUTION_WORDS = frozenset(
    """royal infirmary general hospital hospitals clinic centre center surgery practice unit ward
    team service services trust university medical health street road lane house group park
    st saint memorial community care home foundation nhs department dept pathway hub""".split()
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
