"""The demo's script: two weeks of questions, answers and ratings at a trust, step by step."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One thing that happens: day of the fortnight (0 = Monday), local time, who, what."""

    day: int
    time: str
    who: str
    what: str  # ask, claim, answer, follow, info, resolve, rate, reroute, close
    case: str = ""
    text: str = ""
    options: tuple[tuple[str, str], ...] = ()


def ask(day: int, time: str, who: str, case: str, text: str, **options: str) -> Step:
    """A GP asks a question; ``options`` are the form's other fields (urgency, practice...)."""
    return Step(day, time, who, "ask", case, text, tuple(options.items()))


SCRIPT: tuple[Step, ...] = (
    ask(
        0,
        "09:12",
        "gp-smith",
        "af",
        "New atrial fibrillation, CHA2DS2-VASc 3, no bleeding history. Start a DOAC now or "
        "wait for the cardiology clinic?",
        practice="A81001",
    ),
    Step(0, "09:40", "dr-patel", "claim", "af"),
    Step(
        0,
        "10:05",
        "dr-patel",
        "answer",
        "af",
        "Start a DOAC now (apixaban 5 mg bd unless dose-reduction criteria apply) and refer "
        "routinely to the AF clinic; no need to wait.",
    ),
    Step(0, "10:40", "gp-smith", "follow", "af", "Thanks. eGFR is 48: still 5 mg bd?"),
    Step(
        0, "11:15", "dr-patel", "answer", "af", "Yes: 5 mg bd. Recheck renal function in 6 months."
    ),
    Step(0, "11:30", "gp-smith", "resolve", "af"),
    Step(0, "11:31", "gp-smith", "rate", "af", "5", (("outcome", "referral_avoided"),)),
    ask(
        0,
        "13:30",
        "gp-okafor",
        "bronch",
        "Urgent: 5-month-old baby with bronchiolitis, feeding at 60% of normal. Admit or "
        "manage at home?",
        urgency="urgent",
        practice="B82005",
    ),
    Step(
        0,
        "13:52",
        "dr-osei",
        "answer",
        "bronch",
        "Below 75% of normal feeds she should be seen today: please send her to the "
        "paediatric assessment unit; we will expect her.",
    ),
    Step(0, "14:05", "dr-osei", "resolve", "bronch"),
    Step(0, "14:20", "gp-okafor", "rate", "bronch", "4", (("outcome", "referral_made"),)),
    ask(
        1,
        "08:55",
        "gp-chen",
        "nhs",
        "Discharge letter for NHS 943 476 5870 says stop bisoprolol: is that right?",
    ),
    ask(
        1,
        "09:02",
        "gp-chen",
        "disch",
        "A discharge letter from the cardiology ward says stop bisoprolol after an admission "
        "with heart failure. Is that intended?",
        practice="C84001",
    ),
    Step(
        1,
        "11:20",
        "dr-okafor",
        "answer",
        "disch",
        "No: it was held for low blood pressure on the ward. Restart at 1.25 mg and titrate.",
    ),
    ask(
        1,
        "10:15",
        "gp-wright",
        "psa",
        "Psoriasis for years, now swollen fingers (dactylitis) and morning stiffness. Which "
        "team should see him?",
        specialty="dermatology",
    ),
    Step(1, "14:30", "dr-price", "reroute", "psa", "rheumatology"),
    Step(
        2,
        "09:45",
        "dr-kowalski",
        "answer",
        "psa",
        "Likely psoriatic arthritis: refer to the early inflammatory arthritis clinic; "
        "start naproxen meanwhile if no contraindication.",
    ),
    Step(2, "10:30", "gp-wright", "resolve", "psa"),
    Step(2, "10:31", "gp-wright", "rate", "psa", "5", (("outcome", "referral_made"),)),
    ask(
        2,
        "11:00",
        "gp-hughes",
        "oxygen",
        "COPD with SpO2 88% on air when stable. What are the criteria for a home oxygen "
        "assessment?",
        practice="D81002",
    ),
    Step(2, "13:10", "dr-rahman", "info", "oxygen", "Is she a current smoker?"),
    Step(3, "09:20", "gp-hughes", "follow", "oxygen", "Ex-smoker, stopped two years ago."),
    Step(
        3,
        "10:00",
        "dr-evans",
        "answer",
        "oxygen",
        "Then refer for home oxygen assessment: two readings of 88% or less when stable qualify.",
    ),
    Step(3, "10:30", "gp-hughes", "rate", "oxygen", "4", (("outcome", "advice_only"),)),
    ask(
        3,
        "15:40",
        "gp-ali",
        "fit",
        "FIT 15 in a 52-year-old with change in bowel habit for 8 weeks: 2WW lower GI or "
        "routine gastroenterology?",
        practice="E82010",
    ),
    Step(
        4,
        "09:30",
        "dr-carter",
        "answer",
        "fit",
        "FIT of 10 or more with those symptoms meets the suspected colorectal cancer pathway: "
        "refer on the 2WW lower GI form.",
    ),
    Step(4, "09:45", "gp-ali", "resolve", "fit"),
    Step(4, "09:46", "gp-ali", "rate", "fit", "5", (("outcome", "referral_made"),)),
    ask(
        4,
        "11:10",
        "gp-evans",
        "glp",
        "HbA1c 86 on metformin and gliclazide, BMI 38. Start a GLP-1 or refer to the diabetes "
        "clinic?",
        practice="F81003",
    ),
    Step(
        9,
        "14:00",
        "dr-mensah",
        "answer",
        "glp",
        "Start semaglutide per the local pathway; refer if HbA1c is still above 75 after 6 months.",
    ),
    ask(
        7,
        "09:05",
        "gp-kaur",
        "letter",
        "Who do I ask about an outpatient letter that has not arrived after six weeks?",
    ),
    Step(
        7,
        "10:30",
        "dr-marsh",
        "answer",
        "letter",
        "The outpatient bookings team can resend it: their number is on the trust intranet.",
    ),
    Step(7, "10:40", "gp-kaur", "resolve", "letter"),
    ask(
        8,
        "10:00",
        "gp-murphy",
        "chest",
        "Urgent: chest pain at rest yesterday, now pain-free, ECG shows new T-wave inversion. "
        "Same-day assessment?",
        urgency="urgent",
        practice="G81004",
    ),
    Step(
        8,
        "10:25",
        "dr-okafor",
        "answer",
        "chest",
        "Yes: send to the emergency department today for troponin; this is possible ACS.",
    ),
    Step(8, "10:40", "gp-murphy", "rate", "chest", "5", (("outcome", "admission_avoided"),)),
    ask(
        8,
        "11:30",
        "gp-taylor",
        "egfr",
        "eGFR fell from 58 to 41 in three months after starting ramipril. Refer to renal?",
        practice="H81005",
    ),
    Step(
        8,
        "15:30",
        "dr-adeyemi",
        "answer",
        "egfr",
        "A fall over 25% after an ACE inhibitor: stop ramipril, recheck in 2 weeks, refer if "
        "it does not recover.",
    ),
    ask(
        9,
        "09:30",
        "gp-nowak",
        "psa-blood",
        "PSA 6.2 in a 64-year-old with no urinary symptoms: 2WW urology?",
        practice="J81006",
    ),
    Step(
        9,
        "11:00",
        "mr-ahmed",
        "answer",
        "psa-blood",
        "Yes, above the age-specific threshold: refer on the suspected prostate cancer pathway.",
    ),
    Step(9, "11:30", "gp-nowak", "resolve", "psa-blood"),
    ask(
        10,
        "14:15",
        "gp-brown",
        "seizure",
        "First unprovoked seizure last week, now well. Driving advice and first seizure "
        "clinic referral?",
        practice="K81007",
    ),
    ask(
        11,
        "09:10",
        "gp-patel-r",
        "eczema",
        "Eczema flares in a 30-year-old despite potent steroids: when to refer to dermatology?",
        practice="L81008",
    ),
    Step(
        11,
        "12:00",
        "dr-price",
        "answer",
        "eczema",
        "Refer if two courses of potent steroid fail within 3 months; consider patch testing.",
    ),
    Step(11, "16:30", "-", "close"),
)
