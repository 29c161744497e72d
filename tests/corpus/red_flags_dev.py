"""Development corpus for red flags: GP questions with and without one, against the example trust.

Written beside the matcher, by its author, so it shows what the matcher was built to do rather
than how it does on text nobody tuned it for (``red_flags_outsider.py`` is that). Each entry is
(question text, whether it raises a red flag of the example trust, the specialty it is about).
Questions that describe an emergency in other words than the configured phrases are marked
True: they are what the matcher misses, and they count against its recall.
"""

from __future__ import annotations

CASES: list[tuple[str, bool, str]] = [
    # --- red flags in the configured words
    (
        "Sudden painless loss of vision in the right eye an hour ago, 78F. Who do I call?",
        True,
        "ophthalmology",
    ),
    ("Flashes and floaters since this morning, left eye, high myope.", True, "ophthalmology"),
    ("?acute angle-closure glaucoma: painful red eye, haloes, vomiting", True, "ophthalmology"),
    ("Chemical eye injury at work (bleach), irrigated here, still sore", True, "ophthalmology"),
    ("Thunderclap headache yesterday evening, now settled. CT needed?", True, "neurology"),
    ("worst headache of their life while lifting weights, neck stiff", True, "neurology"),
    ("Suspected stroke: facial droop and arm weakness since 10am", True, "neurology"),
    ("Not sure if this is status epilepticus - seizing on and off for 20 min", True, "neurology"),
    ("Back pain with saddle anaesthesia and new urinary hesitancy", True, "trauma-orthopaedics"),
    ("Cannot rule out cauda equina: bilateral leg pain and numbness", True, "trauma-orthopaedics"),
    ("Bilateral sciatica for a week, worse today", True, "trauma-orthopaedics"),
    (
        "Possible compartment syndrome after a tibial fracture in plaster",
        True,
        "trauma-orthopaedics",
    ),
    ("Chest pain at rest for 30 minutes this morning, ECG shows no ST changes", True, "cardiology"),
    ("Crushing chest pain radiating to the jaw, started an hour ago", True, "cardiology"),
    ("Syncope on exertion in a 16 year old footballer", True, "cardiology"),
    ("ECG in surgery shows complete heart block, rate 35", True, "cardiology"),
    ("14 year old with sudden testicular pain since 6am, ?testicular torsion", True, "urology"),
    ("Acute urinary retention, 800 ml on bladder scan", True, "urology"),
    ("Priapism for 5 hours after intracavernosal injection", True, "urology"),
    ("Non-blanching rash and a temperature in a 2 year old", True, "paediatrics"),
    ("Baby with bilious vomiting since the last feed", True, "paediatrics"),
    ("Bulging fontanelle in a 4 month old with fever", True, "paediatrics"),
    ("Haematemesis this morning, on a DOAC", True, "gastroenterology"),
    ("Melaena for two days and dizzy on standing", True, "gastroenterology"),
    ("Known UC, ?acute severe colitis, 9 bloody stools a day", True, "gastroenterology"),
    ("Stridor in an adult with a neck swelling", True, "respiratory"),
    ("Asthma attack, silent chest on examination", True, "respiratory"),
    ("Febrile neutropenia on capecitabine? temp 38.4", True, "haematology"),
    ("Jaw claudication and temporal headache in a 72 year old", True, "rheumatology"),
    ("Hot swollen joint, knee, febrile: septic arthritis?", True, "rheumatology"),
    ("DKA? glucose 28 and ketones 4.2 in a type 1 diabetic", True, "diabetes-endocrinology"),
    (
        "Adrenal crisis on steroids with vomiting, cannot keep hydrocortisone down",
        True,
        "diabetes-endocrinology",
    ),
    ("Says she has a suicide plan for this weekend", True, "mental-health-liaison"),
    ("Stevens-Johnson syndrome after starting lamotrigine?", True, "dermatology"),
    ("Anuria for 24 hours, creatinine doubled", True, "renal"),
    # --- red flags in other words (the matcher misses these: they count against its recall)
    ("Lost the sight of one eye suddenly this morning, no pain", True, "ophthalmology"),
    ("Worst headache ever, came on like being hit with a bat", True, "neurology"),
    (
        "Numb around the back passage and cannot pass urine, known disc prolapse",
        True,
        "trauma-orthopaedics",
    ),
    ("Central chest pain for 45 minutes, sweaty and grey", True, "cardiology"),
    ("Teenage boy, very painful swollen testicle since he woke up", True, "urology"),
    # --- negated or only mentioned
    ("No chest pain at rest, exertional only: RACPC?", False, "cardiology"),
    ("Denies thunderclap headache, gradual onset over a week", False, "neurology"),
    (
        "Cauda equina ruled out on MRI last month; ongoing back pain, physio?",
        False,
        "trauma-orthopaedics",
    ),
    (
        "Chronic low back pain, no saddle anaesthesia, no bladder or bowel change",
        False,
        "trauma-orthopaedics",
    ),
    ("Gradual blurring of vision over a year, no sudden loss of vision", False, "ophthalmology"),
    ("No flashes and floaters, just a long-standing single floater", False, "ophthalmology"),
    ("Scrotal swelling for months, painless, not testicular torsion", False, "urology"),
    ("Rash in a 3 year old, blanches, no non-blanching rash, well", False, "paediatrics"),
    ("Reflux in a baby, no bilious vomiting, gaining weight", False, "paediatrics"),
    ("Iron deficiency, no melaena, no haematemesis: OGD referral?", False, "gastroenterology"),
    ("Recurrent wheeze, no stridor, inhaler technique good", False, "respiratory"),
    ("PMR on prednisolone, no jaw claudication, how fast to taper?", False, "rheumatology"),
    ("Low mood, denies suicidal intent, starting sertraline", False, "mental-health-liaison"),
    (
        "Type 2 diabetes, HbA1c 68, no DKA ever: add an SGLT2 inhibitor?",
        False,
        "diabetes-endocrinology",
    ),
    # --- routine questions with no red flag
    ("New AF, CHA2DS2-VASc 3: start apixaban before clinic?", False, "cardiology"),
    ("Statin intolerance: options after two statins?", False, "cardiology"),
    ("Migraine prophylaxis after propranolol failed", False, "neurology"),
    ("Carpal tunnel: refer for nerve conduction studies?", False, "neurology"),
    ("Knee osteoarthritis, BMI 38: refer for replacement?", False, "trauma-orthopaedics"),
    ("Raised PSA of 5.2 in a 66 year old, 2WW or repeat?", False, "urology"),
    ("Recurrent UTIs in a postmenopausal woman: prophylaxis?", False, "urology"),
    ("Eczema in a toddler: wet wraps or a stronger steroid?", False, "paediatrics"),
    ("Constipation in a 4 year old, movicol dosing", False, "paediatrics"),
    ("Coeliac serology positive: gastroscopy needed?", False, "gastroenterology"),
    ("Psoriasis on methotrexate: monitoring bloods?", False, "dermatology"),
    ("Suspicious mole on the back, 2WW dermatology?", False, "dermatology"),
    ("COPD: triple inhaler or pulmonary rehab first?", False, "respiratory"),
    ("Ferritin 650, transferrin saturation normal: haemochromatosis?", False, "haematology"),
    ("CKD stage 3b, eGFR falling slowly: refer to renal?", False, "renal"),
    ("Cataract affecting driving: referral criteria?", False, "ophthalmology"),
    ("Gout on allopurinol, still flaring: increase the dose?", False, "rheumatology"),
    ("Lithium level 0.9, thyroid function due?", False, "mental-health-liaison"),
]
