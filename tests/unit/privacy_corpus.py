"""Synthetic GP questions for testing the privacy guard, each with the identifier kinds it holds.

Everything here is invented. NHS numbers are generated below with valid Modulus 11 check digits,
mostly in the 999 range reserved for testing, plus the published example 943 476 5870; phone
numbers come from Ofcom's ranges reserved for drama (07700 900xxx, 0113 496 0xxx, 020 7946 0xxx,
...); email addresses use example.* domains; names and postcodes are made up or are the
well-known examples.

CLEAN_QUESTIONS are realistic questions packed with what a guard must not mistake for an
identifier: doses, results, intervals, clinic dates, UK shorthand durations (3/12, 2/52, 6/7),
blood pressures, visual acuities, ages, years, ODS codes, NICE guideline ids and "2WW".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Case = tuple[str, frozenset[str]]

NONE: frozenset[str] = frozenset()
NHS = frozenset({"nhs_number"})
DOB = frozenset({"date_of_birth"})
POSTCODE = frozenset({"postcode"})
PHONE = frozenset({"phone_number"})
EMAIL = frozenset({"email"})


def nhs_check_digit(nine: str) -> int | None:
    """Return the Modulus 11 check digit for nine digits, or None when no check digit exists."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 10:
        return None
    return 0 if check == 11 else check


def _nine_digits(seed: int, prefix: str) -> Iterator[str]:
    """Yield deterministic nine-digit stems beginning with prefix, varied by seed."""
    free = 9 - len(prefix)
    value = (seed * 7_919 + 104_729) % 10**free
    while True:
        yield prefix + f"{value:0{free}d}"
        value = (value + 1) % 10**free


def _fmt(digits: str, style: int) -> str:
    """Write ten digits run together, spaced 3-3-4 or hyphenated 3-3-4."""
    if style % 3 == 0:
        return digits
    sep = " " if style % 3 == 1 else "-"
    return sep.join((digits[:3], digits[3:6], digits[6:]))


def nhs_number(seed: int, prefix: str = "999") -> str:
    """Return a ten-digit number with a valid check digit, formatted by seed (plain, spaced, -)."""
    for nine in _nine_digits(seed, prefix):
        check = nhs_check_digit(nine)
        if check is not None:
            return _fmt(nine + str(check), seed)
    raise AssertionError("unreachable")  # pragma: no cover


def not_nhs_number(seed: int, prefix: str = "999") -> str:
    """Return ten digits whose last digit is NOT the valid check digit (or that have none)."""
    nine = next(_nine_digits(seed, prefix))
    check = nhs_check_digit(nine)
    wrong = 7 if check is None else (check + 1 + seed % 9) % 10
    return _fmt(nine + str(wrong), seed)


CLEAN_QUESTIONS: list[str] = [
    # Cardiology
    "68M with paroxysmal AF, CHA2DS2-VASc 3, ORBIT 1. On bisoprolol 2.5mg od. eGFR 45. "
    "Is apixaban 5 mg bd appropriate or should it be 2.5 mg bd?",
    "ECG today shows QTc 480 ms on citalopram 20 mg. Stop it, or switch to sertraline 50mg?",
    "First degree heart block, PR 220ms, asymptomatic, HR 52. Needs referral or just repeat ECG "
    "in 3/12?",
    "Heart failure with EF 35% on echo 14/08/2026. Ramipril 5 mg od, bisoprolol 5 mg od, "
    "K+ 5.9 on latest bloods. Safe to start spironolactone 25mg?",
    "NT-proBNP 1850 ng/L, ankle oedema 2/52, BP 140/90. NG106 says refer within 2 weeks - "
    "can we get an echo sooner?",
    "Troponin 34 ng/L (ref <14) in a 72 year old with atypical chest pain for 6/7 days. Same-day "
    "assessment or RACPC?",
    "Seen in clinic on 12/03/2026 and started on atorvastatin 80mg. LFTs now ALT 120. Reduce to "
    "40 mg?",
    "Palpitations for 3/12, Holter showed 12% ectopic burden. Any role for flecainide 50 mg bd?",
    "BP 168/102 on amlodipine 10 mg od and ramipril 10 mg od. NG136 step 4 - spironolactone "
    "or a beta blocker with K+ 4.8?",
    "Discharged 14/11/2026 after NSTEMI. Ticagrelor 90 mg bd plus aspirin 75mg - how long for "
    "DAPT?",
    "Mr Jones was reviewed in cardiology clinic on 03/06/2026, letter says uptitrate sacubitril "
    "/ valsartan 49/51 mg. When should we recheck U&Es?",
    "Mrs Khan, ECG 21/10/2026 shows new LBBB. No chest pain. Does this need urgent echo?",
    "Pt on warfarin, INR 4.8 today, no bleeding. Hold one dose and recheck in 2/7?",
    "Syncope on exertion, 19 year old, ECG normal, BP 118/76. Do you want to see them under the "
    "2WW-style rapid pathway or routine?",
    "Postural hypotension 148/84 lying, 118/70 standing, on doxazosin 4mg. Reduce or stop?",
    # Respiratory
    "FeNO 45 ppb, peak flow variability 22%, nocturnal cough 2/52. Start ICS 400 mcg BDP or refer?",
    "COPD, FEV1/FVC 0.62, FEV1 48% predicted, MRC 3, 40 pack years. On Trimbow 87/5/9 2 puffs bd "
    "- still 3 exacerbations in 12 months. Azithromycin 250 mg three times a week?",
    "Fostair 100/6 2 puffs bd, still using SABA 3x/week. Step up to MART or add montelukast 10mg?",
    "CT chest 3/12 ago: 6 mm solid nodule RUL. Fleischner says repeat at 6-12 months - do you "
    "agree?",
    "SpO2 91% on air, RR 22, known ILD, on nintedanib 150mg bd. Any role for ambulatory oxygen?",
    "CXR 02/11/2026 shows persistent left lower lobe consolidation after 2 courses of antibiotics. "
    "Refer on 2WW or repeat in 6/52?",
    "Suspected OSA, Epworth 16, BMI 38.5, HGV driver. How quickly can you see him?",
    "Bronchiectasis, sputum grew Pseudomonas on 28/09/2026. Eradication with ciprofloxacin 750mg "
    "bd?",
    "Chronic cough 8/52, ACE inhibitor stopped 4/52 ago, CXR normal. Next step?",
    "Sarcoid on prednisolone 10mg od since 2019 - ok to taper by 1 mg a month?",
    # Gastroenterology
    "FIT 15 ug/g, Hb 98 g/L, ferritin 12, 58 year old. NG12 2WW colorectal referral or routine?",
    "Faecal calprotectin 250 ug/g, loose stools 6/52, CRP 18. Straight to IBD clinic?",
    "ALT 120, GGT 340, bili 18, AUDIT-C 9. FIB-4 2.1. Does he need a FibroScan?",
    "Coeliac serology tTG 128 U/mL. Do you still need a duodenal biopsy in adults?",
    "Dysphagia to solids for 3/12, weight loss 4 kg. 2WW upper GI referral done - anything else "
    "meanwhile?",
    "H. pylori positive on stool antigen after first-line eradication. Second-line regimen?",
    "Crohn's on azathioprine 150 mg od, WCC 2.9, neut 1.1. Reduce the dose?",
    "Barrett's, last OGD 09/2024, due surveillance. Has the interval changed with the new BSG "
    "guidance?",
    "Iron deficiency anaemia, Hb 102 g/L, MCV 72, coeliac negative, OGD/colonoscopy in 2023 "
    "normal. Repeat scope or capsule?",
    "Appointment 3 June with gastro but symptoms worse - rectal bleeding 1/52. Expedite?",
    "Elevated ALP 220 with normal GGT in a 15 year old - growth spurt or needs looking at?",
    "Hepatitis B surface antigen positive, HBV DNA 1200 IU/mL, ALT 38. Refer to hepatology?",
    # Dermatology
    "Pigmented lesion on back, 7 mm, irregular border, changed over 3/12. 2WW or photos via "
    "teledermatology first?",
    "Acne, failed lymecycline 408mg for 3/12 and topical adapalene. Ready for isotretinoin "
    "referral?",
    "Psoriasis, BSA 12%, DLQI 18, failed calcipotriol/betamethasone. Criteria for biologics?",
    "Eczema flare in a 4 yo, already on hydrocortisone 1% and emollients. OK to use Eumovate bd "
    "7/7?",
    "Nodular BCC on nose, 5 mm. Routine referral under NICE CG? Or Mohs?",
    "Leg ulcer 3/12, ABPI 0.85. Safe to start compression at 40 mmHg?",
    "Hair loss, ferritin 25, TSH 2.1. Any role for topical minoxidil 5% in women?",
    # Diabetes and endocrine
    "T2DM, HbA1c 58 mmol/mol on metformin 1g bd and gliclazide 80mg bd. BMI 34.2, eGFR 52. "
    "SGLT2i or GLP-1 next per NG28?",
    "HbA1c 92 mmol/mol, new diagnosis, ketones 0.4, 28 year old, BMI 22. Could this be type 1?",
    "TSH 0.01, fT4 28 pmol/L, fT3 9.5. Carbimazole 20 mg od to start while waiting for endo?",
    "Subclinical hypothyroidism TSH 7.2, TPO positive, trying to conceive. Start levothyroxine "
    "25 mcg?",
    "Calcium 2.78 mmol/L, PTH 9.1 pmol/L, vitamin D 45 nmol/L. Refer as primary "
    "hyperparathyroidism?",
    "Sodium 128 on sertraline 100mg, asymptomatic. Stop it, or reduce and recheck in 1/52?",
    "Insulin glargine 30 units at night, fasting glucose 4-5, HbA1c 48 but hypos at 3am. Reduce "
    "by 10%?",
    "Prolactin 1200 mU/L, irregular periods, not on antipsychotics. MRI pituitary or refer first?",
    "Adrenal incidentaloma 2.4 cm on CT abdomen 05/10/2026. What biochemistry before clinic?",
    "Gestational diabetes last pregnancy, now HbA1c 44. Annual check or refer?",
    "Testosterone 7.2 nmol/L on two morning samples, LH 3.1. Start replacement or see endo?",
    # Renal
    "eGFR 45, ACR 45 mg/mmol, BP 150/95 on losartan 50mg. Increase to 100 mg or add a SGLT2i?",
    "CKD G3b A2, potassium 6.1 on repeat. Patiromer or stop the ramipril 5mg?",
    "eGFR dropped from 58 to 41 in 3/12 after starting ramipril. Stop it?",
    "Microscopic haematuria 2+, ACR 12, eGFR 80, 45 year old. Nephrology or urology first?",
    "Urate 0.52 mmol/L, recurrent gout, eGFR 38. Allopurinol 50mg start and titrate?",
    "AKI stage 1 - creatinine 142 from baseline 98 - after D&V 3/7. Restart metformin when?",
    "Renal cyst 4 cm, Bosniak 2 on US 17/07/2026. Needs follow-up imaging?",
    # Paediatrics
    "18 month old, weight dropped from 50th to 9th centile over 6/12. Bloods needed before "
    "referral?",
    "6 yo with nocturnal enuresis, tried alarm for 3/12. Desmopressin 120 mcg or refer?",
    "Baby 7/52, reflux, feeding ok, gaining weight. Gaviscon infant or wait?",
    "3 year old, recurrent tonsillitis 7 episodes in 12 months. Meets SIGN criteria for ENT?",
    "Born at 32 weeks, now 8 months corrected, not yet sitting. Who should we refer to?",
    "Fever 5/7 in a 2 yo, CRP 45, no focus. Same-day paeds assessment?",
    "12 year old, headaches 2/12, worse in mornings, no neuro signs. Urgent MRI or paeds?",
    "Infant 10/52 with a heart murmur found at 6-8 week check. Echo via paeds cardiology?",
    "ADHD on methylphenidate XL 36 mg, BP 128/82, HR 104. Reduce dose?",
    "Faltering growth, coeliac screen negative, IgA normal. Next investigations?",
    # Orthopaedics and rheumatology
    "Knee OA, 68 year old, BMI 31, failed physio. MRI knee needed or straight to ortho?",
    "MRI L4/5 disc prolapse with S1 radiculopathy 6/52. Refer to spinal team or wait?",
    "Suspected scaphoid fracture, X-ray 3/7 ago normal, still tender. Repeat imaging?",
    "C5/6 radiculopathy, weakness of biceps 4/5. Urgent MRI C-spine?",
    "Frozen shoulder 4/12, steroid injection helped for 2/52. Hydrodilatation?",
    "Polymyalgia, ESR 60, CRP 45. Prednisolone 15 mg od and refer if no response in 1/52?",
    "RA on methotrexate 20mg weekly, folic acid 5mg, ALT 95. Hold MTX?",
    "DAS28 5.1 despite methotrexate and hydroxychloroquine 200mg bd. Biologics assessment?",
    "HLA-B27 positive, inflammatory back pain since 2021, MRI SIJ normal. Still refer?",
    "T12 wedge fracture on X-ray, DEXA T-score -3.1, on alendronic acid 70mg weekly since 2020. "
    "Switch to zoledronate?",
    # Mental health
    "PHQ-9 18, GAD-7 15, no response to sertraline 100mg after 8/52. Switch to mirtazapine 15 mg?",
    "Lithium level 1.1 mmol/L, TSH 6.3, eGFR 58. Who monitors and should we reduce?",
    "Clozapine 300 mg, neutrophils 1.6. Amber on the monitoring service - anything for us to do?",
    "First episode psychosis suspected, 22 year old. CMHT or EIP referral?",
    "Post-natal depression, 6/52 post partum, breastfeeding. Sertraline 50 mg safe?",
    "Eating disorder, BMI 15.8, HR 44, QTc 470ms. Medical admission threshold?",
    "ADHD adult diagnosed privately, on lisdexamfetamine 50mg. Will you accept shared care?",
    "Anxiety, propranolol 40 mg tds requested. Any issue with asthma on Symbicort 200/6?",
    # Ophthalmology
    "IOP 28 mmHg both eyes, discs normal, optom referral. Routine or urgent?",
    "VA 6/9 right, 6/36 left, sudden onset 2/7 ago. Same-day eye casualty?",
    "Diabetic retinopathy screening shows R2 M1. Are you seeing them or is screening arranging?",
    "Red eye, photophobia, VA 6/12. On hydroxychloroquine 400 mg for 6 years - when is the next "
    "OCT due?",
    "Flashes and floaters for 2/7, no curtain. Urgent same day or within 1/52?",
    "Post cataract surgery 3/52, VA 6/6, eye still red. Stop Maxitrol?",
    # Haematology
    "Hb 98 g/L, MCV 104, B12 150, folate 3.1. Intrinsic factor negative. IM B12 1mg loading and "
    "refer?",
    "Platelets 95 x10^9/L, stable for 2 years, no bleeding. Refer or monitor 6/12?",
    "Lymphocytes 6.8, otherwise well, 74 year old. Probable CLL - refer routinely?",
    "Ferritin 1200, transferrin saturation 62%. HFE testing first?",
    "Neutrophils 0.9, Afro-Caribbean, well. Benign ethnic neutropenia - ok to not refer?",
    "Raised Hb 182 g/L, haematocrit 0.54, smoker. JAK2 before referral?",
    "DVT on apixaban 5mg bd for 3/12, provoked (post op). Stop now?",
    "Paraprotein 8 g/L IgG kappa, no CRAB features. MGUS follow-up in primary care?",
    "D-dimer 1.2, Wells score 1. Do you still want a CTPA?",
    # Urology
    "PSA 6.2, 64 year old, DRE benign, prostate 40cc. 2WW or MRI first?",
    "LUTS, IPSS 22, Qmax 8 ml/s, PVR 250 ml. Add finasteride 5mg to tamsulosin 400mcg?",
    "Visible haematuria once, 52 year old smoker. 2WW urology even with UTI treated?",
    "Renal colic, 6 mm stone at PUJ on CT KUB 10/11/2026. Tamsulosin and wait or refer?",
    "Recurrent UTIs, 4 in 12 months, post menopausal. Vaginal oestrogen or prophylaxis?",
    "Testicular lump, US 3/7 ago showed epididymal cyst. Any follow-up?",
    "Gleason 3+4 on active surveillance, PSA density 0.12. Who requests the next MRI?",
    # Neurology, gynae, others
    "Migraine, 15 headache days a month, failed topiramate 50mg bd and propranolol 80mg. "
    "Candesartan?",
    "Tremor, 70 year old, on sodium valproate 500 mg bd. Level 85 - reduce?",
    "First seizure, 30 year old, DVLA aware. EEG before first fit clinic?",
    "Endometrial thickness 6 mm on US, PMB 1 episode. 2WW gynae?",
    "CA125 78, abdominal bloating 2/12, 55 year old. US pelvis booked - refer now?",
    "Post-menopausal HRT, Evorel 50 patch, spotting after 6/12. Refer?",
    "Fatigue, TSH normal, B12 normal, ferritin 18 on 2 occasions. Iron and recheck in 3/12?",
    "Dizziness on standing, 84 year old on 6 antihypertensives, BP 104/60. Rationalise meds?",
    # Practice admin mixed with clinical content
    "Practice code A81001. Referral for 58F with breast lump rejected - what does the 2WW form "
    "need?",
    "From Y02345 (Riverside Medical Centre): is the community anticoagulation service taking "
    "referrals?",
    "P83012 - our pharmacist asks whether amlodipine 5 mg od can be switched to lercanidipine "
    "10mg.",
    "Ref GPH-000123 - any update? Patient is anxious about the CT 3/12 ago showing a liver lesion.",
    "<@U0DRA> could cardiology look at this one - question about edoxaban 60mg with eGFR 50.",
    "Outreach clinics in the LS1 area - do you still run the Thursday diabetes clinic?",
    "Is the NICE NG12 2WW criterion for lung still age 40 and over with haemoptysis?",
    "NG12 2ww - patient 62, new anaemia Hb 105, FIT 8. Meets criteria?",
    "Vit B12 1mg IM every 3 months, level now 900. Should we stop the loading?",
    "Vitamin D 22 nmol/L, calcium 2.31. Colecalciferol 40,000 units weekly for 7/52?",
    "QRISK3 18%, TC/HDL ratio 5.2, non-HDL 4.9. Atorvastatin 20mg per NG238?",
    "Blood results: Na 135, K+ 5.9, urea 12.1, creat 180, eGFR 31. Repeat within 24 hours?",
    "Letter dated 02/10/2026 says the clinic will follow up in 6/12 - nobody has called.",
    "On the waiting list since March 2024 for a hip replacement. Any way to expedite?",
    "MRI booked for 5 December, symptoms escalating. Can it be brought forward?",
    "Bloods 14/10/26: CRP 12, ESR 40. Was the letter saying repeat in 2/52?",
    "Echo 2025-06-14 showed moderate AS, peak gradient 48 mmHg. Repeat echo interval?",
    "Admitted 4th October 2026 with pneumonia, discharged on 1 Nov 2026 - no follow-up CXR "
    "arranged.",
    "78 year old man seen in ED on 30/10/2026 with syncope, sent home. Who follows this up?",
    "Patient was admitted on 03/08/2025 with DKA. What sick day rules should we reinforce?",
    "Mrs Evans was discharged 14/11/2026 on edoxaban 30mg. Weight 58 kg - is that dose right?",
    "Pt seen in clinic on 12/03/2026, plan was repeat colonoscopy in 3 years. Still the plan?",
    "Hep B vaccine course given 12/03/2025 and 12/04/2025. Check anti-HBs now?",
    "Pt had echo 2025-06-14 and Holter 2025-07-01. Results not on ICE - can you chase?",
    "Last seen by respiratory in 2023. Re-refer or can we contact the nurse specialist?",
    "Referred 3rd Sept 2025 to rheumatology - still waiting. Is there a backlog?",
    "CT 12.08.25 showed a 2 cm adrenal lesion. Was this followed up?",
    "Born in 1956, now on 9 medications. Structured medication review - can pharmacy help?",
    "Weight 112 kg, BMI 41.3, HbA1c 49. Eligible for tirzepatide 2.5mg via the NHS pathway?",
    "MMSE 24/30 in 2025, now 19/30. Memory clinic re-referral?",
    "GCS 15, fall with head injury, on apixaban. CT head within 8 hours per NG232?",
    "Gestation 34+2/40, BP 150/100, protein 2+. Same-day maternity assessment?",
    "G2P1 at 12/40, TSH 4.5. Levothyroxine now or wait for endo?",
    "Trimbow 172/5/9 or 87/5/9 for asthma - which strength?",
    "Co-codamol 30/500 two tablets qds plus naproxen 500mg bd at 81 - should we deprescribe?",
    "Relvar 92/22 one puff od and still symptomatic. Add LAMA?",
    "Seretide 250 evohaler 2 puffs bd in a 10 yo - is this too high per BTS/SIGN 158?",
    # Numbers and codes that only look like identifiers
    "Weight 70kg, height 1.75m, BMI 22.9 - is orlistat 120mg tds appropriate?",
    "HbA1c 48 (12/03/2025), 52 (12/09/2025), 61 (12/03/2026). Add a DPP-4i?",
    "Ms Jones, Ward 7, 12/03/2025 - discharge letter mentions a new murmur. Echo?",
    "Mrs Green ECG 12/03/2025 showed AF at 130 bpm - rate control first?",
    "Sodium 128 on 03/03/23 and 131 now on indapamide 2.5mg. Switch?",
    "Tacrolimus level 8.2 on 10/11/26, transplant team happy with 5-10 range?",
    "Morphine sulfate 10 mg at 0800 and 2000, breakthrough 2.5mg. Convert to patch?",
    "Coded as ICD-10 I48.0 and SNOMED 49436004 - is that paroxysmal AF in your system?",
    "Per https://www.nice.org.uk/guidance/ng136 should we use ABPM at 135/85?",
    "If he deteriorates should family call 111 or 999? He is on the palliative register.",
    "Vitamin B6 2mg and B12 1mg tablets - any interaction with levodopa 100/25?",
    "E. coli UTI, 3rd in 6/12, trimethoprim resistant. Nitrofurantoin 50 mg prophylaxis?",
    "Lab ref 25-104233 haemolysed twice - could the lab accept a sample via the hub?",
    "Referral bounced: ODS codes B86001, M85001 and F85002 are all on the same PCN.",
    "Pt 3 yrs post CABG 2019, now angina 2/52. RACPC or cardiology OPD?",
    "Miss Scarlet is taking 2 tabs of co-codamol 8/500 qds. Any concern at 16?",
    "Audit question: patient 12 of 20 had no ACR in 12 months - is annual ACR still required?",
    "Hb 98 g/L on 12.03.2025, 104 on 12.06.2025. Stable enough to manage in primary care?",
    "FH: father MI at 52, brother at 48. LDL 5.4 - Simon Broome criteria, refer to lipid clinic?",
    "Section 2.5.1 of the 2024 guideline says 6/12 review - is that what you do?",
    "The first of March clinic was cancelled; can the 2nd of April list take our 3 urgent ones?",
    "Royal Infirmary 12/03/2025 letter says stop clopidogrel 75mg after 12/12. Agree?",
]


# Questions with exactly one valid NHS number, in many positions and wordings.
_NHS_TEMPLATES: list[str] = [
    "NHS no {n}. 68M with AF, eGFR 45 - apixaban 5 mg bd or 2.5 mg bd?",
    "Please could you advise on {n}: HbA1c 72 mmol/mol on metformin 1g bd.",
    "{n} - new LBBB on ECG, no chest pain. Urgent echo?",
    "Patient NHS number {n}, troponin 34 ng/L, what next?",
    "Re: {n}. Referred 2WW colorectal, FIT 150. Any update on the date?",
    "Query about a patient (NHS {n}) on lithium, level 1.1, TSH 6.3.",
    "CKD G3b, ACR 45. NHS number is {n}. Refer to renal?",
    "Mrs Patel's NHS no: {n} - eczema not responding to Eumovate.",
    "Can you check ICE for {n}? Bloods from 14/10/2026 missing.",
    "Asthma review: FeNO 45 ppb, NHS {n}, on Fostair 100/6.",
    "NHS#{n} psoriasis BSA 12%, DLQI 18 - biologics?",
    "Following up {n} who was seen in clinic on 12/03/2026.",
    "Baby, NHS No. {n}, 7/52 old, reflux, gaining weight.",
    "Visual loss, VA 6/36 left. Patient: {n}.",
    "Is {n} on your surveillance list for Barrett's?",
    "Ortho query re {n} - MRI L4/5 disc prolapse, S1 radiculopathy.",
    "PSA 6.2 ({n}). 2WW or MRI first?",
    "nhs number {n} k+ 5.9 on spironolactone, stop?",
    "Hi team, {n}, neutrophils 0.9, well. Refer?",
    "Clozapine monitoring for {n} shows amber.",
    "Paeds: 6 yo, enuresis, NHS: {n}, tried alarm 3/12.",
    "Hb 98 g/L, MCV 104 [NHS {n}] - B12 loading?",
    "Discharge summary for {n} says follow-up in 6/52, not booked.",
    "{n}\nRecurrent UTIs, 4 in 12 months. Prophylaxis?",
    "Who is the consultant for {n}? Letter unclear.",
    "Gout, urate 0.52, eGFR 38, NHS No {n}. Allopurinol start dose?",
    "COPD exacerbations x3, Trimbow 87/5/9, NHS number: {n}.",
    "Derm 2WW for {n}: 7 mm irregular pigmented lesion.",
    "Thyroid: TSH 0.01 for NHS {n}. Start carbimazole 20mg?",
    "Seen by you on 03/06/2026 - NHS {n} - plan unclear re sacubitril/valsartan.",
    "Eye casualty today? NHS {n}, flashes and floaters 2/7.",
    "Platelets 95 for NHS no.{n}, stable 2 years.",
    "Mental health: PHQ-9 18, GAD-7 15. (NHS number {n})",
    "Post-op DVT on apixaban 3/12 - {n} - stop now?",
    "Please see attached results for NHS {n}; calcium 2.78, PTH 9.1.",
    "Can urology see {n} sooner? Visible haematuria.",
    "Rheum query, DAS28 5.1, NHS number {n}, methotrexate 20mg weekly.",
    "For {n}: QTc 480 ms on citalopram 20mg.",
    "The patient's NHS number is {n} and she has iron deficiency anaemia.",
    "Resp: 6 mm nodule on CT 3/12 ago, NHS {n}, repeat when?",
    "Endo: prolactin 1200 mU/L, NHS {n}.",
    "Gastro - calprotectin 250 - {n}",
    "Renal colic, 6 mm stone, NHS {n}, tamsulosin?",
    "Haem: paraprotein 8 g/L IgG kappa, NHS {n}.",
]

_NBSP = "\u00a0"
_EN_DASH = "\u2013"
_NHS_CASES: list[Case] = [
    (template.format(n=nhs_number(seed, "999" if seed % 4 else "9")), NHS)
    for seed, template in enumerate(_NHS_TEMPLATES)
]
_NHS_CASES += [
    (f"NHS\u00a0{nhs_number(91).replace(' ', _NBSP)} - non-breaking spaces from Teams.", NHS),
    (f"NHS: {nhs_number(92).replace('-', _EN_DASH)} (dashes pasted from Word).", NHS),
    (f"*NHS:* `{nhs_number(93)}` - Slack formatting, HbA1c 58.", NHS),
    ("NHS 943 476 5870 - AF with eGFR 45, apixaban dose?", NHS),
    ("Pt 9434765870 troponin 34 ng/L, same-day?", NHS),
    ("NHS no 943-476-5870, HbA1c 58, SGLT2i?", NHS),
]

_DOB_CASES: list[Case] = [
    ("DOB 12/03/1956. 68F with new AF, CHA2DS2-VASc 4 - anticoagulate?", DOB),
    ("Mr Arthur Penhaligon, D.O.B. 04.11.47, PSA 6.2 - 2WW?", DOB),
    ("Date of birth 1961-07-23, T2DM, HbA1c 72 on metformin 1g bd.", DOB),
    ("Born on 12th Mar 1956, now struggling with COPD, MRC 4.", DOB),
    ("Query re lady b. 02/09/41 with PMR, ESR 60.", DOB),
    ("Mrs J. Okonkwo 17/05/1962 - worsening breathlessness, FEV1 48%.", DOB),
    ("72 year old man (14.02.1952) with new LBBB.", DOB),
    ("Pt 03-08-1949, known COPD, SpO2 88% on air - LTOT assessment?", DOB),
    ("aged 81, 23 January 1943, falls and BP 104/60 on 6 antihypertensives", DOB),
    ("68F, 2 Feb 1958, TSH 0.01 - carbimazole?", DOB),
    ("Baby born on 3 June at 34+2 weeks, now feeding poorly.", DOB),
    ("DOB: 1 Sept 2019 (7 yo), nocturnal enuresis.", DOB),
    ("Child DOB 03/2012, headaches 2/12.", DOB),
    ("Twins born in March 2015 - both with eczema, which emollient?", DOB),
    ("Date of birth is the 5th of November 1950; eGFR now 31.", DOB),
    ("DOB=19/08/1938, on warfarin, INR 4.8.", DOB),
    ("12/03/1956 (DOB) - CKD G3b, refer?", DOB),
    ("Miss Eleanor Vance, 28.02.1990, psoriasis BSA 12%.", DOB),
    ("patient: 1955-12-01, visible haematuria once.", DOB),
    ("He was born 30.6.88 and has had asthma since childhood.", DOB),
    ("dob 7-9-1972 - lithium level 1.1", DOB),
    ("6 yo boy (DOB 14/10/2020) with faltering growth.", DOB),
    ("D.O.B 21st December 1967, gout, urate 0.52.", DOB),
    ("Mx Rowan Blake (09/09/1999) - ADHD shared care?", DOB),
    ("Date of birth: March 12, 1956. QTc 480 ms.", DOB),
    ("Mr O'Brien, 01/01/1960, AAA 4.8 cm on screening.", DOB),
    ("DOB 12/3/56 - warfarin, INR 4.8.", DOB),
    ("dob: 12 Mar 56; K+ 5.9.", DOB),
    ("Mrs Sunita Rao 12/03/56, recurrent UTIs.", DOB),
    ("56yo (12.03.1970) with psoriasis, BSA 12%.", DOB),
    ("Mr Émile Núñez - 05/05/1951 - tremor on valproate.", DOB),
    ("Date of birth the twelfth of March nineteen fifty-six, eGFR 31.", DOB),
    ("DOB: the twenty-first of June 1950 - macular degeneration, VA 6/60.", DOB),
    ("Mrs Wen Li born 1st of May 1949, MMSE 19/30.", DOB),
    # A known limit of the rule, kept so that the recall figure stays honest: a name without a
    # title is not a patient descriptor.
    ("Jane Smith, 12/03/1956, new AF - apixaban?", DOB),
]

_POSTCODE_CASES: list[Case] = [
    (
        "Lives at 12 Acacia Avenue, Leeds LS1 4AP - can community nursing visit for dressings?",
        POSTCODE,
    ),
    ("Address SW1A 1AA, housebound, needs home oxygen assessment.", POSTCODE),
    ("Patient moved to M1 1AE - which trust's heart failure nurses cover there?", POSTCODE),
    ("postcode b33 8th, falls risk, please advise on community physio.", POSTCODE),
    ("Lives near Croydon (CR2 6XH), will she be seen at your site or St Helier?", POSTCODE),
    ("DN55 1PT - is this in your catchment for the diabetes foot clinic?", POSTCODE),
    ("ls14ap, eGFR 45, home visit for bloods?", POSTCODE),
    ("Care home at EC1A 1BB reports new confusion, CRP 45.", POSTCODE),
    ("Address: 4 Mill Lane, Nottingham NG7 2UH. Dysphagia 3/12.", POSTCODE),
    ("She lives in CF10 1EP now - refer to Cardiff instead?", POSTCODE),
    ("Moved to NE1 7RU; transfer of care for his clozapine monitoring.", POSTCODE),
    ("Home: S10 2TN. Palliative, needs syringe driver advice.", POSTCODE),
    ("Patient at OX3 9DU asks for a copy of the clinic letter.", POSTCODE),
    ("Postcode PL6 8DH, housebound, leg ulcer ABPI 0.85.", POSTCODE),
    ("W1A0AX is the address on the referral - is that right?", POSTCODE),
    ("Postcode LS1  4AP (two spaces in the referral form).", POSTCODE),
    ("sw1a1aa is on the address label - out of area?", POSTCODE),
    ("Lives at BT9 7AB, visiting family here, needs warfarin INR check.", POSTCODE),
]

_PHONE_CASES: list[Case] = [
    ("Please call the daughter on 07700 900123 about the discharge plan.", PHONE),
    ("Mobile 07700900456 - happy to be called about her PSA 6.2.", PHONE),
    ("Contact via +44 7700 900789, prefers calls after 5pm.", PHONE),
    ("Son's number is +44 (0)7700 900 321.", PHONE),
    ("Care home phone (0113) 496 0123, ask for the nurse in charge.", PHONE),
    ("Ring 0113 496 0456 for the practice nurse who took the bloods.", PHONE),
    ("Patient's landline 0161 496 0789, hard of hearing.", PHONE),
    ("Wife on 020 7946 0321 - she manages his insulin.", PHONE),
    ("Tel: 01632 960123. Query about HbA1c 58.", PHONE),
    ("Call 0117 496 0555 to arrange the home visit.", PHONE),
    ("0044 7700 900111 is his UK mobile while abroad.", PHONE),
    ("Belfast number 028 9649 6123 for the carer.", PHONE),
    ("Please phone back on 0191 498 0222, K+ 6.1.", PHONE),
    ("Cardiff contact 029 2018 0333.", PHONE),
    ("Mob 07700-900-654, asthma, Fostair 100/6.", PHONE),
    ("tel:07700900987 - she wants to discuss the MRI L4/5 result.", PHONE),
    # The last ten digits pass the NHS check, but +44 says this is a phone number.
    ("Practice direct line +44 113 496 0123 for the duty doctor.", PHONE),
    ("Carer's mobile 07700 900 876.", PHONE),
]

_EMAIL_CASES: list[Case] = [
    ("Please email the results to jane.doe@example.com as she is abroad.", EMAIL),
    ("Daughter's email is priya.shah85@example.co.uk - she is the LPA.", EMAIL),
    ("Reply to j.bloggs+gp@example.org with the 2WW outcome.", EMAIL),
    ("Carer: tom_oconnor@example.net, K+ 5.9 on spironolactone.", EMAIL),
    ("Contact her at ANNA.KOWALSKA@EXAMPLE.COM, HbA1c 92.", EMAIL),
    (
        "<mailto:sam.lee@example.com|sam.lee@example.com> asked for a copy of the echo report.",
        EMAIL,
    ),
    ("Mum's email mum.of.three@example.org.uk for the paeds appointment.", EMAIL),
    ("Patient email: r.ahmed@example.com - wants the MRI L4/5 report.", EMAIL),
    ("Send the leaflet to oliver-grant@example.net please.", EMAIL),
    ("his email (alex99@example.com) bounced - other contact?", EMAIL),
]

_COMBINED_CASES: list[Case] = [
    (
        f"NHS {nhs_number(101)}, DOB 12/03/1956, lives LS1 4AP. New AF, apixaban dose?",
        NHS | DOB | POSTCODE,
    ),
    ("Mrs Ada Lovelace, 10/12/1945, tel 0113 496 0999 - falls.", DOB | PHONE),
    ("Email jane.doe@example.com or call 07700 900555 re her eczema.", EMAIL | PHONE),
    (f"{nhs_number(102)} / M1 1AE / PSA 6.2", NHS | POSTCODE),
    (f"NHS no {nhs_number(103)}, mobile 07700 900222, COPD.", NHS | PHONE),
    ("DOB 01/02/1950, email r.ahmed@example.com, CKD G3b.", DOB | EMAIL),
    (
        f"Pt {nhs_number(104)} born 30.6.88, B33 8TH, 07700900333, a.b@example.org",
        NHS | DOB | POSTCODE | PHONE | EMAIL,
    ),
    ("Seen 12/03/2024, DOB 01/02/1950 - eGFR 45.", DOB),
]


def _plain(number: str) -> str:
    """Strip the spaces and hyphens from a formatted number."""
    return number.replace(" ", "").replace("-", "")


def _brampton(seed: int) -> str:
    """A ten-digit 016977 landline (written 016977 1234) whose digits fail the NHS check."""
    digits = _plain(not_nhs_number(seed, "016977"))
    return f"{digits[:6]} {digits[6:]}"


# Ten-digit numbers that fail the check digit are not NHS numbers; one shaped like a UK phone
# number is still a phone number.
_NOT_NHS_CASES: list[Case] = [
    ("NHS no 943 476 5871 - sorry, may have mistyped. AF dose query.", NONE),
    *[
        (f"NHS number {not_nhs_number(seed)} (typo?) - HbA1c 58, SGLT2i?", NONE)
        for seed in range(200, 206)
    ],
    ("NHS 999 123 4560 - the stem 999123456 has no valid check digit at all.", NONE),
    # A valid number inside a longer digit run is not an NHS number.
    (f"Specimen barcode {_plain(nhs_number(400))}12 - result not on ICE.", NONE),
    (f"Order 88{_plain(nhs_number(401))} from the lab portal.", NONE),
    (f"Call the daughter on {_brampton(300)} (Brampton).", PHONE),
    (f"Landline {_brampton(301)}, prefers calls.", PHONE),
]

# A lay title and a name is a patient's name; a house number, a street and a street word is an
# address. Both kinds joined the guard after the questions above were written, so they are
# labelled here from the text.
_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.? [A-Z\u00c0-\u00de]")
_STREET = re.compile(r"\b\d{1,4} [A-Z][a-z]+ (?:Avenue|Lane|Road|Street)\b")


def _label_later_kinds(case: Case) -> Case:
    text, kinds = case
    if _TITLED_NAME.search(text):
        kinds |= {"patient_name"}
    if _STREET.search(text):
        kinds |= {"address"}
    return text, kinds


IDENTIFIER_CASES: list[Case] = [
    _label_later_kinds(case)
    for case in _NHS_CASES
    + _DOB_CASES
    + _POSTCODE_CASES
    + _PHONE_CASES
    + _EMAIL_CASES
    + _COMBINED_CASES
]
CORPUS: list[Case] = (
    [_label_later_kinds((text, NONE)) for text in CLEAN_QUESTIONS]
    + IDENTIFIER_CASES
    + _NOT_NHS_CASES
)
