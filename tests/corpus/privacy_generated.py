"""A generated corpus for the privacy guard: every identifier kind in many writings, inside GP
questions, and clean questions dense with numbers that are not identifiers.

This half was written beside the guard, from the classes of miss an outside review found (see
``privacy_outsider`` for the half written without reading the guard). Deterministic: one seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

Case = tuple[str, frozenset[str]]

_SEED = 20261202

_QUESTIONS = (
    "new AF on ECG, rate 110 - start apixaban 5mg bd or refer to cardiology?",
    "eGFR dropped from 58 to 41 over 3/12 on ramipril 10mg. Stop or reduce?",
    "HbA1c 74 despite metformin 1g bd and gliclazide 80mg. Next step?",
    "PSA 6.2, previous 4.1 a year ago. 2WW or repeat in 6/52?",
    "troponin 34 ng/L, pain settled, ECG normal. Same-day review needed?",
    "discharged on edoxaban 30mg, weight 58 kg. Is that the right dose?",
    "ferritin 9, Hb 98, no GI symptoms. FIT 12. Refer or treat?",
    "worsening breathlessness, FEV1 48%, on Trimbow 87/5/9. Pulm rehab referral?",
    "TSH 0.01, FT4 28. Start carbimazole or wait for endocrine?",
    "creatinine 300 up from 150 on ramipril, K+ 5.9. Admit?",
    "sudden painless loss of vision left eye since this morning. Same day?",
    "psoriasis BSA 12%, failed topicals. Refer for phototherapy?",
    "lithium level 1.1 on 800mg. Safe to continue with the new ACEi?",
    "ALT 180, ALP normal, drinks 30 units a week. Fibroscan referral?",
    "BP 168/98 on amlodipine 10mg and losartan 100mg. Add spironolactone?",
)

_WEIGHTS = tuple(range(10, 1, -1))


def nhs_number(rng: random.Random) -> str:
    """Ten digits with a valid Modulus 11 check digit (computed here, not by the guard)."""
    while True:
        nine = f"{rng.choice('3456789')}{rng.randrange(10**8):08d}"
        check = 11 - sum(int(d) * w for d, w in zip(nine, _WEIGHTS, strict=True)) % 11
        if check != 10:
            return nine + str(0 if check == 11 else check)


def _group(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(digits[at : at + size])
        at += size
    return sep.join(parts)


_NHS_GROUPINGS = ((3, 3, 4), (4, 3, 3), (5, 5), (2, 2, 2, 2, 2), (1,) * 10, (10,), (3, 4, 3))
_NHS_SEPARATORS = (
    " ",
    "-",
    ".",
    "/",
    " - ",
    " / ",
    "\t",
    "\n",
    "\u00a0",
    "\u2009",
    "\u2007",
    "\u202f",
    "\u2013",
    "\u2014",
    "\u2212",
    " \u2013 ",
    "\u200b",
    "\u00ad",
    "  ",
    "_",
)
_NHS_LABELS = ("NHS", "NHS no", "NHS number:", "nhs#", "NHS No.", "NHSno", "", "", "pt", "ref")


def _nhs_writing(rng: random.Random) -> str:
    digits = nhs_number(rng)
    if rng.random() < 0.1:
        digits = digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    sizes = rng.choice(_NHS_GROUPINGS)
    written = _group(digits, sizes, rng.choice(_NHS_SEPARATORS))
    if rng.random() < 0.1:
        written = f"<b>{written[:3]}</b>{written[3:]}"  # Teams inline markup
    return f"{rng.choice(_NHS_LABELS)} {written}".strip()


_MONTH_NAMES = ("January", "Feb", "March", "Apr", "May", "June", "Jul", "August", "Sept", "Oct")


def _dob_writing(rng: random.Random) -> str:
    year = rng.randrange(1925, 2005)
    day, month = rng.randrange(1, 29), rng.randrange(1, 11)
    label = rng.choice(
        (
            "DOB",
            "dob:",
            "D.O.B.",
            "d/o/b",
            "date of birth",
            "birth date:",
            "Birthdate",
            "DoB -",
            "born",
            "b.",
            "DOB is",
        )
    )
    shapes = (
        f"{day:02d}/{month:02d}/{year}",
        f"{day}.{month}.{year % 100:02d}",
        f"{day:02d}{month:02d}{year}",
        f"{year}{month:02d}{day:02d}",
        f"{day:02d} {month:02d} {year}",
        f"{day:02d}-{month:02d}-{year}",
        f"{year}-{month:02d}-{day:02d}",
        f"{day} {_MONTH_NAMES[month - 1]} {year}",
        f"{day}th {_MONTH_NAMES[month - 1]} {year}",
        f"{_MONTH_NAMES[month - 1]} {day}, {year}",
    )
    shape = rng.choice(shapes)
    if rng.random() < 0.15:  # the date and the age agree: no keyword needed
        age = 2026 - year - rng.choice((0, 1))
        return f"{age}{rng.choice(('M', 'F', 'yo', ' year old man'))} {day:02d}/{month:02d}/{year}"
    if rng.random() < 0.1:
        return f"{day:02d}/{month:02d}/{year} (DOB)"
    return f"{label} {shape}"


_POSTCODES = (
    "LS1 4AP",
    "SW1A 1AA",
    "M1 1AE",
    "B33 8TH",
    "CR2 6XH",
    "DN55 1PT",
    "EC1A 1BB",
    "W1A 0AX",
    "NG7 2UH",
    "BS8 1TH",
    "L3 9PP",
    "S10 2JF",
    "NE1 7RU",
    "OX3 9DU",
)


def _postcode_writing(rng: random.Random) -> str:
    code = rng.choice(_POSTCODES)
    outward, inward = code.split()
    written = rng.choice(
        (
            code,
            code.lower(),
            outward + inward,
            f"{outward}-{inward}",
            f"{outward}  {inward}",
            f"{outward}\u00a0{inward}",
            (outward + inward).lower(),
        )
    )
    return f"{rng.choice(('postcode', 'lives in', 'PC', 'address', 'from', ''))} {written}".strip()


def _phone_writing(rng: random.Random) -> str:
    tail = f"{rng.randrange(1000):03d}"
    writings = (
        f"07700 900{tail}",
        f"+44 7700 900{tail}",
        f"+44-7700-900{tail}",
        f"07700.900{tail}",
        f"447700900{tail}",
        f"0044 7700 900{tail}",
        f"(0113) 496 0{tail}",
        f"0113 496 0{tail}",
        f"020 7946 0{tail}",
        f"07700\n900{tail}",
        f"+44 (0)7700 900{tail}",
        f"07700-900-{tail}",
        f"0161\u2009496\u20090{tail}",
        f"+44 20 7946 0{tail}",
    )
    label = rng.choice(("mob", "tel", "call daughter on", "contact", "phone:", "ring", ""))
    return f"{label} {rng.choice(writings)}".strip()


_LOCALS = ("jane.smith", "j.okonkwo", "zoë.brown", "tom_hughes84", "mary-jones", "k.patel+gp")
_DOMAINS = ("example.com", "gmail.com", "nhs.net", "exämple.org", "localhost", "mail.co.uk")


def _email_writing(rng: random.Random) -> str:
    local, domain = rng.choice(_LOCALS), rng.choice(_DOMAINS)
    writings = (
        f"{local}@{domain}",
        f"<{local}@{domain}>",
        f"mailto:{local}@{domain}",
        f"{local}(at){domain}",
        f"{local} [at] {domain}",
        f"{local} at {domain.replace('.', ' dot ')}" if "." in domain else f"{local}@{domain}",
        f"{local.upper()}@{domain.upper()}",
    )
    return f"{rng.choice(('email', 'daughter emails', 'contact', ''))} {rng.choice(writings)}"


_FIRST = ("Jane", "John", "Mary", "Tom", "Aisha", "Wen", "Émile", "Siobhan", "Peter", "Grace")
_LAST = ("Smith", "O'Neil", "Okonkwo", "Khan", "Hughes", "Smith-Jones", "Núñez", "Evans", "Li")


def _name_writing(rng: random.Random) -> str:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    title = rng.choice(("Mr", "Mrs", "Ms", "Miss", "Mrs.", "Mr."))
    writings = (
        f"{title} {first} {last}, {rng.randrange(18, 99)}",
        f"pt {first} {last}",
        f"patient: {first} {last}",
        f"name: {first} {last}",
        f"re {title} {last}",
        f"my patient {first} {last}",
        f"her son {first} {last}",
        f"{title} {first[0]}. {last}",
        f"{first} {last}, {rng.randrange(18, 99)}",
        f"{last.upper()}, {first} ({title.rstrip('.')})",
    )
    return rng.choice(writings)


def _hospital_writing(rng: random.Random) -> str:
    number = f"{rng.randrange(10**6, 10**7)}"
    return rng.choice(
        (
            f"MRN {number}",
            f"hospital no. A{number[:6]}",
            f"hosp no: RX{number}",
            f"K number K{number}",
            f"unit no {number[:6]}",
            f"RTH {number}",
            f"CRN: {number}1",
            f"M.R.N. {number}",
            f"hospital number {number}",
            f"case note no {number}",
        )
    )


_STREETS = (
    "Acacia Avenue",
    "High Street",
    "Mill Lane",
    "Church Road",
    "Park Crescent",
    "Station Rd",
    "Victoria Terrace",
    "Elm Grove",
    "Kings Way",
    "Orchard Close",
)


def _address_writing(rng: random.Random) -> str:
    number = rng.choice(("12", "1a", "45", "7", "103", "2B"))
    street = rng.choice(_STREETS)
    return rng.choice(
        (
            f"lives at {number} {street}",
            f"Flat 3, {number} {street}",
            f"{number} {street}, Leeds",
            f"address {number} {street}",
            f"{number} {street.lower()}" if "Rd" not in street else f"{number} {street}",
        )
    )


_WRITERS: dict[str, Callable[[random.Random], str]] = {
    "nhs_number": _nhs_writing,
    "date_of_birth": _dob_writing,
    "postcode": _postcode_writing,
    "phone_number": _phone_writing,
    "email": _email_writing,
    "patient_name": _name_writing,
    "hospital_number": _hospital_writing,
    "address": _address_writing,
}


def _embed(rng: random.Random, identifier: str) -> str:
    question = rng.choice(_QUESTIONS)
    return rng.choice(
        (
            f"{identifier} - {question}",
            f"{question} ({identifier})",
            f"Query re {identifier}: {question}",
            f"{question}\n{identifier}",
            f"Hi, {identifier}, {question} Thanks",
        )
    )


_CLEAN_EXTRAS = (
    "Seen in clinic on 12/03/2025.",
    "Appointment 14.11.2026.",
    "Letter dated 2024-10-01.",
    "Bleep 4417.",
    "Ext 2315.",
    "NICE NG12 2WW criteria met?",
    "QRISK 12.5%.",
    "I48.0 coded.",
    "Vitamin B12 2nd loading dose due.",
    "72M 12/03/2025 ED attendance.",
    "68F, since 2019.",
    "UBRN 1234 5678 9012.",
    "co-codamol 30/500 qds.",
    "VA 6/9 both eyes.",
    "Ward 12, Royal Infirmary.",
    "Under Mr Jones, the urology consultant.",
    "Dr Khan's clinic next week.",
    "Thanks, Dr Sarah Patel",
    "BP 150/90, 148/88, 152/94.",
    "Sats 96% on air, RR 18, HR 92.",
    "Practice B82005.",
    "Review in 3/12 and repeat U&E in 2/52.",
    "CT 2/12 ago, 14:30 slot.",
    "the LS1 area.",
)


def cases() -> list[Case]:
    """Every message with the set of identifier kinds it holds (empty set = clean)."""
    rng = random.Random(_SEED)
    out: list[Case] = []
    for kind, writer in _WRITERS.items():
        for _ in range(250):
            out.append((_embed(rng, writer(rng)), frozenset({kind})))
    for _ in range(1000):
        extras = " ".join(rng.sample(_CLEAN_EXTRAS, rng.randrange(1, 4)))
        out.append((f"{rng.choice(_QUESTIONS)} {extras}", frozenset()))
    return out
