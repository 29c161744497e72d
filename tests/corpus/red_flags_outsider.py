"""Outsider corpus: GP questions with and without red flags, written without reading the matcher."""

CASES: list[tuple[str, bool, str]] = [
    # (question text, has_red_flag, specialty key)

    # =====================================================================
    # POSITIVES: presentations needing same-day / emergency action
    # =====================================================================

    # --- ophthalmology: sudden visual loss, RD, AACG, GCA eye sx, trauma, keratitis, orbital cellulitis
    ("72yo sudden painless loss of vision R eye this am, no pain at all. ?CRAO what do i do", True, "ophthalmology"),
    ("pt c/o a curtain over vision L eye since last night, plus flashes + floaters. high myope. same day?", True, "ophthalmology"),
    ("Sudden onset painful red eye, halos round lights, vomiting, pupil mid dilated and sluggish. ?acute angle closure", True, "ophthalmology"),
    ("lost the sight in one eye suddenly few hrs ago, 80 yo with AF not anticoagulated", True, "ophthalmology"),
    ("chemical splash to eye at work - oven cleaner (alkali). irrigated in surgery but still v painful and blurry", True, "ophthalmology"),
    ("hammering metal on metal, something flew into eye, VA reduced, ?penetrating injury / IOFB", True, "ophthalmology"),
    ("new shower of floaters and a dark shadow coming in from the side of his vision since this morning", True, "ophthalmology"),
    ("9yo swollen red eyelids after sinusitis, now eye pushed forward and painful eye movements ?orbital cellulitis", True, "ophthalmology"),
    ("contact lens wearer, very painful red eye, white spot on cornea, photophobic, slept in lenses", True, "ophthalmology"),
    ("woke up and cant see out of bottom half of L eye, like a black shade. pt otherwise well", True, "ophthalmology"),
    ("opthalmology q - vision gone blurry R eye over an hour, v bad headache, eye rock hard to palpation, nauseous", True, "ophthalmology"),

    # --- cardiology: ACS / chest pain at rest, arrhythmia with compromise, dissection, limb ischaemia
    ("55M central crushing chest pain at rest for 40 mins radiating to L arm, sweaty. ECG ST elevation II III aVF. what now", True, "cardiology"),
    ("pt with hx IHD, chest tightness at rest ongoing now for an hour, GTN x3 not helping", True, "cardiology"),
    ("HR 180 regular narrow complex on ECG, pt dizzy and BP 85/50", True, "cardiology"),
    ("sudden tearing chest pain going through to back, BP difference between arms 30mmHg ?dissection", True, "cardiology"),
    ("ECG shows complete heart block, rate 32, pt lightheaded and nearly passed out in waiting room", True, "cardiology"),
    ("woke breathless, cant lie flat, pink frothy sputum, sats 86% RA, crackles to mid zones", True, "cardiology"),
    ("cold pale pulseless R leg, sudden onset 3 hrs ago, pt in AF. ?acute limb ischaemia", True, "cardiology"),
    ("cp at rest for last 2 hrs, still has pain, ecg looks normal, troponin will take till tomorrow. ok to wait?", True, "cardiology"),
    ("78yo syncope on exertion x2, loud ejection systolic murmur radiating to carotids ?severe AS", True, "cardiology"),
    ("chest pain came on while watching telly, crushing, grey and clammy, BP 90 systolic", True, "cardiology"),

    # --- respiratory: stridor, PE, life threatening asthma, massive haemoptysis, pneumothorax, SVCO
    ("adult with stridor and noisy breathing getting worse over 24h, hoarse voice, ?neck mass", True, "respiratory"),
    ("sudden SOB + pleuritic chest pain, swollen calf, HR 115, on OCP. ?PE", True, "respiratory"),
    ("asthmatic cant complete sentences, PEF 30% of best, sats 91, tiring", True, "respiratory"),
    ("coughed up about a cupful of fresh blood this morning, known bronchiectasis", True, "respiratory"),
    ("tall thin 20yo sudden onset sob and sharp chest pain one side, reduced breath sounds L ?pneumothorax", True, "respiratory"),
    ("COPD pt sats 82% on air, drowsy and confused, more than usual", True, "respiratory"),
    ("known lung ca, swelling of face and both arms, distended neck veins, breathless ?SVCO", True, "respiratory"),
    ("pneumonia not responding to oral abx, RR 32, sats 89% RA, new confusion, CURB65 3", True, "respiratory"),
    ("peanut allergy, lips and tongue swelling, wheezy and throat feels tight after eating, used one epipen", True, "respiratory"),

    # --- gastroenterology: upper / lower GI bleed with shock, cholangitis, obstruction, severe colitis, OD
    ("haematemesis x2 today, HR 120 BP 90/60, on aspirin + ibuprofen", True, "gastroenterology"),
    ("vomiting coffee ground stuff, dizzy on standing, known oesophageal varices", True, "gastroenterology"),
    ("large volume fresh PR bleed, fainted on the toilet, HR 110", True, "gastroenterology"),
    ("jaundiced, fever 39 and RUQ pain, having rigors ?ascending cholangitis", True, "gastroenterology"),
    ("took 40 paracetamol yesterday, now RUQ pain and vomiting, didnt tell anyone til now", True, "gastroenterology"),
    ("abdo distended, no flatus or bowel open 3 days, vomiting faeculent material ?obstruction", True, "gastroenterology"),
    ("known UC, 10 bloody stools a day, HR 110, temp 38.2, CRP 90 ?acute severe colitis", True, "gastroenterology"),
    ("melaena for 2 days, Hb 62 on bloods today (was 128), on apixaban", True, "gastroenterology"),
    ("pt vomitting blood - haematemisis, bright red, about 3 times, looks pale and clammy", True, "gastroenterology"),

    # --- dermatology: SJS/TEN, erythroderma, eczema herpeticum, nec fasc, DRESS, purpura + unwell
    ("widespread blistering rash + mouth ulcers + sore red eyes, started lamotrigine 2 wks ago ?SJS", True, "dermatology"),
    ("skin coming off in sheets, Nikolsky positive, pt unwell and febrile ?TEN", True, "dermatology"),
    ("red all over, whole body erythroderma, shivering, pt on methotrexate for psoriasis", True, "dermatology"),
    ("3yo eczema flare with punched out erosions and vesicles, febrile, miserable ?eczema herpeticum", True, "dermatology"),
    ("rapidly spreading redness R thigh, pain way out of proportion, crepitus on palpation ?nec fasc", True, "dermatology"),
    ("new rash 3 wks after starting carbamazepine, fever, facial swelling, eosinophils 2.1 ?DRESS", True, "dermatology"),
    ("adult with purpuric rash on legs, feverish and drowsy, BP soft", True, "dermatology"),

    # --- diabetes-endocrinology: DKA, HHS, adrenal crisis, severe hypoNa, hyperCa, thyroid storm, hypo
    ("T1DM vomiting since yesterday, ketones 4.2, CBG 24, deep sighing breathing", True, "diabetes-endocrinology"),
    ("meter just says HI, T2 on gliclazide, drowsy and very dry ?HHS", True, "diabetes-endocrinology"),
    ("known Addisons, D&V for 2 days, BP 80/50 and confused ?adrenal crisis", True, "diabetes-endocrinology"),
    ("Na 118 on todays bloods, pt confused and had a fit this afternoon", True, "diabetes-endocrinology"),
    ("corrected Ca 3.6, confused, vomiting, known breast ca", True, "diabetes-endocrinology"),
    ("15yo T1 abdo pain and vomiting, blood ketones 3.8, parents worried", True, "diabetes-endocrinology"),
    ("thyrotoxic pt, temp 39.5, HR 160 in fast AF, agitated and sweaty ?thyroid storm", True, "diabetes-endocrinology"),
    ("insulin pt hypo not responding to glucogel, GCS dropping, glucagon given", True, "diabetes-endocrinology"),
    ("on dapagliflozin, vomiting, ketones 5.1 but glucose only 11 ?euglycaemic dka", True, "diabetes-endocrinology"),
    ("new dx diabetes? polyuria polydipsia wt loss, CBG 27 and ketones 3.2, 22yo", True, "diabetes-endocrinology"),

    # --- renal: hyperkalaemia, AKI, uraemia, transplant, PD peritonitis
    ("K 7.1 on routine bloods, pt on ramipril and spironolactone, feels weak", True, "renal"),
    ("K+ 6.8 and peaked T waves on ecg", True, "renal"),
    ("creat gone from 90 to 420 in a week, passing hardly any urine", True, "renal"),
    ("potassium 7.4, lab repeated non haemolysed sample and its 7.2. pt on trimethoprim", True, "renal"),
    ("renal transplant pt, fever, tender over graft, creat up 40%", True, "renal"),
    ("PD pt, cloudy bags and abdo pain since this morning ?peritonitis", True, "renal"),
    ("urea 45 creat 800, pt drowsy, pericardial rub on exam", True, "renal"),
    ("AKI stage 3, no urine for 24h, oedematous and breathless", True, "renal"),
    ("hyperkalaemia 6.9 on haemodialysis pt who missed 2 sessions", True, "renal"),

    # --- paediatrics: non-blanching rash, febrile infant, meningism, stridor, bilious vomiting, etc
    ("non blanching spots on 2yo legs, febrile and floppy", True, "paediatrics"),
    ("8 wk old temp 38.5, otherwise ok-ish but feeding less", True, "paediatrics"),
    ("child neck stiffness, photophobia and vomiting, temp 39 ?menengitis", True, "paediatrics"),
    ("4yo stridor at rest, drooling, sitting forward and wont lie down", True, "paediatrics"),
    ("5 wk old baby vomiting green bile x3", True, "paediatrics"),
    ("infant grunting with subcostal recessions, sats 90% in air", True, "paediatrics"),
    ("toddler ?swallowed a button battery from remote, mum not sure, now drooling", True, "paediatrics"),
    ("7yo petechiae on trunk dont fade with glass test, temp 39", True, "paediatrics"),
    ("bruising on face and ears in 6 month old non mobile baby, explanation doesnt fit", True, "paediatrics"),
    ("child with sickle cell, fever 39, looks unwell", True, "paediatrics"),
    ("6 wk old projectile vomiting after every feed, lethargic, sunken fontanelle, few wet nappies", True, "paediatrics"),
    ("10yo limping, wont weight bear, temp 38.9, hip held flexed", True, "paediatrics"),

    # --- trauma-orthopaedics: cauda equina (many phrasings), septic joint, compartment, MSCC, SUFE
    ("saddle numbness and new difficulty passing urine with her back pain", True, "trauma-orthopaedics"),
    ("cant pee and back pain, says bum feels numb, bilat sciatica", True, "trauma-orthopaedics"),
    ("LBP and new faecal incontinence since yesterday", True, "trauma-orthopaedics"),
    ("hot swollen knee, febrile 38.7, cant weight bear ?septic arthritis", True, "trauma-orthopaedics"),
    ("had cast put on yesterday, now severe pain out of proportion, pain on passive finger stretch ?compartment syndrome", True, "trauma-orthopaedics"),
    ("known breast ca, new thoracic back pain and legs feel weak and heavy", True, "trauma-orthopaedics"),
    ("open tibial fracture, bone visible, fell off ladder", True, "trauma-orthopaedics"),
    ("12yo overweight, hip/knee pain, now cant weight bear ?SUFE", True, "trauma-orthopaedics"),
    ("perianal numbness since lifting at work, struggling to start stream, back pain", True, "trauma-orthopaedics"),
    ("?cuada equina - saddle anasthesia and leg weakness both sides", True, "trauma-orthopaedics"),
    ("prostate ca with bone mets, band like pain round chest and tripping over, ?cord compression", True, "trauma-orthopaedics"),
    ("back pain pt says he cant feel wiping after going to toilet and has been leaking urine", True, "trauma-orthopaedics"),

    # --- haematology: neutropenic sepsis, severe cytopenias, leukostasis, high INR with bleed, sickle chest
    ("day 10 post chemo, temp 38.3, rigors ?neutropenic sepsis", True, "haematology"),
    ("neutrophils 0.3 on FBC, pt on carbimazole, sore throat and fever", True, "haematology"),
    ("plt 8 with gum bleeding and petechiae everywhere", True, "haematology"),
    ("Hb 48, breathless on minimal exertion, chest tight", True, "haematology"),
    ("WCC 180 with blasts on the film", True, "haematology"),
    ("INR 9.5 on warfarin and nose bleed not stopping after 2 hrs", True, "haematology"),
    ("sickle cell adult, chest pain, fever, sats 92 ?acute chest syndrome", True, "haematology"),
    ("on clozapine, neuts 0.8, febrile 38.5", True, "haematology"),
    ("on chemo, feels shivery and awful, hasnt got a thermometer but sounds septic on phone", True, "haematology"),

    # --- urology: torsion, retention, priapism, obstructed infected kidney, clot retention, Fourniers
    ("14yo sudden onset L testicular pain, vomiting, testis high and horizontal ?torsion", True, "urology"),
    ("acute urinary retention, 800ml on bladder scan, in agony", True, "urology"),
    ("erection for 5 hrs, painful, on trazodone", True, "urology"),
    ("fever, loin pain, known stone, hydronephrosis on US ?obstructed infected kidney", True, "urology"),
    ("frank haematuria with clots, now cant pass urine", True, "urology"),
    ("diabetic, perineal swelling, skin going black, very unwell ?Fourniers", True, "urology"),
    ("paraphimosis, cant reduce it, glans v swollen", True, "urology"),
    ("16yo ball pain came on suddenly 2 hrs ago, woke him up", True, "urology"),
    ("?testicular torsoin in 12 yo, pain started at football, swollen", True, "urology"),

    # --- neurology: thunderclap, stroke, TIA, status, GBS, encephalitis, 3rd nerve, head injury on AC
    ("worst headache of her life, came on like being hit on the back of the head, peak in 2 mins", True, "neurology"),
    ("thunderclap headache during sex, now settled, does she still need a scan", True, "neurology"),
    ("new facial droop and arm weakness started 1hr ago", True, "neurology"),
    ("slurred speech and R hand clumsiness lasted 20 mins yesterday, resolved ?TIA", True, "neurology"),
    ("fitting for over 10 mins and still going, buccal midaz given", True, "neurology"),
    ("ascending weakness both legs over 3 days, tingling hands, had D&V 2 wks ago ?GBS", True, "neurology"),
    ("headache, fever, confused and odd behaviour ?encephalitis", True, "neurology"),
    ("new double vision and droopy eyelid, pupil blown, bad headache ?3rd nerve palsy", True, "neurology"),
    ("fall and hit head on warfarin, vomited twice since", True, "neurology"),
    ("known myasthenia, swallowing getting worse and short of breath", True, "neurology"),
    ("sudden onset of not being able to find words, confused speech, started this morning", True, "neurology"),
    ("headache worse lying down and coughing, vomiting, new papilloedema on fundoscopy", True, "neurology"),

    # --- rheumatology: GCA with eye sx, prosthetic joint sepsis, pulmonary-renal, renal crisis, MTX toxicity
    ("?GCA - new temporal headache, jaw claudication and double vision since yesterday", True, "rheumatology"),
    ("PMR pt on pred, now transient loss of vision L eye this morning", True, "rheumatology"),
    ("hot swollen prosthetic knee, febrile, replaced 2 yrs ago", True, "rheumatology"),
    ("SLE pt with haemoptysis and AKI ?pulmonary renal syndrome", True, "rheumatology"),
    ("ANCA vasculitis pt, creat rising fast, blood ++ protein ++ on dip", True, "rheumatology"),
    ("scleroderma pt, BP 200/120, headache, creatinine rising ?renal crisis", True, "rheumatology"),
    ("on methotrexate, mouth ulcers, WCC 1.2, febrile", True, "rheumatology"),
    ("68F scalp tenderness and jaw pain when chewing, ESR 85, says vision in one eye went blurry for a bit", True, "rheumatology"),

    # --- mental-health-liaison: suicidal intent with plan, OD, psychosis w/ risk, toxicity syndromes
    ("pt says she has a plan to kill herself tonight and has saved up her tablets", True, "mental-health-liaison"),
    ("suicidal intent with a plan, bought a rope, lives alone", True, "mental-health-liaison"),
    ("took 30 sertraline about an hour ago, says she wanted to die", True, "mental-health-liaison"),
    ("acute psychosis, hearing voices telling him to hurt his neighbour", True, "mental-health-liaison"),
    ("2 wks post natal, hearing voices, thinks the baby is evil", True, "mental-health-liaison"),
    ("lithium pt, coarse tremor, vomiting, ataxic, level 2.1", True, "mental-health-liaison"),
    ("on haloperidol, rigid, temp 39, CK 5000 ?NMS", True, "mental-health-liaison"),
    ("anorexia, BMI 12, HR 38, K 2.6", True, "mental-health-liaison"),
    ("has written goodbye letters and given his things away, says he wont be here next week", True, "mental-health-liaison"),
    ("sucidal, plans to jump off the bridge after work, wont agree to safety plan", True, "mental-health-liaison"),

    # =====================================================================
    # HARD NEGATIVES: red-flag words present but negated, historical,
    # resolved/investigated, or in an admin/teaching context
    # =====================================================================

    # --- ophthalmology hard negatives
    ("gradual blurring of vision over 2 yrs, no sudden loss, ?routine cataract referral", False, "ophthalmology"),
    ("hx CRAO 5 yrs ago, vision stable since, asking re statin dose", False, "ophthalmology"),
    ("floaters unchanged for years, no flashes, no curtain, optician checked retina last month", False, "ophthalmology"),
    ("updating our practice protocol - which sudden vision loss presentations should go same day to eye casualty?", False, "ophthalmology"),
    ("known glaucoma on latanoprost, eyes white and comfortable, pressures fine, can she switch drops due to lash growth", False, "ophthalmology"),
    ("had retinal detachment repaired 3 yrs ago, now wants to know if ok to fly", False, "ophthalmology"),

    # --- cardiology hard negatives
    ("chest pain resolved, trop x2 normal, ECG normal - outpatient echo?", False, "cardiology"),
    ("no chest pain at rest, only on heavy exertion for months, stable pattern, RACPC appropriate?", False, "cardiology"),
    ("hx STEMI 8 yrs ago, stented, stable, ok to stop clopidogrel and stay on aspirin?", False, "cardiology"),
    ("palps, no syncope, no chest pain, ECG sinus rhythm, would you do a 24h tape?", False, "cardiology"),
    ("dad had MI at 50, pt asymptomatic, lipids borderline, statin?", False, "cardiology"),
    ("writing a teaching session on chest pain at rest - what is your local referral pathway", False, "cardiology"),

    # --- respiratory hard negatives
    ("chronic cough 3 months, no haemoptysis, no wt loss, non smoker, CXR normal - next step?", False, "respiratory"),
    ("asthma well controlled, never admitted, no exacerbations in 2 yrs, step down ICS?", False, "respiratory"),
    ("hx PE 3 yrs ago (provoked), still on apixaban, how long should he continue?", False, "respiratory"),
    ("snores loudly, no stridor, no daytime breathlessness, ?sleep study referral", False, "respiratory"),
    ("pleuritic chest pain last week, CTPA negative for PE, now pain free - any follow up?", False, "respiratory"),

    # --- gastroenterology hard negatives
    ("vomited once, no blood, no coffee grounds, likely gastroenteritis - just checking antiemetic choice", False, "gastroenterology"),
    ("hx upper GI bleed 5 yrs ago (DU), healed, now wants to restart low dose aspirin - PPI cover?", False, "gastroenterology"),
    ("bright red blood on the paper only, known haemorrhoids, Hb normal, FIT negative", False, "gastroenterology"),
    ("ALT 70, no jaundice, no RUQ pain, ?fatty liver pathway and FIB4", False, "gastroenterology"),
    ("IBS sx, no red flags - no wt loss, no PR bleeding, no nocturnal symptoms. treatment options?", False, "gastroenterology"),

    # --- dermatology hard negatives
    ("had SJS as a child with septrin, now needs abx for UTI, which are safe?", False, "dermatology"),
    ("mild itchy rash on lamotrigine, no mucosal involvement, no fever, pt well - continue?", False, "dermatology"),
    ("blanching maculopapular rash after a viral illness in a well 30yo", False, "dermatology"),
    ("cellulitis improving on fluclox day 3, redness receding from marked line, afebrile", False, "dermatology"),
    ("non-blanching rash was petechiae on face after vomiting, child well, fully resolved, no fever. any follow up?", False, "dermatology"),

    # --- diabetes-endocrinology hard negatives
    ("T1, ketones 0.3, CBG 14, eating and drinking fine - checking sick day rules", False, "diabetes-endocrinology"),
    ("hx DKA as a teenager, now well controlled HbA1c 52, ok for pump referral?", False, "diabetes-endocrinology"),
    ("Na 131 stable for years on SSRI, asymptomatic", False, "diabetes-endocrinology"),
    ("making a sick day rules leaflet, what ketone level should trigger same day admission?", False, "diabetes-endocrinology"),
    ("known Addisons, well, going on holiday - steroid emergency card and sick day dosing advice", False, "diabetes-endocrinology"),

    # --- renal hard negatives
    ("K 5.6 on ramipril, asymptomatic, ECG normal - repeat or stop?", False, "renal"),
    ("K 7.0 but sample haemolysed and sat over weekend, repeat today 4.5", False, "renal"),
    ("eGFR 48 stable for 3 yrs, CKD 3a, no proteinuria - refer?", False, "renal"),
    ("hx hyperkalaemia on spiro which was stopped, K now 4.8, ok to restart at lower dose?", False, "renal"),
    ("AKI last admission, creat now back to baseline, when to restart ramipril?", False, "renal"),

    # --- paediatrics hard negatives
    ("rash on 4yo blanches fully with glass, playing and eating, temp 37.8", False, "paediatrics"),
    ("febrile convulsion 2 yrs ago, parents asking re vaccines", False, "paediatrics"),
    ("bronchiolitis, feeding >75% normal, sats 97, no recessions, no grunting", False, "paediatrics"),
    ("barking cough, no stridor at rest, well, mild croup, dex given - safety net ok?", False, "paediatrics"),
    ("MenB vaccine catch up question for 3yo who moved from abroad", False, "paediatrics"),
    ("baby vomits small amounts after feeds, not bilious, not projectile, gaining weight well", False, "paediatrics"),

    # --- trauma-orthopaedics hard negatives (cauda equina negated/admin)
    ("chronic LBP 5 yrs, no saddle anaesthesia, no bladder or bowel change, physio?", False, "trauma-orthopaedics"),
    ("checking cauda equina safety-netting advice for a leaflet", False, "trauma-orthopaedics"),
    ("had surgery for cauda equina 3 yrs ago, residual numbness unchanged, fit note question", False, "trauma-orthopaedics"),
    ("L5 sciatica, bladder and bowels normal, perianal sensation intact, routine MRI?", False, "trauma-orthopaedics"),
    ("twisted knee, swollen but afebrile, weight bearing, ?MRI for meniscus", False, "trauma-orthopaedics"),
    ("back pain, denies numbness between legs, passing urine normally, no weakness. analgesia advice", False, "trauma-orthopaedics"),

    # --- haematology hard negatives
    ("neuts 1.4 in well black african pt, stable for years, ?benign ethnic neutropenia", False, "haematology"),
    ("finished chemo 2 yrs ago, in remission, flu jab advice", False, "haematology"),
    ("INR 3.8 target 2-3, no bleeding, how to adjust warfarin", False, "haematology"),
    ("ferritin 8 with menorrhagia, Hb 110 - oral iron regime?", False, "haematology"),
    ("temp 38 in pt who had chemo 5 yrs ago, now off treatment, FBC normal - simple UTI?", False, "haematology"),

    # --- urology hard negatives
    ("hx torsion 10 years ago, had fixation, now asking re vasectomy", False, "urology"),
    ("scrotal pain gradual onset over 5 days, urgent US yesterday showed normal flow, ?epididymitis abx", False, "urology"),
    ("LUTS and nocturia, no retention, PVR 50ml on bladder scan - tamsulosin?", False, "urology"),
    ("non visible haematuria on dip, 35yo, UTI treated, repeat dip clear", False, "urology"),
    ("in a training session we're discussing testicular torsion - what age range do you see most?", False, "urology"),

    # --- neurology hard negatives
    ("headache for months, not sudden, worse end of day, no focal neuro", False, "neurology"),
    ("migraine with aura, typical for her, no new features, contraception question", False, "neurology"),
    ("hx SAH 10 yrs ago coiled, asking about driving rules", False, "neurology"),
    ("tension type headache, normal neuro exam, no papilloedema", False, "neurology"),
    ("TIA 3 months ago seen in clinic, now on clopidogrel, ok to add PPI?", False, "neurology"),
    ("not a thunderclap - gradual onset headache with a cold over 2 days, no neck stiffness", False, "neurology"),

    # --- rheumatology hard negatives
    ("PMR on pred 15mg, no headache, no jaw claudication, no visual sx - how to taper?", False, "rheumatology"),
    ("hx GCA, off steroids 2 yrs, bone health question - continue alendronate?", False, "rheumatology"),
    ("gout flare big toe, afebrile, 3rd episode this year, start allopurinol?", False, "rheumatology"),
    ("knee replacement 10 yrs ago, mild ache, no swelling, no fever, well", False, "rheumatology"),

    # --- mental-health-liaison hard negatives
    ("passive thoughts of death, no plan, no intent, good protective factors - ?increase sertraline", False, "mental-health-liaison"),
    ("hx OD 8 yrs ago, stable now, wants to stop sertraline", False, "mental-health-liaison"),
    ("low mood 2 months, denies suicidal ideation, sleeping poorly", False, "mental-health-liaison"),
    ("lithium level 0.7, no tremor, routine monitoring question", False, "mental-health-liaison"),
    ("for a training session: how should we risk assess suicidal intent with plan?", False, "mental-health-liaison"),

    # =====================================================================
    # ROUTINE NEGATIVES: ordinary advice questions, no red-flag language
    # =====================================================================

    # --- ophthalmology routine
    ("dry eyes, tried hypromellose, what next?", False, "ophthalmology"),
    ("chalazion 3 months not resolving with warm compresses, refer?", False, "ophthalmology"),
    ("hydroxychloroquine for 5 yrs, who arranges retinal screening?", False, "ophthalmology"),
    ("blepharitis flare, any role for oral doxy?", False, "ophthalmology"),
    ("child with squint noticed by nursery, 3yo - routine orthoptics?", False, "ophthalmology"),

    # --- cardiology routine
    ("new AF, CHA2DS2VASc 2, rate controlled, which DOAC?", False, "cardiology"),
    ("statin intolerant - myalgia on atorva and rosuva, options?", False, "cardiology"),
    ("clinic BP 160/95, ABPM average 148/90 - start amlodipine?", False, "cardiology"),
    ("NT-proBNP 600, ankle swelling, echo referral route?", False, "cardiology"),
    ("QTc 460 on citalopram 20mg, continue?", False, "cardiology"),
    ("ectopics on ECG, asymptomatic, structural heart normal - anything to do?", False, "cardiology"),

    # --- respiratory routine
    ("COPD on LAMA/LABA still breathless, eos 0.3 - add ICS?", False, "respiratory"),
    ("incidental 4mm lung nodule on CT, never smoker, follow up?", False, "respiratory"),
    ("bronchiectasis, rotating abx for exacerbations - ok?", False, "respiratory"),
    ("spirometry FEV1/FVC 0.68, FEV1 75%, asthma or copd?", False, "respiratory"),
    ("can we refer directly for pulmonary rehab?", False, "respiratory"),

    # --- gastroenterology routine
    ("TTG positive, on gluten, endoscopy referral or straight to dx?", False, "gastroenterology"),
    ("H pylori eradication done, retest needed?", False, "gastroenterology"),
    ("GORD well controlled on omeprazole 40, step down advice", False, "gastroenterology"),
    ("calprotectin 150 in 30yo, repeat or refer?", False, "gastroenterology"),
    ("incidental gallstones on US, asymptomatic, refer?", False, "gastroenterology"),
    ("crohns on aza, due for vaccines - shingrix ok?", False, "gastroenterology"),

    # --- dermatology routine
    ("moderate acne, 3 months lymecycline + topical, isotretinoin referral criteria?", False, "dermatology"),
    ("plaque psoriasis, failed topicals, ?phototherapy", False, "dermatology"),
    ("rosacea, what oral options besides doxy?", False, "dermatology"),
    ("seb keratoses on back, pt wants removal - do you offer?", False, "dermatology"),
    ("childhood eczema, which steroid strength for face?", False, "dermatology"),
    ("hair loss in woman, ferritin 25, ?telogen effluvium", False, "dermatology"),

    # --- diabetes-endocrinology routine
    ("HbA1c 58 on metformin max dose, next agent? BMI 34", False, "diabetes-endocrinology"),
    ("subclinical hypothyroid TSH 6.5 T4 normal, treat?", False, "diabetes-endocrinology"),
    ("Libre eligibility for T2 on basal insulin?", False, "diabetes-endocrinology"),
    ("prolactin 700 on repeat, not on meds, MRI?", False, "diabetes-endocrinology"),
    ("vit D 30, what dose loading?", False, "diabetes-endocrinology"),
    ("gestational diabetes hx, annual HbA1c ok?", False, "diabetes-endocrinology"),

    # --- renal routine
    ("CKD 3b ACR 40, start SGLT2?", False, "renal"),
    ("BP target in CKD with ACR 70?", False, "renal"),
    ("incidental simple renal cyst on US, follow up?", False, "renal"),
    ("metformin dose with eGFR 35?", False, "renal"),
    ("recurrent gout and CKD 4, allopurinol dosing", False, "renal"),

    # --- paediatrics routine
    ("3yo constipation, movicol disimpaction regime?", False, "paediatrics"),
    ("nocturnal enuresis 8yo, desmopressin or alarm first?", False, "paediatrics"),
    ("suspected cows milk protein allergy, which formula?", False, "paediatrics"),
    ("short stature, height on 2nd centile following line, parents short", False, "paediatrics"),
    ("tongue tie, feeding ok, refer?", False, "paediatrics"),
    ("toddler iron deficiency on FBC, cows milk 1L/day, advice", False, "paediatrics"),

    # --- trauma-orthopaedics routine
    ("carpal tunnel, nerve conduction or straight to surgery?", False, "trauma-orthopaedics"),
    ("frozen shoulder, steroid injection or physio first?", False, "trauma-orthopaedics"),
    ("hip OA, when to refer for THR?", False, "trauma-orthopaedics"),
    ("plantar fasciitis 6 months, injection?", False, "trauma-orthopaedics"),
    ("tennis elbow not improving with physio, options?", False, "trauma-orthopaedics"),
    ("trigger finger, do you take referrals for injection?", False, "trauma-orthopaedics"),

    # --- haematology routine
    ("raised ferritin 600, normal tsats, drinks alcohol - ?", False, "haematology"),
    ("B12 180, IF negative, oral or IM?", False, "haematology"),
    ("Hb 175 in smoker, JAK2 first?", False, "haematology"),
    ("lymphocytosis 5.5 in 75yo, well, no nodes - monitor?", False, "haematology"),
    ("DOAC dosing for 85yo 50kg creat clearance 40?", False, "haematology"),
    ("mild thrombocytopenia plt 130 stable over a year", False, "haematology"),

    # --- urology routine
    ("recurrent UTIs in postmenopausal woman, prophylaxis options?", False, "urology"),
    ("PSA 3.2 age 62, no sx, refer?", False, "urology"),
    ("4mm kidney stone passed, any follow up imaging?", False, "urology"),
    ("ED, sildenafil not working, next step?", False, "urology"),
    ("varicocele on L, asymptomatic, refer?", False, "urology"),
    ("overactive bladder, mirabegron or anticholinergic in 80yo?", False, "urology"),

    # --- neurology routine
    ("essential tremor, propranolol not tolerated, alternatives?", False, "neurology"),
    ("restless legs, ferritin 40, iron?", False, "neurology"),
    ("epilepsy on lamotrigine planning pregnancy, folic acid dose?", False, "neurology"),
    ("Bell's palsy 3 months ago, residual weakness, refer?", False, "neurology"),
    ("carbamazepine level monitoring needed?", False, "neurology"),
    ("chronic migraine, tried propranolol and amitriptyline, candesartan next?", False, "neurology"),

    # --- rheumatology routine
    ("ANA 1:80, no sx, refer?", False, "rheumatology"),
    ("RA on methotrexate, blood monitoring frequency?", False, "rheumatology"),
    ("fibromyalgia management options", False, "rheumatology"),
    ("CK 400 on statin, mild aches, stop?", False, "rheumatology"),
    ("hand OA, any role for hydroxychloroquine?", False, "rheumatology"),
    ("raised urate 500, no gout, treat?", False, "rheumatology"),

    # --- mental-health-liaison routine
    ("switching sertraline to venlafaxine, cross taper?", False, "mental-health-liaison"),
    ("ADHD shared care request, who prescribes?", False, "mental-health-liaison"),
    ("antipsychotic metabolic monitoring, what bloods?", False, "mental-health-liaison"),
    ("insomnia, melatonin in adults?", False, "mental-health-liaison"),
    ("diazepam taper for long term user, how fast?", False, "mental-health-liaison"),
    ("anxiety in pregnancy, which SSRI safest?", False, "mental-health-liaison"),
]
