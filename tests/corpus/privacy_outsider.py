"""Outsider adversarial corpus for the GP Helpline privacy guard.

Written by an engineer who had NOT read the guard's code or its tests. Every
message is built from a fixed-seed ``random.Random`` (a subclass that draws only
from ``random()``), so ``cases()`` returns the same list on every call and in
every process. Pure standard library; no imports from the project.

Kinds: nhs_number (10 digits, valid Modulus 11, any layout), date_of_birth,
postcode (full UK postcode), phone_number (UK), email (any address, incl.
obfuscated and team inboxes), patient_name (patient or relative in patient
context; clinicians are clean), hospital_number (number after its keyword),
address (house number + street name + street word).

    from tests.corpus.privacy_outsider import cases, KINDS
    for text, kinds in cases():
        ...   # kinds is a frozenset of identifier kinds; empty = clean

See README.md in this folder for what each kind means.
"""

from __future__ import annotations

import random
import re

KINDS = (
    "nhs_number",
    "date_of_birth",
    "postcode",
    "phone_number",
    "email",
    "patient_name",
    "hospital_number",
    "address",
)

_SEED = 0x6B1F_2025
# Ages are computed against this date so that "72M 12/03/1953" agrees. It sits in
# the middle of the window the corpus is meant for, so a guard that compares the age
# with today's date and allows +/-1 year agrees from 2025-03 to 2027-03.
_REF_Y, _REF_M, _REF_D = 2026, 3, 1


class _Rng(random.Random):
    """random.Random with fixed seed; choice/randint/randrange/shuffle/sample are
    re-implemented on top of random() only, so the corpus is fast to build and
    identical across Python versions (random() itself is version-stable)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randrange(self, start, stop=None):
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def shuffle(self, x):
        for i in range(len(x) - 1, 0, -1):
            j = int(self.random() * (i + 1))
            x[i], x[j] = x[j], x[i]

    def sample(self, population, k):
        pool = list(population)
        self.shuffle(pool)
        return pool[:k]

    def choices(self, population, weights=None, k=1):
        if weights is None:
            return [self.choice(population) for _ in range(k)]
        total = sum(weights)
        out = []
        for _ in range(k):
            x = self.random() * total
            acc = 0
            for item, w in zip(population, weights):
                acc += w
                if x < acc:
                    out.append(item)
                    break
            else:
                out.append(population[-1])
        return out


# ---------------------------------------------------------------------------
# Check digits
# ---------------------------------------------------------------------------


def _nhs_check_digit(nine: str):
    total = sum(int(c) * w for c, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


def nhs_is_valid(ten: str) -> bool:
    """NHS Modulus 11 check (own implementation, used for self-checks)."""
    if len(ten) != 10 or not ten.isdigit():
        return False
    c = _nhs_check_digit(ten[:9])
    return c is not None and c == int(ten[9])


_FW = {ord(str(i)): chr(0xFF10 + i) for i in range(10)}
_FW_UP = {ord(ch): chr(0xFF21 + i) for i, ch in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}

# odd spaces seen in Teams / Outlook / Word pastes
_ODD_SPACES = ["\u00a0", "\u2009", "\u2007", "\u202f", "\u2002", "\u2003", "\u3000", "\u200a"]
_ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
_DASHES = ["\u2013", "\u2014", "\u2212", "\u2010", "\u2011"]

# ---------------------------------------------------------------------------
# Pools
# ---------------------------------------------------------------------------

_FIRST_F = [
    "Jane",
    "Mary",
    "Margaret",
    "Susan",
    "Patricia",
    "Elizabeth",
    "Sandra",
    "Emma",
    "Sophie",
    "Chloe",
    "Olivia",
    "Amelia",
    "Priya",
    "Aisha",
    "Fatima",
    "Zainab",
    "Nadia",
    "Agnieszka",
    "Ewa",
    "Chiamaka",
    "Ngozi",
    "Siobhan",
    "Niamh",
    "Bethan",
    "Sian",
    "Gwen",
    "Joan",
    "Doreen",
    "Brenda",
    "Carol",
    "Linda",
    "Karen",
    "Tracey",
    "Leanne",
    "Kelly",
    "Jade",
    "Yasmin",
    "Mei",
    "Ananya",
    "Harpreet",
    "Gurpreet",
    "Maryam",
    "Hannah",
    "Ruth",
    "Esther",
    "Zoë",
    "Renée",
    "Chloé",
    "Aoife",
    "Grace",
    "Rose",
    "May",
    "Hope",
    "Joy",
    "Dawn",
    "Pauline",
    "Irene",
    "Shirley",
    "Beryl",
    "Kirsty",
    "Shabana",
    "Rukhsana",
    "Precious",
]
_FIRST_M = [
    "John",
    "Peter",
    "David",
    "Tom",
    "Thomas",
    "James",
    "Michael",
    "Robert",
    "William",
    "George",
    "Harry",
    "Oliver",
    "Jack",
    "Mohammed",
    "Ahmed",
    "Imran",
    "Tariq",
    "Raj",
    "Sanjay",
    "Arjun",
    "Piotr",
    "Tomasz",
    "Chukwuemeka",
    "Emeka",
    "Kwame",
    "Sean",
    "Ciaran",
    "Dylan",
    "Gareth",
    "Rhys",
    "Dafydd",
    "Brian",
    "Keith",
    "Derek",
    "Colin",
    "Barry",
    "Trevor",
    "Wayne",
    "Darren",
    "Liam",
    "Kyle",
    "Wei",
    "Minh",
    "Stanley",
    "Albert",
    "Reginald",
    "Ken",
    "Ravi",
    "Hamza",
    "Yusuf",
    "José",
    "Björn",
    "Eoin",
    "Callum",
    "Connor",
    "Bilal",
    "Zubair",
    "Kofi",
    "Lee",
    "Dean",
    "Frank",
    "Norman",
    "Alan",
]
_SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Lewis",
    "Martin",
    "Jackson",
    "Clarke",
    "Turner",
    "Hill",
    "Scott",
    "Cooper",
    "Morris",
    "Ward",
    "Moore",
    "King",
    "Watson",
    "Baker",
    "Harrison",
    "Morgan",
    "Patel",
    "Khan",
    "Ahmed",
    "Ali",
    "Hussain",
    "Begum",
    "Shah",
    "Singh",
    "Kaur",
    "Sharma",
    "Mistry",
    "Chowdhury",
    "Rahman",
    "Iqbal",
    "O'Neil",
    "O'Brien",
    "O'Connor",
    "McDonald",
    "MacLeod",
    "McKenzie",
    "Nowak",
    "Kowalski",
    "Wiśniewska",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Nguyen",
    "Chen",
    "Wong",
    "Li",
    "Kim",
    "Fernandes",
    "Ferreira",
    "Murphy",
    "Kelly",
    "Byrne",
    "Price",
    "Lloyd",
    "Jenkins",
    "Owen",
    "Bell",
    "Marsh",
    "Smith-Jones",
    "Lloyd-Davies",
    "Fitzgerald",
    "Lane",
    "Street",
    "Close",
    "Cook",
    "Bush",
    "Young",
    "Black",
    "May",
    "Rose",
    "Parkinson",
    "Crohn",
    "Bell",
    "Brook",
    "Field",
    "Chapman",
    "Reid",
    "Reilly",
    "Doyle",
    "Quinn",
    "Kaczmarek",
    "Öztürk",
    "Yılmaz",
    "Nwosu",
    "Osei",
    "Boateng",
    "Dhillon",
]
_SURNAMES_DR = [
    "Patel",
    "Khan",
    "Jones",
    "Smith",
    "Okafor",
    "Adeyemi",
    "Nowak",
    "Hughes",
    "Evans",
    "Shah",
    "Iqbal",
    "Chen",
    "Wong",
    "Murphy",
    "Reid",
    "Clarke",
    "Morgan",
    "Singh",
    "Kaur",
    "Rahman",
    "Ahmed",
    "Lee",
    "Taylor",
    "Brown",
    "Green",
    "O'Brien",
    "McKenzie",
    "Fernandes",
    "Mensah",
    "Williams",
    "Wright",
    "Turner",
    "Ward",
    "Bell",
    "Street",
    "Lane",
]

_SPECS = [
    "urology",
    "cardiology",
    "gastro",
    "respiratory",
    "renal",
    "haematology",
    "rheumatology",
    "endocrine",
    "diabetes",
    "gynae",
    "colorectal",
    "breast",
    "ENT",
    "dermatology",
    "neurology",
    "care of the elderly",
    "paediatric",
    "vascular",
    "orthopaedic",
    "upper GI",
    "hepatology",
    "psychiatry",
]
_HOSPITALS = [
    "the Royal Infirmary",
    "St James's",
    "St James's University Hospital",
    "LGI",
    "Leeds General Infirmary",
    "the Northern General",
    "Queen Elizabeth Hospital",
    "St Thomas'",
    "St George's",
    "St Mary's",
    "Addenbrooke's",
    "the Royal Victoria Infirmary",
    "Bradford Royal Infirmary",
    "Pinderfields",
    "Calderdale Royal",
    "Airedale",
    "Harrogate District",
    "Chapel Allerton Hospital",
    "Seacroft",
    "Wharfedale",
    "the General",
    "the QE",
    "the Royal London",
    "Manchester Royal Infirmary",
]
_WARDS = [
    "Ward 12",
    "ward 4",
    "Ward J16",
    "Ward 28",
    "AMU",
    "CDU",
    "SAU",
    "Ward 6 (COTE)",
    "ward 32",
    "Ward L14",
    "the acute frailty unit",
    "CCU",
    "Ward 10",
    "ward 7b",
    "the stroke unit",
    "Ward 40",
    "ward 3",
    "EAU",
    "Ward 18 at the Royal Infirmary",
    "Bay 3, Ward 9",
    "the discharge lounge",
]
_PRACTICES = [
    "Oakwood Surgery",
    "Chapel Street Surgery",
    "Park Road Medical Centre",
    "The Grange Practice",
    "Windsor House Group Practice",
    "Hillside Health Centre",
    "Burley Park Medical Centre",
    "St Martin's Practice",
    "High Street Surgery",
    "Station Road Surgery",
    "Church Lane Medical Practice",
    "The Avenue Surgery",
    "Meanwood Health Centre",
    "Kirkstall Lane Practice",
    "Manor Park Surgery",
]

_TOWNS = [
    "Leeds",
    "Bradford",
    "Wakefield",
    "Halifax",
    "Huddersfield",
    "Harrogate",
    "Otley",
    "Sheffield",
    "Manchester",
    "Birmingham",
    "London",
    "Croydon",
    "Bristol",
    "York",
    "Hull",
    "Doncaster",
    "Keighley",
    "Pudsey",
    "Morley",
    "Ilkley",
    "Dewsbury",
    "Batley",
]
_DISTRICTS = [
    "Roundhay",
    "Headingley",
    "Chapeltown",
    "Harehills",
    "Armley",
    "Horsforth",
    "Beeston",
    "Moortown",
    "Seacroft",
    "Bramley",
    "Shipley",
    "Rothwell",
    "Garforth",
]
_STREET_NAMES = [
    "Acacia",
    "High",
    "Church",
    "Mill",
    "Station",
    "Victoria",
    "Park",
    "Queen's",
    "King's",
    "Albert",
    "Manor",
    "Chapel",
    "Green",
    "School",
    "London",
    "York",
    "Oak",
    "Elm",
    "Beech",
    "Willow",
    "Cedar",
    "Ash",
    "Meadow",
    "Springfield",
    "Woodland",
    "Highfield",
    "Broad",
    "North",
    "New",
    "Westgate",
    "Otley",
    "Harehills",
    "Roundhay",
    "Kirkstall",
    "St Mary's",
    "St John's",
    "Sandy",
    "Hollin",
    "Grange",
    "Orchard",
    "Windsor",
    "Clarence",
    "Cromwell",
    "Nelson",
    "Wellington",
    "Gladstone",
    "Jubilee",
    "Coronation",
    "Alexandra",
    "Marlborough",
    "Shaw Hill",
    "Back Nora",
    "Ladysmith",
    "Cardigan",
    "Brudenell",
    "Hyde Park",
    "Moor",
    "Lidgett",
    "Easterly",
    "Tong",
]
_STREET_WORDS = [
    "Road",
    "Rd",
    "Road",
    "Street",
    "St",
    "Street",
    "Avenue",
    "Ave",
    "Lane",
    "Ln",
    "Close",
    "Cl",
    "Drive",
    "Dr",
    "Way",
    "Crescent",
    "Cres",
    "Gardens",
    "Gdns",
    "Place",
    "Court",
    "Ct",
    "Terrace",
    "Terr",
    "Grove",
    "Hill",
    "Row",
    "Walk",
    "Mews",
    "Square",
    "Rise",
    "View",
    "Vale",
    "Parade",
    "Mount",
    "Fold",
    "Croft",
    "Garth",
    "Boulevard",
]

# Real-looking outward codes (area + district); inward added at random.
_OUTWARD = [
    "LS1",
    "LS2",
    "LS6",
    "LS7",
    "LS8",
    "LS9",
    "LS11",
    "LS12",
    "LS16",
    "LS17",
    "LS28",
    "BD1",
    "BD3",
    "BD7",
    "BD18",
    "BD20",
    "HX1",
    "HX3",
    "HD1",
    "HD2",
    "WF1",
    "WF10",
    "WF17",
    "S1",
    "S6",
    "S10",
    "S11",
    "M1",
    "M4",
    "M14",
    "M20",
    "M13",
    "B1",
    "B12",
    "B33",
    "B44",
    "B5",
    "CR2",
    "CR0",
    "DN55",
    "DN1",
    "EC1A",
    "EC2V",
    "W1A",
    "W1T",
    "W2",
    "SW1A",
    "SW9",
    "SW19",
    "SE1",
    "SE15",
    "E1",
    "E17",
    "E1W",
    "N1",
    "N19",
    "NW3",
    "NW10",
    "WC2H",
    "WC1N",
    "L1",
    "L8",
    "L15",
    "NG1",
    "NG7",
    "NG12",
    "NE1",
    "NE4",
    "SR2",
    "TS1",
    "YO1",
    "YO10",
    "HU3",
    "LE2",
    "CV1",
    "OX4",
    "CB2",
    "BS5",
    "CF24",
    "PL4",
    "EX4",
    "BN2",
    "BH8",
    "SO17",
    "PO4",
    "RG1",
    "GU1",
    "ME7",
    "CT1",
    "TN1",
    "NR2",
    "IP4",
    "CO1",
    "CM1",
    "SS1",
    "MK9",
    "LU1",
    "AL1",
    "SG1",
    "WD17",
    "HP1",
    "SL1",
    "KT1",
    "TW1",
    "HA1",
    "UB1",
    "EN1",
    "IG1",
    "RM1",
    "DA1",
    "BR1",
    "SM1",
    "GL1",
    "WR1",
    "HR1",
    "SY1",
    "TF1",
    "ST4",
    "DE1",
    "NN1",
    "PE1",
    "LN1",
    "DH1",
    "DL1",
    "CA1",
    "LA1",
    "PR1",
    "BB1",
    "BL1",
    "OL1",
    "SK1",
    "WA1",
    "CH1",
    "CW1",
    "WN1",
    "FY1",
    "G12",
    "EH3",
    "AB10",
    "BT9",
    "SA1",
    "LL57",
    "NP20",
    "DE22",
    "NG5",
    "M16",
    "B15",
    "HG1",
    "YO31",
    "S63",
    "WF2",
    "BD9",
]
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------


def _digits(r, n):
    return f"{r.randrange(10**n):0{n}d}"


def _cap(s):
    return s[:1].upper() + s[1:] if s else s


def _pron(sex):
    if sex == "M":
        return {"he": "he", "He": "He", "his": "his", "His": "His", "him": "him"}
    return {"he": "she", "He": "She", "his": "her", "His": "Her", "him": "her"}


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MON3 = [m[:3] for m in _MONTHS]


def _ordinal(d):
    if 10 <= d % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{d}{suffix}"


def _rand_date(r, y0, y1):
    y = r.randint(y0, y1)
    m = r.randint(1, 12)
    d = r.randint(1, 28 if m == 2 else (30 if m in (4, 6, 9, 11) else 31))
    return (y, m, d)


def _age_at_ref(dob):
    y, m, d = dob
    age = _REF_Y - y
    if (m, d) > (_REF_M, _REF_D):
        age -= 1
    return age


_DATE_NUM = [
    lambda d, m, y, yy: f"{d:02d}/{m:02d}/{y}",
    lambda d, m, y, yy: f"{d:02d}/{m:02d}/{y}",
    lambda d, m, y, yy: f"{d}/{m}/{y}",
    lambda d, m, y, yy: f"{d:02d}.{m:02d}.{y}",
    lambda d, m, y, yy: f"{d:02d}-{m:02d}-{y}",
    lambda d, m, y, yy: f"{d:02d} {m:02d} {y}",
    lambda d, m, y, yy: f"{y}-{m:02d}-{d:02d}",
    lambda d, m, y, yy: f"{d:02d}{m:02d}{y}",
    lambda d, m, y, yy: f"{y}{m:02d}{d:02d}",
    lambda d, m, y, yy: f"{d:02d} / {m:02d} / {y}",
    lambda d, m, y, yy: f"{d}.{m}.{y}",
    lambda d, m, y, yy: f"{d:02d}\\{m:02d}\\{y}",
]
_DATE_2Y = [
    lambda d, m, y, yy: f"{d:02d}/{m:02d}/{yy}",
    lambda d, m, y, yy: f"{d}.{m}.{yy}",
    lambda d, m, y, yy: f"{d}/{m}/{yy}",
    lambda d, m, y, yy: f"{d:02d}-{m:02d}-{yy}",
]
_DATE_TXT = [
    lambda d, m, y, yy: f"{_ordinal(d)} {_MONTHS[m - 1]} {y}",
    lambda d, m, y, yy: f"{d} {_MONTHS[m - 1]} {y}",
    lambda d, m, y, yy: f"{d} {_MON3[m - 1]} {y}",
    lambda d, m, y, yy: f"{d:02d}-{_MON3[m - 1]}-{y}",
    lambda d, m, y, yy: f"{d:02d} {_MON3[m - 1].upper()} {y}",
    lambda d, m, y, yy: f"{_MONTHS[m - 1]} {_ordinal(d)} {y}",
    lambda d, m, y, yy: f"{_MONTHS[m - 1]} {d}, {y}",
    lambda d, m, y, yy: f"{_ordinal(d)} of {_MONTHS[m - 1]} {y}",
]
_DATE_TXT_2Y = [
    lambda d, m, y, yy: f"{d}-{_MON3[m - 1]}-{yy}",
    lambda d, m, y, yy: f"{d} {_MON3[m - 1].lower()} {yy}",
    lambda d, m, y, yy: f"{d} {_MONTHS[m - 1]} '{yy}",
]
_DATE_SETS = {
    (True, True): _DATE_NUM + _DATE_2Y + _DATE_TXT + _DATE_TXT_2Y,
    (True, False): _DATE_NUM + _DATE_TXT,
    (False, True): _DATE_NUM + _DATE_2Y,
    (False, False): _DATE_NUM,
}


def _fmt_date(r, dt, allow_text=True, allow_2digit_year=True):
    """A date written the many ways people type them (used for DOB and event dates)."""
    y, m, d = dt
    return r.choice(_DATE_SETS[(allow_text, allow_2digit_year)])(d, m, y, f"{y % 100:02d}")


def _sprinkle_spaces(r, s, p=0.5):
    """Replace some ASCII spaces with odd unicode spaces."""
    parts = s.split(" ")
    out = [parts[0]]
    for part in parts[1:]:
        out.append(r.choice(_ODD_SPACES) if r.random() < p else " ")
        out.append(part)
    return "".join(out)


# ---------------------------------------------------------------------------
# Clinical look-alike generators (all CLEAN by construction)
# ---------------------------------------------------------------------------

_NICE = [
    "NG12",
    "CG181",
    "NG136",
    "NG28",
    "NG17",
    "NG203",
    "NG196",
    "NG106",
    "NG115",
    "CG191",
    "NG51",
    "NG80",
    "NG238",
    "CG95",
    "NG5",
    "NG226",
    "QS124",
    "TA697",
    "NG23",
    "NG158",
    "CG184",
    "NG101",
    "NG59",
    "NG222",
]
_ICD = [
    "I48.0",
    "I48.91",
    "I10",
    "E11.9",
    "E11.65",
    "N18.3",
    "N18.4",
    "J44.1",
    "C34.9",
    "K21.0",
    "M81.0",
    "F32.1",
    "R07.4",
    "I50.9",
    "D50.9",
    "E03.9",
    "C61",
    "K50.9",
    "M10.9",
    "R31.0",
    "G40.9",
    "I63.9",
    "L40.0",
    "E55.9",
    "D51.0",
]
_SNOMED = [
    "49436004",
    "38341003",
    "44054006",
    "195967001",
    "13645005",
    "433144002",
    "35489007",
    "84114007",
    "40930008",
    "64859006",
    "73211009",
    "22298006",
    "399211009",
    "271737000",
    "267036007",
    "428007007",
    "431855005",
]
_READ = [
    "G30..",
    "C10F.",
    "H33..",
    "G573.",
    "G20..",
    "C10E.",
    "1371.",
    "XaJ9G",
    "Xa0lV",
    "H3...",
    "K05..",
    "14A2.",
    "XaIzQ",
    "9N1C.",
    "F25..",
    "Eu32.",
]
_FORMS = [
    "2WW form",
    "FP10",
    "Med3",
    "DS1500",
    "SR1",
    "FIT request form",
    "ReSPECT form",
    "DNACPR form",
    "ICE request",
    "eRS referral",
    "A&G request",
    "TEP form",
    "2WW LGI form v4.2",
    "FP10SS",
    "Blue Badge form",
    "LPA form",
    "CHC checklist",
    "SCR consent",
    "form B",
    "EHCP form",
]
_CLINICS = [
    "CARD12",
    "RACPC",
    "RHEU3A",
    "GYN2WW",
    "UROL-HAEM",
    "LGI-STT",
    "ENT2WW",
    "DERM01",
    "TIA-ACU",
    "AFC",
    "HF-NURSE",
    "FFC1",
    "BRST2WW",
    "COTE-FRAIL",
    "CKD-MDT",
    "EPU",
    "PAC",
    "SDEC",
    "HOT-GYN",
    "FAST-TRACK-UGI",
]


class _Fields(dict):
    """format_map helper: any missing {field} is generated on demand."""

    def __init__(self, r, ctx, gens):
        super().__init__()
        self.r = r
        self.ctx = ctx
        self.gens = gens

    def __missing__(self, key):
        if key in self.ctx:
            return self.ctx[key]
        val = self.gens[key](self.r, self.ctx)
        return val


def _g_bleep(r, c):
    return r.choice(["bleep ", "Bleep ", "blp ", "bleep no. ", "on bleep "]) + str(
        r.randint(1000, 8999)
    )


def _g_ext(r, c):
    return r.choice(["ext ", "ext. ", "x", "extension ", "Ext: "]) + str(r.randint(2000, 79999))


def _g_ubrn(r, c):
    d = "000" + _digits(r, 9) if r.random() < 0.5 else r.choice("123456789") + _digits(r, 11)
    if r.random() < 0.6:
        return f"{d[:4]} {d[4:8]} {d[8:]}"
    return d


def _g_ods(r, c):
    return r.choice("BCDEFGHJKLMNPY") + f"{r.randint(81, 89)}{r.randint(0, 999):03d}"


def _g_edate(r, c):
    """A past event date, 2023-2025."""
    dt = _rand_date(r, 2023, 2025)
    return _fmt_date(r, dt, allow_2digit_year=r.random() < 0.5)


def _adm_dis(r):
    a = _rand_date(r, 2023, 2025)
    b = _rand_date(r, 2023, 2025)
    a, b = min(a, b), max(a, b)
    return _fmt_date(r, a, allow_2digit_year=r.random() < 0.5), _fmt_date(
        r, b, allow_2digit_year=r.random() < 0.5
    )


def _g_fdate(r, c):
    dt = _rand_date(r, 2026, 2027)
    s = _fmt_date(r, dt, allow_2digit_year=False)
    return s


def _g_year(r, c):
    return str(r.randint(2008, 2024))


def _g_int(r, c):
    return r.choice(
        [
            "2/52",
            "3/12",
            "6/7",
            "4/52",
            "6/52",
            "3/7",
            "2/7",
            "12/52",
            "6/12",
            "1/12",
            "3 weeks",
            "2 weeks",
            "6 weeks",
            "3 months",
            "48h",
            "1/52",
            "8/52",
            "10/7",
            "9/12",
            "18/12",
        ]
    )


def _g_time(r, c):
    k = r.randrange(4)
    if k == 0:
        return f"{r.randint(8, 17)}:{r.choice(['00', '15', '30', '45'])}"
    if k == 1:
        return f"{r.randint(8, 17):02d}{r.choice(['00', '30'])}h"
    if k == 2:
        return f"{r.randint(1, 11)}{r.choice(['am', 'pm', ' am', 'pm'])}"
    return f"{r.randint(8, 17)}.{r.choice(['00', '30'])}"


def _g_ward(r, c):
    return r.choice(_WARDS)


def _g_hospital(r, c):
    return r.choice(_HOSPITALS)


def _g_cons(r, c):
    L = r.choice(_SURNAMES_DR)
    F = r.choice(_FIRST_F + _FIRST_M)
    sp = r.choice(_SPECS)
    return r.choice(
        [
            f"Dr {L}",
            f"Dr {L}'s clinic",
            f"Mr {L}, the {sp} consultant",
            f"Mr {L} ({sp})",
            f"Miss {L} ({sp} surgeon)",
            f"Prof {L}",
            f"Dr {F} {L} ({sp} SpR)",
            f"the {sp} team under Dr {L}",
            f"Mr {L}'s team",
            f"Dr {F[0]}. {L} (consultant {sp})",
            f"Ms {L}, {sp} consultant",
            f"Mrs {L} ({sp} CNS)",
            f"Dr {L} the {sp} reg",
            f"Professor {F} {L}",
        ]
    )


_SCORES = [
    lambda r: f"QRISK3 {r.randint(5, 35)}.{r.randint(0, 9)}%",
    lambda r: f"CHA2DS2-VASc {r.randint(1, 6)}",
    lambda r: f"ORBIT {r.randint(0, 5)}",
    lambda r: f"PHQ-9 {r.randint(5, 27)}",
    lambda r: f"GAD-7 {r.randint(5, 21)}",
    lambda r: f"MMSE {r.randint(14, 29)}/30",
    lambda r: f"ACE-III {r.randint(60, 95)}/100",
    lambda r: f"CURB-65 {r.randint(0, 4)}",
    lambda r: f"Rockwood CFS {r.randint(3, 8)}",
    lambda r: f"NEWS2 {r.randint(0, 9)}",
    lambda r: f"IPSS {r.randint(8, 30)}",
    lambda r: f"FRAX {r.randint(5, 30)}%",
    lambda r: "Gleason 3+4=7",
    lambda r: "T2N0M0",
    lambda r: f"Wells {r.randint(0, 6)}",
    lambda r: f"FIB-4 {r.randint(1, 3)}.{r.randint(0, 9)}",
    lambda r: f"EPDS {r.randint(8, 24)}",
    lambda r: f"AUDIT-C {r.randint(4, 12)}",
    lambda r: f"Epworth {r.randint(8, 22)}",
    lambda r: f"HAS-BLED {r.randint(1, 4)}",
    lambda r: f"ABCD2 {r.randint(2, 6)}",
]


def _g_score(r, c):
    return r.choice(_SCORES)(r)


def _g_num(lo, hi, fmt="{}"):
    def g(r, c):
        return fmt.format(r.randint(lo, hi))

    return g


def _g_dec(lo, hi, fmt="{:.1f}"):
    def g(r, c):
        return fmt.format(r.uniform(lo, hi))

    return g


def _lab(name_opts, gen):
    def g(r, c):
        return f"{r.choice(name_opts)} {gen(r, c)}"

    return g


_DRUGS = {
    "acei": [
        "ramipril 5mg od",
        "ramipril 10mg",
        "lisinopril 20mg od",
        "losartan 50mg",
        "candesartan 8mg",
        "perindopril 4mg",
        "ramipril 2.5mg @ night",
    ],
    "statin": [
        "atorvastatin 80mg on",
        "atorvastatin 20mg",
        "simvastatin 40mg nocte",
        "rosuvastatin 10mg",
    ],
    "doac": [
        "apixaban 5mg bd",
        "apixaban 2.5mg bd",
        "edoxaban 60mg od",
        "rivaroxaban 20mg od",
        "dabigatran 150mg bd",
        "warfarin (target INR 2-3)",
    ],
    "analgesic": [
        "co-codamol 30/500 2 qds",
        "co-codamol 8/500",
        "paracetamol 1g qds",
        "naproxen 500mg bd",
        "ibuprofen 400mg tds",
        "co-dydramol 10/500",
    ],
    "opioid": [
        "oramorph 2.5-5mg prn",
        "morphine MR 10mg bd",
        "oxycodone 5mg prn",
        "buprenorphine 10mcg/hr patch",
        "tramadol 50mg qds",
        "codeine 30mg qds",
    ],
    "abx": [
        "nitrofurantoin 50mg on",
        "trimethoprim 100mg nocte",
        "doxycycline 100mg od 7/7",
        "amoxicillin 500mg tds 5/7",
        "co-amoxiclav 625mg tds",
        "clarithromycin 500mg bd",
        "cefalexin 500mg bd",
        "flucloxacillin 1g qds 7/7",
    ],
    "ssri": [
        "sertraline 50mg",
        "sertraline 100mg od",
        "citalopram 20mg",
        "fluoxetine 20mg",
        "mirtazapine 15mg on",
        "venlafaxine MR 75mg",
        "escitalopram 10mg",
    ],
    "thyroid": [
        "levothyroxine 100mcg",
        "levothyroxine 75 micrograms",
        "carbimazole 20mg",
        "liothyronine 20mcg",
    ],
    "dm_drug": [
        "metformin 1g bd",
        "metformin MR 500mg",
        "gliclazide 80mg bd",
        "sitagliptin 100mg",
        "dapagliflozin 10mg",
        "empagliflozin 10mg",
        "semaglutide 1mg weekly",
        "Lantus 24 units",
        "Humulin I 18 units bd",
        "Trulicity 1.5mg",
    ],
    "steroid": [
        "prednisolone 40mg for 5/7",
        "prednisolone 15mg od",
        "pred 30mg reducing by 5mg/wk",
        "hydrocortisone 10/5/5",
        "dexamethasone 4mg",
    ],
    "b12dose": [
        "Vitamin B12 2nd loading dose",
        "B12 1mg IM alternate days",
        "hydroxocobalamin 1mg 3/12ly",
        "B12 3rd loading injection",
        "B12 1st dose",
        "hydroxocobalamin 1mg IM x6 loading",
    ],
    "ppi": ["omeprazole 20mg", "lansoprazole 30mg od", "omeprazole 40mg bd", "esomeprazole 20mg"],
    "bb": [
        "bisoprolol 2.5mg",
        "bisoprolol 5mg od",
        "atenolol 50mg",
        "propranolol 40mg bd",
        "metoprolol 50mg bd",
    ],
    "diuretic": [
        "furosemide 40mg om",
        "furosemide 40mg @ 8am",
        "bumetanide 1mg",
        "indapamide 2.5mg",
        "spironolactone 25mg",
        "bendroflumethiazide 2.5mg",
    ],
    "inhaler": [
        "Trimbow 2 puffs bd",
        "Fostair 100/6 2 puffs bd",
        "Trelegy Ellipta 92/55/22",
        "salbutamol 100mcg prn",
        "Anoro 55/22",
        "Symbicort 200/6 MART",
    ],
    "other": [
        "tamsulosin 400mcg",
        "mirabegron 50mg",
        "finasteride 5mg",
        "alendronic acid 70mg weekly",
        "Adcal D3 1 bd",
        "ferrous fumarate 210mg bd",
        "folic acid 5mg od",
        "allopurinol 100mg",
        "colchicine 500mcg bd",
        "methotrexate 15mg weekly",
        "lithium 400mg nocte",
        "gabapentin 300mg tds",
        "pregabalin 75mg bd",
        "amlodipine 10mg",
        "doxazosin 4mg",
        "HRT (Evorel Conti 50)",
        "Mirena",
        "sodium valproate 500mg bd",
        "levetiracetam 500mg bd",
        "St John's Wort 300mg tds",
        "vitamin D 800 units",
        "Colecalciferol 20,000 IU weekly",
        "clopidogrel 75mg",
        "aspirin 75mg",
        "digoxin 125mcg",
        "amiodarone 200mg",
        "nicorandil 10mg bd",
        "GTN spray",
        "Oramorph 10mg/5ml",
        "Fybogel 1 sachet bd",
    ],
}


def _drug(k):
    def g(r, c):
        return r.choice(_DRUGS[k])

    return g


_GENS = {
    "egfr": lambda r, c: r.choice(["eGFR ", "eGFR ", "egfr ", "GFR "]) + str(r.randint(12, 89)),
    "creat": lambda r, c: r.choice(
        [
            f"creatinine {r.randint(150, 420)} up from {r.randint(70, 149)}",
            f"creat {r.randint(90, 400)}",
            f"Cr {r.randint(80, 350)} umol/L",
            f"creatinine {r.randint(90, 300)} (baseline {r.randint(60, 120)})",
        ]
    ),
    "hb": lambda r, c: (
        r.choice(["Hb ", "Hb ", "haemoglobin ", "HB "])
        + str(r.randint(68, 128))
        + r.choice(["", " g/L", "g/l"])
    ),
    "hba1c": lambda r, c: (
        r.choice(["HbA1c ", "hba1c ", "A1c "])
        + str(r.randint(42, 110))
        + r.choice([" mmol/mol", "", " mmol/mol (was 61)"])
    ),
    "bp": lambda r, c: (
        r.choice(["BP ", "BP ", "bp ", "ABPM avg ", "HBPM "])
        + f"{r.randint(118, 189)}/{r.randint(62, 112)}"
    ),
    "k": lambda r, c: r.choice(["K+ ", "K ", "potassium ", "K+ "]) + f"{r.uniform(2.9, 6.6):.1f}",
    "na": lambda r, c: r.choice(["Na ", "Na+ ", "sodium "]) + str(r.randint(118, 134)),
    "tsh": lambda r, c: r.choice(
        [
            f"TSH {r.uniform(0.01, 0.2):.2f}, fT4 {r.randint(22, 45)}",
            f"TSH {r.uniform(5, 60):.1f}",
            f"TSH <0.01, FT3 {r.uniform(6, 15):.1f}",
        ]
    ),
    "psa": lambda r, c: "PSA " + f"{r.uniform(3.1, 40):.1f}",
    "ferritin": lambda r, c: "ferritin " + str(r.randint(3, 1400)),
    "crp": lambda r, c: "CRP " + str(r.randint(5, 280)),
    "alt": lambda r, c: "ALT " + str(r.randint(45, 420)),
    "alp": lambda r, c: "ALP " + str(r.randint(130, 900)),
    "plt": lambda r, c: r.choice(["plt ", "platelets ", "Plt "]) + str(r.randint(40, 980)),
    "wcc": lambda r, c: "WCC " + f"{r.uniform(1.2, 28):.1f}",
    "inr": lambda r, c: "INR " + f"{r.uniform(1.1, 8.5):.1f}",
    "fit": lambda r, c: (
        r.choice(["FIT ", "qFIT ", "FIT "])
        + str(r.randint(10, 400))
        + r.choice([" ug/g", "", " µg/g"])
    ),
    "bmi": lambda r, c: "BMI " + f"{r.uniform(17, 48):.1f}",
    "sats": lambda r, c: (
        r.choice(["sats ", "SpO2 ", "O2 sats "])
        + f"{r.randint(84, 97)}%"
        + r.choice(["", " RA", " on air"])
    ),
    "hr": lambda r, c: r.choice(["HR ", "pulse ", "HR "]) + str(r.randint(38, 160)),
    "acr": lambda r, c: "ACR " + str(r.randint(3, 300)) + r.choice([" mg/mmol", ""]),
    "trop": lambda r, c: f"trop {r.randint(10, 90)} -> {r.randint(20, 400)}",
    "chol": lambda r, c: f"TC {r.uniform(4, 11):.1f}, LDL {r.uniform(2, 7):.1f}",
    "vitd": lambda r, c: f"vit D {r.randint(8, 40)} nmol/L",
    "b12": lambda r, c: f"B12 {r.randint(80, 180)} ng/L",
    "calpro": lambda r, c: f"FCP {r.randint(60, 1800)} ug/g",
    "bnp": lambda r, c: f"NT-proBNP {r.randint(300, 9000)}",
    "ca125": lambda r, c: f"CA125 {r.randint(36, 900)}",
    "esr": lambda r, c: f"ESR {r.randint(20, 110)}",
    "urate": lambda r, c: f"urate {r.randint(380, 720)}",
    "ddimer": lambda r, c: f"D-dimer {r.randint(300, 4000)}",
    "int": _g_int,
    "dur": lambda r, c: r.choice(["6 months", "12 months", "year", "3 months"]),
    "edate": _g_edate,
    "fdate": _g_fdate,
    "year": _g_year,
    "time": _g_time,
    "bleep": _g_bleep,
    "ext": _g_ext,
    "ubrn": _g_ubrn,
    "ods": _g_ods,
    "ward": _g_ward,
    "hospital": _g_hospital,
    "cons": _g_cons,
    "score": _g_score,
    "nice": lambda r, c: r.choice(_NICE),
    "icd": lambda r, c: r.choice(_ICD),
    "snomed": lambda r, c: r.choice(_SNOMED),
    "read": lambda r, c: r.choice(_READ),
    "form": lambda r, c: r.choice(_FORMS),
    "clinic": lambda r, c: r.choice(_CLINICS),
    "spec": lambda r, c: r.choice(_SPECS),
}
for _k in _DRUGS:
    _GENS[_k] = _drug(_k)

# ---------------------------------------------------------------------------
# Question bodies. {who}/{Who} is the patient reference slot; every other
# {field} is a clean clinical look-alike generated above.
# ---------------------------------------------------------------------------

_BODIES = [
    # renal
    "Advice please re {who}: {creat}, {egfr} (was 60 in {year}). On {acei} and {diuretic}. Refer to renal or repeat in {int}?",
    "{Who} has CKD 3b, {egfr}, {acr}. {bp} on {acei}. Would you add an SGLT2i as per {nice}?",
    "{Who} had an AKI in hospital ({creat}), discharged {edate}. Now {egfr}. OK to restart {acei}?",
    "Rising creatinine in {who} over {int}: {creat}. {k}. Does this need same-day renal review or can it wait for clinic on {fdate}?",
    "{egfr} and {acr} in {who} with T2DM. Already on {dm_drug}. Is a renal referral indicated or just optimise?",
    # cardiology
    "{Who} has new AF on ECG today, {hr}, {bp}. {score}. Started {doac}. Rapid access or routine referral?",
    "Query re {who}: {bnp}, echo at {hospital} showed EF 35%. On {bb} and {acei}. Should I uptitrate before the HF clinic on {fdate}?",
    "{Who} with exertional chest pain for {int}, {trop} in ED. {chol}, {score}. RACPC or CTCA first?",
    "Palpitations, 24 hour tape showed runs of SVT. {Who} is on {bb}. Is an EP referral warranted? Was seen by {cons} in {year}.",
    "{bp} on home readings for {who} despite {acei} and {other}. Step 3 - spironolactone with {k}?",
    "{Who} was started on {doac} by {cons} but {egfr}. Is the dose right? Weight 61kg.",
    "Syncope x2 in {who}, ECG shows 1st degree heart block, PR 240ms. {hr}. Needs a tape or straight to cardiology?",
    # haematology
    "{Who}: {hb}, MCV 72, {ferritin}. {fit}. On {ppi}. Is this a 2WW lower GI or treat and repeat in {int}?",
    "Raised platelets, {plt} on two occasions {int} apart. {Who} otherwise well. JAK2 worth sending before referral?",
    "{Who} has {b12}, currently on {b12dose}. Tingling improving. Continue alternate-day injections?",
    "{inr} on warfarin for {who}, no bleeding. Omit 1 dose and recheck in 2/7?",
    "Lymphocytes 7.8 and {wcc} in {who}. Film says ?CLL. Routine haem referral OK?",
    "{Who}: {hb}, {plt}, neuts 0.9. On {other}. Stop it and repeat FBC in 1/52?",
    # endo / diabetes
    "{Who} with T2DM, {hba1c} on {dm_drug}. {bmi}. Add a GLP-1 or move to insulin?",
    "{tsh} in {who}, symptomatic with {hr}. Start carbimazole or wait for endo?",
    "{vitd} and adjusted Ca 2.71 in {who}. PTH pending. Refer to {cons}?",
    "{Who} on {thyroid} with {tsh}. Should I reduce the dose? Last changed {edate}.",
    "New diagnosis T1 vs T2? {Who}, ketones 1.8, {hba1c}, {bmi}. Same-day diabetes team?",
    "Short synacthen for {who}? On {steroid} for {int}, tired, {na}.",
    # gastro / liver
    "{Who} has {calpro} and loose stools for {int}. {crp}. Refer urgently to gastro or repeat FCP?",
    "{alt}, {alp} in {who}, USS shows fatty liver. {score}. ELF test next?",
    "Dysphagia for {int} in {who}. Does this meet {nice} criteria for urgent OGD?",
    "{Who} with IBD on azathioprine - {wcc}, {alt}. Continue or hold?",
    "{fit} in {who} with change in bowel habit. {hb}. 2WW LGI, or is FIT <10 rule relevant here?",
    # urology
    "{psa} in {who} (was 4.1 in {year}). No LUTS. 2WW prostate pathway?",
    "{Who} has recurrent UTIs, 4 in the last {dur}. On {abx}. Cystoscopy under {cons}?",
    "Visible haematuria x1 in {who}, {egfr}. 2WW haematuria form completed - anything else you need?",
    "{Who}, {score}, on {other}. Nocturia x4. Add {drug2}?",
    "Renal colic, CT KUB showed 6mm stone. {Who} on {analgesic}. Will urology see in stone clinic?",
    # respiratory
    "{Who} with COPD, {sats}, on {inhaler}. LTOT assessment? FEV1 38% predicted.",
    "CXR reported 'right hilar fullness' for {who}. Should this be 2WW or CT first?",
    "{Who} with asthma using salbutamol daily despite {inhaler}. Step up to MART or refer to the asthma clinic?",
    "Chronic cough {int} in {who}, ex-smoker 40 pack years. CXR normal. Need CT?",
    # rheum / MSK
    "{esr}, {crp} in {who} with shoulder girdle pain for {int}. Start {steroid}? No headache or jaw claudication.",
    "{urate} in {who}, 3 gout flares since {year}. Start allopurinol now or wait {int}?",
    "{Who} with hip pain, XR shows OA. {bmi}. Ortho or MSK triage first?",
    "Swollen MCPs and {crp}, anti-CCP positive in {who}. Early arthritis clinic?",
    "{Who} on {other} - {alt}, {wcc}. Hold a dose?",
    # gynae / obs
    "{ca125} in {who}, USS pending. 2WW gynae now or wait for the scan on {fdate}?",
    "Post-menopausal bleeding in {who} on {other}. ET 6mm on TVUS. 2WW?",
    "{Who} is 8/40 pregnant, {bp}, on {acei}. Switch to labetalol now?",
    "Heavy menstrual bleeding, {hb}, {ferritin} in {who}. Mirena or refer?",
    # mental health
    "{Who} on {ssri}, {score}. Increase or switch? Seen by CMHT in {year}.",
    "Lithium level 1.1 in {who}, {egfr}, {tsh}. Who monitors - us or psych?",
    "{Who} on clozapine - {wcc}, neuts 1.6. Amber result: does the clinic need to know today?",
    # paeds
    "{Who} has had a fever for {int}, {crp}. Would paeds see on CAU today?",
    "Faltering growth in {who}, weight dropped from 50th to 9th centile over {int}. Referral criteria?",
    "{Who} with a heart murmur found at the 6/52 check. Echo via paeds cardiology?",
    # derm / ENT / eyes
    "Pigmented lesion on back, {who}, 7-point score 4. 2WW skin or dermatoscopy first? Photo attached.",
    "Unilateral hearing loss for {int} in {who}. MRI IAMs via ENT?",
    "{Who} with a neck lump for {int}, non-tender, 2cm. 2WW head and neck?",
    # neuro / stroke
    "{Who} had a first seizure on {edate}. Driving advice given. Will first fit clinic see {him} within {int}?",
    "TIA symptoms yesterday in {who}, {score}. Loaded with aspirin 300mg. TIA clinic today?",
    "Headache for {int} in {who}, worse on waking. Fundi look normal. Direct access MRI?",
    # elderly / frailty
    "{Who}, {score}, recurrent falls. {bp} lying, 118/70 standing. On {diuretic}. Stop it?",
    "Family worried about memory in {who}. {score}. Memory clinic referral or bloods first?",
    # meds / pharmacy
    "Is it OK to co-prescribe {doac} and {ssri} in {who}? {egfr}, weight 58kg.",
    "{Who} was discharged on {analgesic} and {opioid}. Can we step down?",
    "Interaction check: {other} and {abx} for {who}?",
    "{Who} wants to stop {statin} due to myalgia. CK 240. Alternatives?",
    "Can {who} have the {b12dose} at the practice or does it need to be in clinic?",
    "{Who} is on {other} and {ppi}. Any need for bone protection? {score}.",
    # discharge / admin
    "Discharge letter from {ward}, {hospital} says repeat {k} and {na} in {int}. Who is doing this - us or the ward?",
    "{Who} discharged {edate} from {ward} - TTO says {steroid} but no reducing regime. Can you clarify?",
    "We sent a {form} for {who} on {edate}, UBRN {ubrn}. No appointment yet - could you chase?",
    "Is the {clinic} clinic still running? I tried {ext} and {bleep}. Referral keeps bouncing.",
    "Practice ODS code is {ods} - eRS won't let me select your {spec} service for {who}. Who do I speak to?",
    "Coded as {icd} / SNOMED {snomed}. Does {who} still need annual review with you or can we discharge to primary care?",
    "Letter dated {edate} from {cons} asks us to start {other} in {who}. Happy to, but who monitors?",
    # results
    "{ddimer} in {who} with calf swelling, Wells 1. USS booked for {fdate} at {time}. Anticoagulate meanwhile?",
    "Could you interpret this for me: {hb}, {wcc}, {plt}, {crp}. {Who} feels fine.",
    "{k} on routine bloods for {who}, haemolysed? On {acei}. Repeat today or send to SDEC?",
    "{Who}: {na} (was 134 {int} ago). On {ssri} and {diuretic}. Stop both?",
    "Bloods from {edate}: {hb}, {ferritin}, {b12}. {Who} vegan. Oral or IM?",
    "{hba1c}, {chol}, {egfr}, {acr} at annual review for {who}. Anything to change?",
]

# second drug field used once above
_GENS["drug2"] = lambda r, c: r.choice(
    ["mirabegron 50mg", "tamsulosin 400mcg", "solifenacin 5mg", "finasteride 5mg"]
)

_OPENERS = [
    "",
    "",
    "",
    "",
    "Hi,",
    "Hi team,",
    "Morning all,",
    "Hello cardiology,",
    "Quick question -",
    "A&G request:",
    "Hi, GP here.",
    "@Cardiology",
    "Hi there,",
    "Good afternoon,",
    "Hi, hope you're well.",
    "Sorry to bother you -",
    "hi",
    "Hello,",
    "Morning,",
    "@channel",
    "Hi renal team",
    "Advice & Guidance:",
    "Hello - urgent-ish question.",
    "Evening all,",
    "Hiya,",
    "Question for the on-call reg:",
    "Hi - quick one.",
]


def _clinician_name(r):
    F = r.choice(_FIRST_F + _FIRST_M)
    L = r.choice(_SURNAMES_DR)
    return F, L


def _signoff(r):
    F, L = _clinician_name(r)
    prac = r.choice(_PRACTICES)
    return r.choice(
        [
            "",
            "",
            "",
            "Thanks",
            "Thanks!",
            "Many thanks",
            "thx",
            "Cheers",
            f"Thanks, Dr {F} {L}, GP",
            f"Many thanks\nDr {F[0]} {L}\n{prac}",
            f"Dr {L} (GP partner)",
            f"{F} {L}, ANP",
            f"Thanks {F}",
            f"Cheers, {F} (GP)",
            f"Kind regards,\n{F} {L}\nGP Registrar, {prac}",
            f"Dr {F} {L} | {prac} | EXT",
            f"Thanks - {F} ({prac})",
            f"Best wishes,\nDr {F} {L} MRCGP",
            f"-- Dr {L}, {prac}",
            f"{F} {L}\nPractice pharmacist\n{prac}",
            "Sent from my iPhone",
            f"Regards, {F} {L} (locum GP)",
            f"Thanks in advance, {F} {L}, GPST3",
            f"Dr. {F} {L.upper()}, {prac}",
        ]
    ).replace("EXT", _g_ext(r, None))


# ---------------------------------------------------------------------------
# Patient context
# ---------------------------------------------------------------------------


def _make_ctx(r, min_age=5):
    while True:
        sex = r.choice("MF")
        if r.random() < 0.06:
            dob = _rand_date(r, 2005, 2021)
        else:
            dob = _rand_date(r, 1926, 1990)
        age = _age_at_ref(dob)
        if age >= min_age:
            break
    first = r.choice(_FIRST_M if sex == "M" else _FIRST_F)
    last = r.choice(_SURNAMES)
    if age < 16:
        title = "Master" if sex == "M" else "Miss"
    elif sex == "M":
        title = r.choice(["Mr", "Mr", "Mr", "Mr.", "MR"])
    else:
        title = r.choice(["Mrs", "Mrs", "Ms", "Miss", "Mrs.", "MRS", "Mx"])
    ctx = {
        "sex": sex,
        "first": first,
        "last": last,
        "title": title,
        "dob": dob,
        "age": age,
        "show_age": True,
    }
    ctx.update(_pron(sex))
    return ctx


def _clean_who(r, c):
    a, sx = c["age"], c["sex"]
    kid = a < 16
    noun = ("boy" if sx == "M" else "girl") if kid else ("man" if sx == "M" else "woman")
    opts = ["my patient", "this patient", "the pt", "this pt", "my pt", "the patient"]
    if c.get("show_age", True):
        opts += [
            f"a {a}{sx}",
            f"this {a}{sx}",
            f"a {a} year old {noun}",
            f"this {a}yo",
            f"a {a} y/o {noun}",
            f"my {a} year old patient",
            f"this {a} yr old",
            f"a {a}-year-old {noun}",
            f"an {a}{sx.lower()}",
            f"{a}{sx}",
        ]
    if not kid:
        opts += [
            "this gentleman" if sx == "M" else "this lady",
            "this chap" if sx == "M" else "this lovely lady",
        ]
    return r.choice(opts)


_EPONYMS = [
    "Parkinson's disease",
    "Crohn's",
    "Addison's",
    "Hashimoto's",
    "Graves' disease",
    "Cushing's",
    "Bell's palsy",
    "Barrett's oesophagus",
    "Raynaud's",
    "Sjögren's",
    "Paget's disease",
    "Dupuytren's",
    "Hodgkin lymphoma",
    "Wilson's disease",
    "Ménière's",
    "Alzheimer's",
    "Down syndrome",
    "Marfan syndrome",
    "Charcot foot",
    "Baker's cyst",
    "Colles fracture",
    "Osgood-Schlatter",
    "Perthes",
    "Guillain-Barré",
    "Huntington's",
    "Still's disease",
    "Behçet's",
    "Kawasaki disease",
    "HSP",
    "Hashimoto's thyroiditis",
    "Conn's syndrome",
    "Gilbert's syndrome",
    "Bowen's disease",
    "Morton's neuroma",
    "de Quervain's",
    "Scheuermann's",
    "Dressler syndrome",
]


def _invalid10(r):
    while True:
        s = r.choice("123456789") + _digits(r, 9)
        if not nhs_is_valid(s) and not s.startswith("44"):
            return s


def _old_event(r, c):
    """A clearly-labelled past event date that cannot be the DOB (age disagrees)."""
    age = c.get("age") or 50
    for _ in range(30):
        dt = _rand_date(r, 1995, 2022)
        if abs((_REF_Y - dt[0]) - age) > 3:
            break
    ev = r.choice(
        [
            "CABG",
            "MI",
            "diagnosed T2DM",
            "hysterectomy",
            "TKR",
            "THR",
            "PE",
            "DVT",
            "stroke",
            "lap chole",
            "CVA",
            "TURP",
            "mastectomy",
            "started on warfarin",
            "last colonoscopy",
            "appendicectomy",
            "ablation",
        ]
    )
    return f"{ev} {_fmt_date(r, dt, allow_2digit_year=r.random() < 0.4)}"


def _x_agesex_event(r, c):
    a = c.get("age")
    if not a or a < 8 or not c.get("show_age", True):
        return f"ED attendance {_g_edate(r, c)} with the same."
    sx = c["sex"]
    d = _g_edate(r, c)
    return r.choice(
        [
            f"{a}{sx} {d} ED attendance.",
            f"{a}{sx}, seen {d}.",
            f"{a}{sx} - {d} bloods:",
            f"{a} {sx} {d} A&E with chest pain.",
            f"{a}yo {sx} admitted {d}.",
            f"{a}{sx.lower()} {d} SDEC attendance.",
        ]
    )


def _x_yob(r, c):
    a = c.get("age")
    if not a or not c.get("show_age", True):
        return "Year of birth is on the referral."
    y = _REF_Y - a - 1
    return r.choice(
        [
            f"Born {y}.",
            f"born in {y}, so turns {a + 1} this year.",
            f"(born {y})",
            f"Grew up in Jamaica, born {y}, came to the UK in the 70s.",
        ]
    )


def _x_mention(r, c):
    F, L = _clinician_name(r)
    return r.choice(
        [
            f"@Dr {L} can you pick this up?",
            f"cc @{F} {L}",
            f"@{F}.{L} FYI",
            f"Tagging @Dr {F} {L} (on call).",
            f"@{L} any thoughts?",
        ]
    )


def _x_masked(r, c):
    return r.choice(
        [
            "NHS No: *** *** ****, DOB: **/**/****",
            "Name: [redacted]\nNHS no: [removed]\nDOB: [removed]",
            "Pt details removed - on the eRS referral.",
            "NHS number XXX XXX XXXX",
            "DOB xx/xx/xxxx, NHS xxx xxx xxxx",
            "(identifiers removed as per IG)",
            "Pt: <name removed>",
            "NHS no and DOB are on the A&G request.",
            "Address: [removed]",
            "Tel: [removed]",
            "MRN: n/a - not known to the trust",
            "postcode withheld",
        ]
    )


_EXTRAS = [
    lambda r, c: f"{_g_bleep(r, c)} if easier.",
    lambda r, c: f"I'm on {_g_ext(r, c)} until {_g_time(r, c)}.",
    lambda r, c: f"Ref NICE {r.choice(_NICE)}.",
    lambda r, c: f"Coded as {r.choice(_ICD)} (SNOMED {r.choice(_SNOMED)}).",
    lambda r, c: f"Read code {r.choice(_READ)}.",
    lambda r, c: f"UBRN {_g_ubrn(r, c)}.",
    lambda r, c: f"Our practice code is {_g_ods(r, c)}.",
    lambda r, c: f"Seen at {_g_hospital(r, c)}, {_g_ward(r, c)}, on {_g_edate(r, c)}.",
    lambda r, c: f"Under {_g_cons(r, c)}.",
    lambda r, c: f"Appt on {_g_fdate(r, c)} at {_g_time(r, c)}.",
    _x_agesex_event,
    _x_agesex_event,
    lambda r, c: (
        f"{r.choice(['ICE order no', 'Lab order no.', 'Pathology request no', 'ICE ref', 'Order ID'])} {_invalid10(r)}."
    ),
    lambda r, c: (
        f"{r.choice(['Batch no', 'Lot', 'Batch'])} {r.choice('ABCDEFHKMPRX')}{r.choice('ABCDEFHKMPRX')}{r.randint(1000, 9999)}."
    ),
    lambda r, c: f"Symptoms since {_g_year(r, c)}.",
    _x_yob,
    lambda r, c: r.choice(
        [
            "Advised 111 / 999 if worse.",
            "Safety-netted - call 999 if chest pain.",
            "Told to ring 111 out of hours.",
            "NHS 111 sent {him} in last night.".format(**c),
        ]
    ),
    lambda r, c: f"{r.choice(_DRUGS['b12dose'])} given {_g_edate(r, c)}.",
    lambda r, c: r.choice(
        [
            "NG12 2WW criteria met?",
            "Does this meet NG12 criteria?",
            "Referred under NICE NG12 (2WW).",
            "ng12 2ww?",
            "NG12 suspected cancer criteria?",
            "2WW under NG12?",
        ]
    ),
    lambda r, c: f"Review in {_g_int(r, c)}.",
    lambda r, c: f"{_g_score(r, c)}.",
    lambda r, c: r.choice(
        [
            "See https://www.nice.org.uk/guidance/ng12",
            "cks.nice.org.uk/topics/atrial-fibrillation/ says otherwise?",
            "The pathway on www.leedsth.nhs.uk is out of date.",
            "bnf.nice.org.uk/drugs/apixaban/ says reduce the dose.",
            "Leaflet: patient.info/heart-health/atrial-fibrillation-leaflet",
        ]
    ),
    _x_mention,
    lambda r, c: r.choice(
        [
            "MRI: L4/5 disc bulge, S1 nerve root contact.",
            "C5/6 foraminal stenosis on MRI.",
            "L5/S1 disc, no red flags.",
            "T12 wedge fracture on XR.",
        ]
    ),
    lambda r, c: f"Takes {r.choice(_DRUGS['analgesic'])} prn.",
    lambda r, c: f"Seen by {_g_cons(r, c)} in {_g_year(r, c)}.",
    lambda r, c: _x_masked(r, c),
    lambda r, c: f"Discussed with Sister {r.choice(_SURNAMES_DR)} on {_g_ward(r, c)}.",
    lambda r, c: f"Spoke to the {r.choice(_SPECS)} reg on {_g_bleep(r, c)} at {_g_time(r, c)}.",
    lambda r, c: f"{r.choice(_WARDS)} said to ring back after {_g_time(r, c)}.",
    lambda r, c: f"{r.choice(_FORMS)} attached.",
    lambda r, c: f"Clinic code {r.choice(_CLINICS)}.",
    lambda r, c: "Walks 2 miles a day, manages 3 flights of stairs.",
    lambda r, c: f"12-lead ECG: SR, rate {r.randint(50, 110)}, QTc {r.randint(400, 520)}.",
    lambda r, c: f"PMH: {r.choice(_EPONYMS)}, {r.choice(_EPONYMS)}, {_old_event(r, c)}.",
    lambda r, c: r.choice(
        [
            "Lives with wife, independent, no carers.",
            "Lives alone, daughter nearby.",
            "Lives in a care home, DNACPR in place.",
            "Lives with partner, works as a bus driver.",
        ]
    ),
    lambda r, c: r.choice(
        [
            "Postcode checker says we're out of area for the community team.",
            "Catchment is LS6/LS16 so should it go to St James's?",
            "Lives in the LS1 area.",
            "We're in the BD18 area - which hub?",
            "Your service covers WF1-WF4 only?",
            "Does the HX postcode area count as yours?",
            "Pt is out of area (M postcodes).",
        ]
    ),
    lambda r, c: r.choice(
        [
            "Phone consult today.",
            "Telephone review booked.",
            "Tel consult at 14:30.",
            "Mobile number on record.",
            "Contact via NOK, details on EMIS.",
            "Best to call the surgery line.",
            "Call centre number is on the letter.",
        ]
    ),
    lambda r, c: (
        f"{r.choice(['K 5.9 repeated, K+ 6.1 on VBG.', 'Mg 0.6, PO4 0.7.', 'Ca 2.71 adjusted.'])}"
    ),
    lambda r, c: "INR target 2.5 (range 2-3), 24/7 service, 1:1 nursing at night.",
    lambda r, c: f"{_old_event(r, c)}.",
    lambda r, c: f"Next dose due {_g_fdate(r, c)}.",
    lambda r, c: f"Last dose at {_g_time(r, c)}, level taken 12h post.",
    lambda r, c: (
        f"Trust code {r.choice(['RR8', 'RWA', 'RAE', 'RXF', 'RCD', 'RTH'])} in the eRS directory."
    ),
    lambda r, c: (
        f"{r.choice(['Vitamin B12 2nd loading dose', 'B12 3rd injection', 'B12 1st dose'])} {r.choice(['due Thursday', 'given today', 'booked'])}."
    ),
    lambda r, c: f"Dr {r.choice(_SURNAMES_DR)}'s letter from {_g_edate(r, c)} says to continue.",
    lambda r, c: f"BP 120/80 at {_g_time(r, c)}, {r.choice(['HR 72', 'RR 18', 'T 37.9'])}.",
    lambda r, c: f"Date of referral {_g_edate(r, c)}.",
    lambda r, c: f"Letter dated {_g_edate(r, c)}.",
    lambda r, c: "Admitted {}, discharged {}.".format(*_adm_dis(r)),
    lambda r, c: f"Clinic on {_g_fdate(r, c)} - can it be brought forward?",
    lambda r, c: r.choice(
        ["Weight 72.4kg, height 168cm.", "Weight down 6kg in 3/12.", "Wt 61kg (was 68kg in 2023)."]
    ),
    lambda r, c: r.choice(
        [
            "Room 4, Level 2 outpatients.",
            "Bay 3 bed 4.",
            "Clinic 7, Wing B.",
            "Gate 3 entrance for the Chapel Allerton site.",
        ]
    ),
    lambda r, c: f"Working diagnosis {r.choice(_ICD)} ({r.choice(_EPONYMS)} ruled out).",
]

# ---------------------------------------------------------------------------
# NHS numbers
# ---------------------------------------------------------------------------

_NHS_FIRST = "3444455666677778899"


def _gen_nhs(r):
    while True:
        if r.random() < 0.05:
            nine = "999" + _digits(r, 6)
        else:
            nine = r.choice(_NHS_FIRST) + _digits(r, 8)
        c = _nhs_check_digit(nine)
        if c is None:
            continue
        ten = nine + str(c)
        if len(set(ten)) < 4:
            continue
        return ten


def _insert_zw(r, s):
    pos = [i for i in range(1, len(s)) if s[i - 1].isdigit() and s[i].isdigit()]
    for p in sorted(r.sample(pos, min(len(pos), r.randint(1, 3))), reverse=True):
        s = s[:p] + r.choice(_ZERO_WIDTH) + s[p:]
    return s


def _fmt_nhs(r, d):
    a, b, c = d[:3], d[3:6], d[6:]
    k = r.randrange(30)
    if k < 5:
        s = f"{a} {b} {c}"
    elif k < 8:
        s = d
    elif k == 8:
        s = f"{a}.{b}.{c}"
    elif k == 9:
        s = f"{a}-{b}-{c}"
    elif k == 10:
        s = f"{a} - {b} - {c}"
    elif k == 11:
        x = r.choice(_DASHES)
        s = f"{a}{x}{b}{x}{c}"
    elif k == 12:
        x = r.choice(_DASHES)
        s = f"{a} {x} {b} {x} {c}"
    elif k == 13:
        s = f"{a}/{b}/{c}"
    elif k == 14:
        s = f"{a}\t{b}\t{c}"
    elif k == 15:
        s = r.choice(
            [
                f"{a} {b}\n{c}",
                f"{a}\n{b}\n{c}",
                f"{a}{b}\n{c}",
                f"{a} {b}\r\n{c}",
                d[:5] + "\n" + d[5:],
                f"{a}-\n{b}-{c}",
            ]
        )
    elif k == 16:
        x = r.choice(_ODD_SPACES)
        s = f"{a}{x}{b}{x}{c}"
    elif k == 17:
        s = _insert_zw(r, r.choice([d, f"{a} {b} {c}", d]))
    elif k == 18:
        s = f"{d[:4]} {d[4:7]} {d[7:]}"
    elif k == 19:
        s = f"{d[:5]} {d[5:]}"
    elif k == 20:
        s = " ".join(d[i : i + 2] for i in range(0, 10, 2))
    elif k == 21:
        s = " ".join(d)
    elif k == 22:
        s = f"{a}  {b}  {c}"
    elif k == 23:
        s = f"{a} {b}-{c}"
    elif k == 24:
        s = f"({a}) {b} {c}"
    elif k == 25:
        s = f"{a}_{b}_{c}"
    elif k == 26:
        s = f"{d[:3]} {d[3:7]} {d[7:]}"
    elif k == 27:
        s = f"{a}. {b}. {c}"
    elif k == 28:
        s = r.choice(["-".join(d), f"{a}{b} {c}", f"{a} {b}{c}"])
    else:
        s = f"{a}\u00a0{b}\u00a0{c}"
    if r.random() < 0.10:
        s = s.translate(_FW)
    return s


_NHS_LABELS = [
    "NHS no",
    "NHS no.",
    "NHS No:",
    "NHS#",
    "NHS #",
    "nhs number:",
    "NHS number",
    "NHSno.",
    "NHSno",
    "NHS:",
    "NHS -",
    "NHS Number -",
    "nhs no",
    "Nhs no:",
    "NHS num",
    "nhs nbr",
    "NHS No",
    "N.H.S. no.",
    "NHS no =",
    "NHS-no",
    "NHS ID",
    "nhs",
    "NHS",
    "NHS n°",
    "NHS Nº",
    "NHS number is",
    "NHSnumber:",
    "NHS No.:",
    "nhs#",
    "NHS nr",
    "NHS Number:",
    "NHS no:-",
    "NHS num:",
    "nhsno",
]


def _nhs_lab(r, n):
    lab = r.choice(_NHS_LABELS)
    j = r.choice(
        [" ", " ", " ", "", "\u00a0", "  ", ": " if not lab.endswith((":", "-", "=", "#")) else " "]
    )
    if lab[-1].isalpha() and j == "" and r.random() < 0.5:
        j = " "
    return f"{lab}{j}{n}"


def _nhs_who(r, c):
    n = c["_nhs_s"]
    return r.choice(
        [
            f"my patient ({_nhs_lab(r, n)})",
            f"pt {n}",
            f"this patient, {_nhs_lab(r, n)},",
            f"NHS {n}",
            f"pt {_nhs_lab(r, n)}",
            f"pt NHS no {n}",
            f"the patient with NHS number {n}",
        ]
    )


def _nhs_sent(r, c):
    n = c["_nhs_s"]
    L = _nhs_lab(r, n)
    return r.choice(
        [
            f"{c['His']} NHS number is {n}.",
            f"{L}.",
            f"{L}",
            f"Pt NHS {n}",
            f"Details: {L}",
            f"Can you check {n} on your system?",
            f"Ref {n}",
            f"pt is {n}",
            f"{n} - see above",
            f"{L} (for the referral)",
            f"PDS trace gave {n}.",
            f"Pt: {n}",
            f"({L})",
            f"{n}",
            f"{L} - thanks",
            f"Patient {n}.",
            f"{n} (NHS)",
            f"Her/his NHS: {n}",
            f"NHS number {n} if you want to look up the letters.",
            f"#{n}",
        ]
    )


# ---------------------------------------------------------------------------
# Dates of birth
# ---------------------------------------------------------------------------

_DOB_LABELS = [
    "DOB",
    "DOB:",
    "D.O.B.",
    "d.o.b",
    "dob",
    "DoB",
    "Date of birth:",
    "date of birth",
    "birth date:",
    "Birthdate",
    "Birth date",
    "D.O.B:",
    "DOB -",
    "DOB=",
    "dob-",
    "Dob:",
    "DOB :",
    "D0B",
    "DOB.",
    "date of birth is",
    "d.o.b.",
    "DOB;",
    "Date of Birth -",
    "dob:",
    "birthdate:",
    "DOB/",
    "DOB-",
]


def _dob_str(r, c):
    s = _fmt_date(r, c["dob"], allow_2digit_year=True)
    if r.random() < 0.05:
        s = s.translate(_FW)
    return s


def _dob_frag(r, c):
    y, m, d = c["dob"]
    a, sx = c["age"], c["sex"]
    s = _dob_str(r, c)
    lab = r.choice(_DOB_LABELS)
    k = r.randrange(20)
    if k < 8:
        j = "" if lab[-1] in ":-=/;" and r.random() < 0.4 else " "
        return f"{lab}{j}{s}"
    if k == 8:
        return f"DOB{s}" if s[0].isdigit() else f"DOB {s}"
    if k == 9:
        return r.choice(
            [
                f"born {_ordinal(d)} {_MONTHS[m - 1]} {y}",
                f"born on {s}",
                f"born on the {_ordinal(d)} of {_MONTHS[m - 1]} {y}",
                f"Born {d} {_MON3[m - 1]} {y}",
            ]
        )
    if k == 10:
        return f"b. {s}"
    if k == 11:
        return f"{s} (DOB)"
    if k == 12 and a >= 1:
        return r.choice(
            [
                f"{a}{sx} {s}",
                f"{a}{sx}, {s}",
                f"{a} {sx} {s}",
                f"{sx} {a}y {s}",
                f"{a}{sx.lower()} {s}",
            ]
        )
    if k == 13:
        return f"{lab} {s} ({a}y)" if r.random() < 0.5 else f"{lab} {s} (age {a})"
    if k == 14:
        return f"(DOB {s})"
    if k == 15:
        return f"Born {d:02d}-{_MON3[m - 1]}-{y} ({a}y)"
    if k == 16:
        return f"birthday {_ordinal(d)} {_MONTHS[m - 1]} {y}"
    if k == 17:
        return f"{s} ({a} yrs)"
    if k == 18:
        return _sprinkle_spaces(r, f"{lab} {s}", 0.8)
    return f"{lab} {s}"


def _dob_who(r, c):
    f = _dob_frag(r, c)
    return r.choice(
        [
            f"a patient {f}",
            f"this patient ({f})",
            f"my patient, {f},",
            f"pt {f}",
            f"pt {f}",
            f"{'this lady' if c['sex'] == 'F' else 'this gentleman'} ({f})",
        ]
    )


def _dob_sent(r, c):
    f = _dob_frag(r, c)
    s = _dob_str(r, c)
    return r.choice(
        [
            f"{c['His']} DOB is {s}.",
            f"{f}.",
            f,
            f"For ID: {f}",
            f"Pt {f}",
            f"{_cap(f)}.",
            f"Details - {f}",
            f"Date of birth {s} if you need to look {c['him']} up.",
        ]
    )


# ---------------------------------------------------------------------------
# Postcodes
# ---------------------------------------------------------------------------


def _gen_postcode(r):
    out = r.choice(_OUTWARD)
    inward = str(r.randint(0, 9)) + r.choice(_INWARD_LETTERS) + r.choice(_INWARD_LETTERS)
    return out, inward


_FIXED_POSTCODES = [
    ("LS1", "4AP"),
    ("SW1A", "1AA"),
    ("M1", "1AE"),
    ("B33", "8TH"),
    ("CR2", "6XH"),
    ("DN55", "1PT"),
    ("EC1A", "1BB"),
    ("W1A", "0AX"),
    ("B12", "9QR"),
    ("NG12", "5HT"),
    ("LS6", "3HF"),
    ("BD18", "3QP"),
]


def _fmt_postcode(r, out, inward):
    k = r.randrange(24)
    if k < 9:
        s = f"{out} {inward}"
    elif k < 12:
        s = f"{out}{inward}"
    elif k < 14:
        s = f"{out} {inward}".lower()
    elif k == 14:
        s = f"{out}-{inward}"
    elif k == 15:
        s = f"{out}  {inward}"
    elif k == 16:
        s = f"{out}{r.choice(_ODD_SPACES)}{inward}"
    elif k == 17:
        s = f"{out}\t{inward}"
    elif k == 18:
        s = f"{out.capitalize()} {inward.lower()}"
    elif k == 19:
        # mis-placed space as typed on a phone: "LS 14AP"
        i = 1 if len(out) > 1 and not out[1].isalpha() else 2
        s = f"{out[:i]} {out[i:]}{inward}"
    elif k == 20:
        s = f"{out}{inward}".lower()
    elif k == 21:
        s = (
            f"{out} {inward}".translate(_FW).translate(_FW_UP)
            if r.random() < 0.5
            else f"{out}\u200b {inward}"
        )
    elif k == 22:
        s = f"{out}\n{inward}"
    else:
        s = f"{out} {inward}."[:-1]
    return s


def _pc_frag(r, c):
    s = c["_pc_s"]
    return r.choice(
        [
            s,
            s,
            f"postcode {s}",
            f"PC: {s}",
            f"post code: {s}",
            f"({s})",
            f"{r.choice(_TOWNS)} {s}",
            f"{r.choice(_TOWNS)}, {s}",
            f"pcode {s}",
            f"P/C {s}",
            f"Postcode - {s}",
            f"home postcode {s}",
            f"Postcode:{s}",
        ]
    )


def _pc_who(r, c):
    s = c["_pc_s"]
    return r.choice(
        [
            f"my patient in {s}",
            f"this patient ({s})",
            f"a patient living in {s}",
            f"a pt from {s}",
            f"this pt (postcode {s})",
        ]
    )


def _pc_sent(r, c):
    s = c["_pc_s"]
    he = c["he"]
    return r.choice(
        [
            f"Postcode {s} - which hub covers that?",
            f"Lives in {s}, is that in your catchment?",
            f"{_cap(he)} has moved to {s} - which hospital should {he} go to?",
            f"PC: {s}",
            f"{_pc_frag(r, c)}.",
            f"Pt postcode is {s}.",
            f"Is {s} covered by the community team?",
            f"Home is {s} so {_g_hospital(r, c)} is nearer.",
            f"({s})",
            f"{s} - out of area?",
            f"Postcode for the transport booking: {s}",
        ]
    )


# ---------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------

_LANDLINE_DRAMA = [
    ("0113", "496", 3),
    ("0114", "496", 3),
    ("0115", "496", 3),
    ("0116", "496", 3),
    ("0117", "496", 3),
    ("0118", "496", 3),
    ("0121", "496", 3),
    ("0131", "496", 3),
    ("0141", "496", 3),
    ("0151", "496", 3),
    ("0161", "496", 3),
    ("0191", "498", 3),
]


def _gen_phone(r):
    """Return (national_digits, groups) with groups a list of digit chunks."""
    while True:
        k = r.randrange(10)
        if k < 3:
            nat = "07700900" + _digits(r, 3)
            groups = [nat[:5], nat[5:]]
        elif k < 5:
            nat = "07" + r.choice("1234589") + _digits(r, 8)
            groups = [nat[:5], nat[5:]]
        elif k < 7:
            area, ex, _ = r.choice(_LANDLINE_DRAMA)
            nat = area + ex + "0" + _digits(r, 3)
            groups = [nat[:4], nat[4:7], nat[7:]]
        elif k == 7:
            nat = r.choice(["0207946", "0208496", "0292018"]) + "0" + _digits(r, 3)
            if nat.startswith("0292018"):
                nat = "02920180" + _digits(r, 3)
            groups = [nat[:3], nat[3:7], nat[7:]]
        elif k == 8:
            nat = "01632960" + _digits(r, 3)
            groups = [nat[:5], nat[5:]]
        else:
            area = r.choice(
                ["01274", "01422", "01484", "01924", "01904", "01943", "01535", "01423", "01302"]
            )
            nat = area + r.choice("2345678") + _digits(r, 5)
            groups = [nat[:5], nat[5:]]
        nat = nat[:11]
        if len(nat) != 11:
            continue
        if nhs_is_valid(nat[1:]) or nhs_is_valid(nat[:10]):
            continue
        return nat, groups


def _fmt_phone(r, nat, groups):
    g = groups
    nsn = nat[1:]
    mob = nat.startswith("07")
    ng = [g[0][1:]] + g[1:]  # groups without trunk 0
    k = r.randrange(26)
    if k < 6:
        return " ".join(g)
    if k < 8:
        return nat
    if k == 8 and mob:
        return f"{g[0]} {g[1][:3]} {g[1][3:]}"
    if k == 9:
        return "+44 " + " ".join(ng)
    if k == 10:
        return "+44 (0)" + " ".join(ng)
    if k == 11:
        return "+44-" + "-".join(ng)
    if k == 12:
        return "+44" + nsn
    if k == 13:
        return "44" + nsn
    if k == 14:
        return "0044 " + " ".join(ng)
    if k == 15:
        return ".".join(g)
    if k == 16:
        return "-".join(g)
    if k == 17:
        return g[0] + "\n" + " ".join(g[1:])
    if k == 18:
        return f"({g[0]}) " + " ".join(g[1:])
    if k == 19:
        x = r.choice(_ODD_SPACES)
        return x.join(g)
    if k == 20 and nat.startswith("020"):
        return f"{nat[:4]} {nat[4:7]} {nat[7:]}"  # the classic wrong "0207 946 0xxx"
    if k == 21:
        return f"{g[0]} {''.join(g[1:])}"
    if k == 22:
        return "\t".join(g)
    if k == 23:
        return " ".join(g).translate(_FW) if r.random() < 0.5 else _insert_zw(r, nat)
    if k == 24:
        return "+44\u00a0" + "\u00a0".join(ng)
    return " ".join(g)


_PHONE_LABELS = [
    "mob",
    "Mob:",
    "mobile",
    "tel",
    "Tel:",
    "T:",
    "M:",
    "ph",
    "phone",
    "contact no",
    "contact number",
    "landline",
    "home tel",
    "mob no.",
    "tel no",
    "Tel no:",
    "Mobile -",
    "ph:",
    "h/",
    "mob#",
    "Mob.",
    "tel.",
    "NOK tel",
    "daughter's mob",
    "son's mobile",
    "husband's number",
    "wife's mob",
]


def _phone_frag(r, c):
    p = c["_ph_s"]
    lab = r.choice(_PHONE_LABELS)
    return r.choice(
        [
            f"{lab} {p}",
            f"{lab} {p}",
            f"{lab}{p}" if lab[-1] in ":/#." else f"{lab} {p}",
            p,
            f"call daughter on {p}",
            f"ring son on {p}",
            f"best number {p}",
            f"can be reached on {p}",
            f"text {c['him']} on {p}",
            f"({p})",
            f"WhatsApp {p}",
        ]
    )


def _phone_sent(r, c):
    p = c["_ph_s"]
    return r.choice(
        [
            f"Please call {c['his']} daughter on {p} to arrange.",
            f"Pt happy to be contacted directly on {p}.",
            f"Mob {p}",
            f"If you need more info {c['he']} is on {p}.",
            f"Best contact: {p} (after 3pm)",
            f"Tel: {p}",
            f"{_cap(_phone_frag(r, c))}.",
            f"Contact no. {p}",
            f"Could you ring {c['him']}? {p}",
            f"NOK is {c['his']} son, {p}.",
            f"Pt's number {p}, prefers texts.",
            f"{p} - pt's mobile",
            f"You can call the ward directly on {p}.",
            f"My direct line is {p} if easier.",
            f"Ring {p} for the carer.",
            f"Call me back on {p}?",
        ]
    )


# ---------------------------------------------------------------------------
# Email addresses
# ---------------------------------------------------------------------------

_EMAIL_DOMAINS = [
    "example.com",
    "example.org",
    "example.net",
    "example.co.uk",
    "gmail.com",
    "googlemail.com",
    "hotmail.co.uk",
    "hotmail.com",
    "outlook.com",
    "yahoo.co.uk",
    "btinternet.com",
    "icloud.com",
    "live.co.uk",
    "sky.com",
    "aol.com",
    "virginmedia.com",
    "nhs.net",
    "exämple.org",
    "mail.example.ac.uk",
    "talktalk.net",
    "proton.me",
    "me.com",
    "example.com",
    "gmail.com",
]
_NODOT_DOMAINS = ["localhost", "familymail", "intranet", "carehome"]


def _email_local(r, c):
    f = c["first"]
    l = c["last"].replace(" ", "")
    if r.random() < 0.3:
        f = r.choice(_FIRST_F + _FIRST_M)
    yy = f"{r.randint(40, 99)}"
    loc = r.choice(
        [
            f"{f}.{l}",
            f"{f}{l}",
            f"{f[0]}{l}",
            f"{f}.{l}{r.randint(1, 99)}",
            f"{f}_{l}",
            f"{f}-{l}",
            f"{l}{f[0]}",
            f"{f}{yy}",
            f"{f[0]}.{l}",
            f"{l}.{f}",
            f"{f}.{l}+nhs",
            f"{f}{l}{r.randint(1950, 2005)}",
            f"the{l}s",
            f"{f}.{l[0]}",
            f"{l}family",
        ]
    )
    if r.random() < 0.8:
        loc = loc.lower()
    return loc


def _gen_email(r, c):
    loc = _email_local(r, c)
    k = r.randrange(20)
    if k == 0:
        return f"{loc}@{r.choice(_NODOT_DOMAINS)}"
    dom = r.choice(_EMAIL_DOMAINS)
    if k == 1:
        return f"{loc}(at){dom}"
    if k == 2:
        return f"{loc} at {dom.replace('.', ' dot ')}"
    if k == 3:
        return f"{loc}[at]{dom}"
    if k == 4:
        return f"{loc} @ {dom}"
    if k == 5:
        return f"{loc} (at) {dom.replace('.', ' (dot) ')}"
    if k == 6:
        return f"{loc}@{dom.upper()}"
    if k == 7:
        return f"{loc}[at]{dom.replace('.', '[dot]')}"
    return f"{loc}@{dom}"


def _email_wrap(r, e):
    k = r.randrange(12)
    if k == 0:
        return f"<{e}>"
    if k == 1:
        return f"mailto:{e}"
    if k == 2 and "@" in e and " " not in e:
        return f"<mailto:{e}|{e}>"  # how Slack delivers a pasted address
    if k == 3 and "@" in e and " " not in e:
        return f"[{e}](mailto:{e})"
    return e


_TEAM_INBOXES = [
    "cardiology.referrals@nhs.net",
    "leedsth-tr.haematologyadvice@nhs.net",
    "renal.secretaries@nhs.net",
    "gastro.advice@nhs.net",
    "diabetes.team@nhs.net",
    "2ww.lowergi@nhs.net",
    "urology.bookings@example.nhs.uk",
    "respiratory.cns@nhs.net",
    "rheumatology.helpline@nhs.net",
    "ortho-triage@example.nhs.uk",
    "a.and.g@nhs.net",
    "endo.secs@nhs.net",
    "paeds.advice@nhs.net",
    "derm.photos@nhs.net",
]


def _email_sent(r, c):
    if r.random() < 0.15:
        e = _email_wrap(r, r.choice(_TEAM_INBOXES))
        return r.choice(
            [
                f"Or should I just email the team at {e}?",
                f"I sent the photos to {e} last week.",
                f"Is {e} still monitored?",
                f"Happy to send via {e} instead.",
            ]
        )
    e = c["_em_s"]
    return r.choice(
        [
            f"Email {e}",
            f"e: {e}",
            f"Email: {e}",
            f"e-mail {e}",
            f"Daughter's email {e}",
            f"Can you email the pt directly at {e}?",
            f"Contact via {e}",
            f"pls reply to {e}",
            f"{c['His']} email is {e}.",
            f"Send the letter to {e}",
            f"({e})",
            f"{c['His']} son ({e}) asked me to chase.",
            f"Pt prefers email: {e}",
            f"email address {e}",
            f"{e}",
            f"Carer's email {e} for the appointment.",
        ]
    )


# ---------------------------------------------------------------------------
# Patient names
# ---------------------------------------------------------------------------


def _name_frag(r, c):
    t, f, l, a, sx = c["title"], c["first"], c["last"], c["age"], c["sex"]
    i = f[0]
    k = r.randrange(34)
    opts = {
        0: f"{t} {f} {l}",
        1: f"{t} {f} {l}",
        2: f"{t} {l}",
        3: f"{t} {i}. {l}",
        4: f"{t} {i} {l}",
        5: f"pt {f} {l}",
        6: f"patient: {f} {l}",
        7: f"name: {f} {l}",
        8: f"Re: {t} {l}",
        9: f"my patient {f} {l}",
        10: f"{l.upper()}, {f} ({t})",
        11: f"{l.upper()}, {f}",
        12: f"{f} {l.upper()}",
        13: f"{t.lower()} {l.lower()}",
        14: f"{t} {f} {l}, {a}",
        15: f"{t} {l} ({a}{sx})",
        16: f"Pt name - {f.lower()} {l.lower()}",
        17: f"Patient - {l}, {f}",
        18: f"{f} {l} (pt)",
        19: f"{t.upper()} {l.upper()}",
        20: f"re: {t} {l}",
        21: f"Name: {l.upper()} {f}",
        22: f"Pt: {i}. {l}",
        23: f"{t} {f[0]}{r.choice(_FIRST_F + _FIRST_M)[0]} {l}",
        24: f"{t.rstrip('.')}.{l}",
        25: f"patient {f} {l}",
        26: f"{f} {l}, {a}{sx},",
        27: f"{t} {l}, {a},",
        28: f"pt Dr {f} {l}, retired GP",
        29: f"my patient Dr {f} {l} (retired consultant)",
        30: f"{t} {l}-{r.choice(_SURNAMES)}",
        31: f"pt: {l.lower()}, {f.lower()}",
        32: f"{f} {l} DOB unknown",
        33: f"{t} {f} {l} ({a})",
    }
    s = opts[k]
    if k == 32:
        s = f"{f} {l} (pt)"
    return s


def _relative_frag(r, c):
    l = c["last"] if r.random() < 0.7 else r.choice(_SURNAMES)
    fm, ff = r.choice(_FIRST_M), r.choice(_FIRST_F)
    spouse = f"her husband Mr {fm} {l}" if c["sex"] == "F" else f"his wife {ff} {l}"
    return r.choice(
        [
            f"{c['his']} son {fm} {l}",
            f"{c['his']} daughter {ff} {l}",
            spouse,
            spouse,
            f"NOK: {ff} {l} (daughter)",
            f"next of kin {fm} {l} (son)",
            "her son David Evans",
            f"daughter ({ff} {l}) is LPA",
            f"carer Mrs {l}",
            f"{c['his']} partner {fm} {l}",
        ]
    )


def _name_who(r, c):
    t, f, l = c["title"], c["first"], c["last"]
    return r.choice(
        [
            f"{t} {f} {l}",
            f"{t} {l}",
            f"my patient {f} {l}",
            f"pt {f} {l}",
            f"{t} {f[0]}. {l}",
            f"{t} {l} ({c['age']})",
            f"{f} {l}",
            f"{t.lower()} {l.lower()}",
            f"{l.upper()}, {f}",
            f"patient {f} {l}",
        ]
    )


def _name_sent(r, c):
    if r.random() < 0.15:
        rel = _relative_frag(r, c)
        return r.choice(
            [
                f"{_cap(rel)} is asking for an update.",
                f"I've spoken to {rel}.",
                f"{_cap(rel)} will bring {c['him']} in.",
                f"({rel} is the main carer)",
            ]
        )
    fr = _name_frag(r, c)
    t, f, l = c["title"], c["first"], c["last"]
    return r.choice(
        [
            f"{_cap(fr)}",
            f"{_cap(fr)}.",
            f"Pt is {t} {f} {l}.",
            f"Re: {fr}",
            f"This is about {t} {l}.",
            f"{f} {l} is a {c['age']} year old with the above.",
            f"Query re {fr}",
            f"Patient name {f} {l}.",
            f"{_cap(fr)} -",
            f"For {t} {l}:",
            f"{t} {l} asked me to check with you.",
        ]
    )


# ---------------------------------------------------------------------------
# Hospital numbers
# ---------------------------------------------------------------------------


def _gen_hosp(r):
    """(keyword, number) with a keyword that fits the number format."""
    k = r.randrange(16)
    d7 = _digits(r, 7)
    if k < 4:
        return r.choice(["MRN", "MRN:", "MRN#", "MRN -", "mrn", "MRN no."]), r.choice(
            [d7, r.choice("123456789") + _digits(r, 6), "00" + _digits(r, 5)]
        )
    if k == 4:
        return r.choice(
            ["hospital no.", "Hospital No:", "hosp no", "Hosp. No.", "hospital number", "hosp#"]
        ), r.choice("ABCDEFGHJKLMRSTX") + _digits(r, 6)
    if k == 5:
        return r.choice(["hosp no:", "Hosp No", "hospital no", "H/N"]), "RX" + d7
    if k == 6:
        return r.choice(["K number", "K no.", "K no", "K-number"]), "K" + d7
    if k == 7:
        return r.choice(["unit no", "Unit No.", "unit number", "Unit no:"]), _digits(r, 6)
    if k == 8:
        return r.choice(["RTH", "RR8", "RWA", "RAE", "RXF", "RCD", "RJ1"]), d7
    if k == 9:
        return r.choice(["CRN:", "CRN", "crn"]), _digits(r, 8)
    if k == 10:
        return r.choice(["case note no", "casenote number", "case notes no."]), r.choice(
            "ABCDEFGHJKLM"
        ) + _digits(r, 6)
    if k == 11:
        return r.choice(["PAS no", "PAS ID", "PAS number"]), _digits(r, 8)
    if k == 12:
        return r.choice(["D number", "D no."]), "D" + _digits(r, 6)
    if k == 13:
        return r.choice(["M number", "M no"]), "M" + _digits(r, 7)
    if k == 14:
        return r.choice(
            ["hospital ID", "local patient ID", "trust no.", "LTHT no", "record no"]
        ), _digits(r, 7)
    return r.choice(["Hosp no", "MRN", "hosp no."]), f"{d7[:3]} {d7[3:]}"


def _hosp_frag(r, c):
    kw, n = c["_hn"]
    j = (
        r.choice([" ", " ", "", "\u00a0"])
        if kw[-1] in ":#."
        else r.choice([" ", " ", " ", "\u00a0"])
    )
    return f"{kw}{j}{n}"


def _hosp_who(r, c):
    f = _hosp_frag(r, c)
    return r.choice(
        [f"this patient ({f})", f"pt {f}", f"pt {f}", f"my patient, {f},", f"the patient under {f}"]
    )


def _hosp_sent(r, c):
    f = _hosp_frag(r, c)
    kw, n = c["_hn"]
    kw2 = kw.rstrip(":#.- ")
    if len(kw2) == 3 and kw2.isupper():
        kw2 += " number"
    return r.choice(
        [
            f"{_cap(f)}.",
            f"{c['His']} {kw2} is {n}.",
            f"{_cap(f)} if you want to look {c['him']} up on PPM.",
            f"Can you check results under {f}?",
            f"Seen in clinic ({f}).",
            f"{_cap(f)} -",
            f"Ref: {f}",
            f"({f})",
            f"Known to you - {f}.",
        ]
    )


# ---------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------


def _gen_address(r, multiline=False):
    n = r.randint(1, 240)
    num = str(n) + (r.choice("abc") if r.random() < 0.1 else "")
    st = f"{r.choice(_STREET_NAMES)} {r.choice(_STREET_WORDS)}"
    k = r.randrange(14)
    if k < 4:
        a = f"{num} {st}"
    elif k == 4:
        a = f"Flat {r.randint(1, 20)}, {num} {st}"
    elif k == 5:
        a = f"Flat {r.randint(1, 20)} {num} {st}"
    elif k == 6:
        a = f"Apt {r.randint(1, 9)}{r.choice('ab')}, {num} {st}"
    elif k == 7:
        a = f"{num}, {st}"
    elif k == 8:
        a = f"No. {num} {st}"
    elif k == 9:
        a = f"{num} {st}, {r.choice(_TOWNS)}"
    elif k == 10:
        a = f"{num} {st}, {r.choice(_DISTRICTS)}, {r.choice(_TOWNS)}"
    elif k == 11:
        a = f"{num} {st}".lower()
    elif k == 12:
        a = f"{num}-{n + 2} {st}"
    else:
        a = f"{num} {st}, {r.choice(_DISTRICTS)}"
    if multiline:
        a = a.replace(", ", "\n")
    return a


def _addr_frag(r, c):
    a = c["_ad_s"]
    return r.choice(
        [
            f"lives at {a}",
            f"address {a}",
            f"addr: {a}",
            f"home address is {a}",
            f"at {a}",
            f"c/o {a}",
            f"moved to {a}",
            a,
            f"resides at {a}",
            f"NFA, was at {a}",
            f"Address: {a}",
            f"{c['his']} daughter lives at {a}",
            f"care home at {a}",
        ]
    )


def _addr_who(r, c):
    a = c["_ad_s"]
    return r.choice(
        [
            f"my patient at {a}",
            f"the {'gentleman' if c['sex'] == 'M' else 'lady'} at {a}",
            f"a patient living at {a}",
            f"the pt from {a}",
        ]
    )


def _addr_sent(r, c):
    a = c["_ad_s"]
    return r.choice(
        [
            f"{_cap(c['he'])} lives at {a}.",
            f"Address: {a}",
            f"Lives alone at {a}, no carers.",
            f"Home visit needed - {a}.",
            f"Moved to {a} last month.",
            f"{_cap(_addr_frag(r, c))}.",
            f"Transport to pick up from {a}.",
            f"Can the community team visit {a}?",
            f"{a} - ground floor flat, key safe.",
        ]
    )


_WHO = {
    "nhs_number": _nhs_who,
    "date_of_birth": _dob_who,
    "postcode": _pc_who,
    "patient_name": _name_who,
    "hospital_number": _hosp_who,
    "address": _addr_who,
}
_SENT = {
    "nhs_number": _nhs_sent,
    "date_of_birth": _dob_sent,
    "postcode": _pc_sent,
    "phone_number": _phone_sent,
    "email": _email_sent,
    "patient_name": _name_sent,
    "hospital_number": _hosp_sent,
    "address": _addr_sent,
}

# ---------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------


_SENT_RE = re.compile(r"(?<=[.?!]) (?=[A-Z(])")


def _split_sentences(text):
    return _SENT_RE.split(text)


def _join(r, parts, seps=(" ", " ", "\n", " ")):
    parts = [p for p in parts if p]
    if not parts:
        return ""
    s = parts[0]
    for p in parts[1:]:
        sep = r.choice(seps)
        if _dig_end(s) and _dig_start(p):
            sep = r.choice(["; ", ", ", " | "])
            s = s.rstrip(" ")
            if s.endswith("."):
                s = s[:-1]
        if s[-1] not in ".?!:;-,\n" and sep == " " and r.random() < 0.5:
            sep = ". "
        s = s + sep + p
    return s


def _prepare_ctx(r, kinds):
    ctx = _make_ctx(r, min_age=3 if "date_of_birth" in kinds else 5)
    if "nhs_number" in kinds:
        ctx["_nhs"] = _gen_nhs(r)
        ctx["_nhs_s"] = _fmt_nhs(r, ctx["_nhs"])
    if "postcode" in kinds:
        out, inward = r.choice(_FIXED_POSTCODES) if r.random() < 0.15 else _gen_postcode(r)
        ctx["_pc_s"] = _fmt_postcode(r, out, inward)
    if "phone_number" in kinds:
        nat, groups = _gen_phone(r)
        ctx["_ph"] = nat
        ctx["_ph_s"] = _fmt_phone(r, nat, groups)
    if "email" in kinds:
        ctx["_em_s"] = _email_wrap(r, _gen_email(r, ctx))
    if "hospital_number" in kinds:
        ctx["_hn"] = _gen_hosp(r)
    if "address" in kinds:
        ctx["_ad_s"] = _gen_address(r, multiline=r.random() < 0.08)
    return ctx


_F_ONLY = ("pregnant", "menopausal", "menstrual", "CA125", "gynae")
_M_ONLY = ("PSA", "prostate", "Nocturia")
_KID_OK = (
    "paeds",
    "Faltering",
    "6/52 check",
    "asthma",
    "Pigmented",
    "hearing",
    "neck lump",
    "seizure",
    "Headache",
    "interpret",
    "T1 vs T2",
    "IBD",
    "fever",
    "murmur",
)
_KID_ONLY = ("paeds", "Faltering", "6/52 check")


def _body_ok(t, c):
    if c["sex"] == "M" and any(w in t for w in _F_ONLY):
        return False
    if c["sex"] == "F" and any(w in t for w in _M_ONLY):
        return False
    kid = c["age"] < 16
    if kid and not any(w in t for w in _KID_OK):
        return False
    if not kid and any(w in t for w in _KID_ONLY):
        return False
    return True


_BODIES_BY = {}


def _pick_body(r, c):
    key = (c["sex"], c["age"] < 16)
    lst = _BODIES_BY.get(key)
    if lst is None:
        lst = _BODIES_BY[key] = [b for b in _BODIES if _body_ok(b, c)]
    return r.choice(lst)


def _assemble(r, kinds, ctx, n_extras):
    body_t = _pick_body(r, ctx)
    has_who = "{who}" in body_t or "{Who}" in body_t
    start, mid, end = [], [], []
    who_text = None
    ks = sorted(kinds)
    r.shuffle(ks)
    for k in ks:
        pos = r.choices(("who", "start", "mid", "end"), weights=(3, 3, 2, 3))[0]
        if pos == "who" and (not has_who or who_text is not None or k not in _WHO):
            pos = r.choice(("start", "mid", "end"))
        if pos == "who":
            who_text = _WHO[k](r, ctx)
        else:
            {"start": start, "mid": mid, "end": end}[pos].append(_SENT[k](r, ctx))
    for _ in range(n_extras):
        x = r.choice(_EXTRAS)(r, ctx)
        r.choice((start, mid, mid, end, end)).append(x)
    if who_text is None:
        who_text = _clean_who(r, ctx)
    f = _Fields(r, ctx, _GENS)
    f["who"] = who_text
    f["Who"] = _cap(who_text)
    body = body_t.format_map(f)
    if mid:
        sents = _split_sentences(body)
        for m in mid:
            sents.insert(r.randint(1, max(1, len(sents))), m)
        body = _join(r, sents, seps=(" ", " ", " ", "\n"))
    opener = r.choice(_OPENERS)
    sign = _signoff(r)
    head = _join(r, start, seps=("\n", " ", ". ", " - "))
    parts = [opener, head, body, _join(r, end, seps=(" ", "\n", " "))]
    text = _join(r, parts, seps=(" ", "\n", "\n\n", " ", "\n"))
    if sign:
        text = text + r.choice(["\n", "\n\n", " ", "\n"]) + sign
    return text


def _mangle(r, text, allow_quote=True):
    x = r.random()
    if x < 0.07:
        text = text.lower()
    elif x < 0.085:
        text = text.upper()
    if r.random() < 0.12:
        text = _sprinkle_spaces(r, text, 0.15)
    if r.random() < 0.05:
        text = text.replace("\n", "\r\n")
    if r.random() < 0.06:
        text += r.choice([" 🙏", " :)", " thx", "  ", " ??", "\n", " 👍", "\u00a0"])
    if r.random() < 0.03 and allow_quote:
        text = "> " + text.replace("\n", "\n> ")
    return text


def _quote_ok(ctx):
    """No '> ' quoting when an identifier itself is split over lines."""
    return not any("\n" in str(ctx.get(k, "")) for k in ("_nhs_s", "_pc_s", "_ph_s", "_ad_s"))


def _positive(r, kinds):
    ctx = _prepare_ctx(r, kinds)
    text = _assemble(r, kinds, ctx, r.choice((0, 0, 1, 1, 2)))
    return _mangle(r, text, _quote_ok(ctx)), ctx


# ---------------------------------------------------------------------------
# Pasted banners / letter headers (multi-kind) and their masked clean twins
# ---------------------------------------------------------------------------

_DX = [
    "Community acquired pneumonia",
    "NSTEMI",
    "Decompensated heart failure",
    "Fast AF",
    "AKI stage 2 secondary to sepsis",
    "Fractured NOF (R), DHS",
    "UTI with delirium",
    "Exacerbation of COPD",
    "Upper GI bleed - OGD normal",
    "DKA",
    "Cellulitis L leg",
    "Hyponatraemia ?SIADH",
    "Fall, no injury",
    "PE (bilateral)",
    "Biliary colic",
]

_QUESTIONS = [
    "Can you advise on the above?",
    "What would you do with these results?",
    "Discharge summary above - who follows up the bloods?",
    "Is this appropriate for your clinic?",
    "Any advice appreciated.",
    "Does this need a 2WW?",
    "Pasted from EMIS, sorry about the formatting.",
    "Is the dose right?",
    "Should I refer or manage in primary care?",
    "TTO says stop {doac} - is that right?",
    "They want us to repeat {k} in {int}. Can you confirm?",
]


def _banner_values(r, ctx, kinds):
    v = {}
    if "patient_name" in kinds:
        v["name"] = True
    if "nhs_number" in kinds:
        v["nhs"] = (
            ctx["_nhs_s"]
            if r.random() < 0.7
            else ctx["_nhs"][:3] + " " + ctx["_nhs"][3:6] + " " + ctx["_nhs"][6:]
        )
    return v


_FW_DIGITS = "".join(chr(0xFF10 + i) for i in range(10))
_SEP_CHARS = (
    " .-/\t\n\r_()\u00a0\u2009\u2007\u202f\u2002\u2003\u3000\u200a\u2013\u2014\u2212\u2010\u2011+"
)


def _dig_end(s):
    t = s.rstrip(_SEP_CHARS)
    return bool(t) and (t[-1].isdigit() or t[-1] in _FW_DIGITS)


def _dig_start(p):
    t = p.lstrip(_SEP_CHARS)
    return bool(t) and (t[0].isdigit() or t[0] in _FW_DIGITS)


def _nl_join(lines):
    """Join banner lines; never let one line's trailing number run into the next
    line's leading number (that would make the NHS number part of a longer one)."""
    lines = [x for x in lines if x]
    out = lines[0]
    for ln in lines[1:]:
        if _dig_end(out) and _dig_start(ln):
            ln = "Address: " + ln
        out += "\n" + ln
    return out


def _bits_join(r, bits):
    sep = r.choice([" | ", "  ", " \u2022 ", "\t"])
    out = bits[0]
    for b in bits[1:]:
        out += (" | " if _dig_end(out) and _dig_start(b) else sep) + b
    return out


def _banner_msg(r, kinds):
    ctx = _prepare_ctx(r, kinds)
    y, m, d = ctx["dob"]
    a = ctx["age"]
    t, fn, ln = ctx["title"].rstrip("."), ctx["first"], ctx["last"]
    gender = "Male" if ctx["sex"] == "M" else "Female"
    nhs = ctx.get("_nhs_s")
    dob_txt = _fmt_date(r, ctx["dob"], allow_2digit_year=False)
    pc = ctx.get("_pc_s")
    addr = ctx.get("_ad_s")
    town = r.choice(_TOWNS)
    ph = ctx.get("_ph_s")
    em = ctx.get("_em_s")
    hn = _hosp_frag(r, ctx) if "hospital_number" in kinds else None
    style = r.randrange(6)
    lines = []
    if style == 0:  # EMIS Web banner
        if "patient_name" in kinds:
            lines.append(r.choice([f"{ln.upper()}, {fn} ({t})", f"{t} {fn} {ln.upper()}"]))
        if "date_of_birth" in kinds:
            lines.append(f"Born {d:02d}-{_MON3[m - 1]}-{y} ({a}y)   Gender {gender}")
        else:
            lines.append(f"Gender {gender}")
        if nhs:
            lines.append(f"NHS No. {nhs}")
        if addr or pc:
            lines.append(", ".join(x for x in (addr, town if addr else None, pc) if x))
        if ph:
            lines.append(f"{r.choice(['Tel', 'Mobile', 'Home'])}: {ph}")
        if em:
            lines.append(f"Email: {em}")
        if hn:
            lines.append(_cap(hn))
        head = _nl_join(lines)
    elif style == 1:  # SystmOne one-liner
        bits = []
        if "patient_name" in kinds:
            bits.append(f"{fn} {ln} ({t})")
        if "date_of_birth" in kinds:
            bits.append(f"DOB: {d} {_MON3[m - 1]} {y} ({a} yrs)")
        if nhs:
            bits.append(f"NHS: {nhs}")
        if addr or pc:
            bits.append(", ".join(x for x in (addr, pc) if x))
        if ph:
            bits.append(f"Mobile: {ph}")
        if em:
            bits.append(em)
        if hn:
            bits.append(hn)
        bits.append(gender)
        r.shuffle(bits)
        head = _bits_join(r, bits)
    elif style == 2:  # letter header
        bits = []
        if "patient_name" in kinds:
            bits.append(f"{t} {fn} {ln}")
        if "date_of_birth" in kinds:
            bits.append(f"DOB {dob_txt}")
        if nhs:
            bits.append(f"NHS No {nhs}")
        if hn:
            bits.append(hn)
        lines = ["Re: " + ", ".join(bits) if bits else "Re: your patient"]
        lines += [
            x for x in (addr.replace(", ", "\n") if addr else None, town if addr else None, pc) if x
        ]
        if ph:
            lines.append(f"Tel {ph}")
        if em:
            lines.append(em)
        head = _nl_join(lines)
        F, L = _clinician_name(r)
        head += f"\n\nDear Dr {L},\nThank you for seeing this {a} year old {'man' if ctx['sex'] == 'M' else 'woman'} in {r.choice(_SPECS)} clinic on {_g_edate(r, ctx)}."
    elif style == 3:  # discharge summary
        row1 = []
        if "patient_name" in kinds:
            row1.append(f"Patient: {ln.upper()}, {fn}")
        if hn:
            row1.append(hn.replace("hosp", "Hosp", 1))
        if nhs:
            row1.append(f"NHS: {nhs}")
        if "date_of_birth" in kinds:
            row1.append(f"DOB: {dob_txt}")
        lines.append("   ".join(row1) if row1 else "DISCHARGE SUMMARY")
        if addr or pc:
            lines.append("Address: " + ", ".join(x for x in (addr, pc) if x))
        if ph:
            lines.append(f"Contact: {ph}")
        if em:
            lines.append(f"Email: {em}")
        lines.append(f"Ward: {_g_ward(r, ctx)}   Consultant: {_g_cons(r, ctx)}")
        lines.append("Date of admission: {}   Date of discharge: {}".format(*_adm_dis(r)))
        lines.append(f"Diagnosis: {r.choice(_DX)}")
        head = _nl_join(lines)
    elif style == 4:  # tab table from a Word referral form
        rows = []
        if "patient_name" in kinds:
            rows.append(f"Name:\t{t} {fn} {ln}")
        if "date_of_birth" in kinds:
            rows.append(f"Date of birth:\t{dob_txt}")
        if nhs:
            rows.append(f"NHS number:\t{nhs}")
        if hn:
            rows.append(f"Hospital no:\t{ctx['_hn'][1]}")
        if addr:
            rows.append(f"Address:\t{addr}")
        if pc:
            rows.append(f"Postcode:\t{pc}")
        if ph:
            rows.append(f"Telephone:\t{ph}")
        if em:
            rows.append(f"Email:\t{em}")
        rows.append(f"Referrer:\tDr {r.choice(_SURNAMES_DR)}, {r.choice(_PRACTICES)}")
        rows.append(f"Date of referral:\t{_g_edate(r, ctx)}")
        head = "\n".join(rows)
    else:  # ICE results paste
        bits = []
        if "patient_name" in kinds:
            bits.append(f"Patient: {ln}, {fn}")
        bits.append(f"Sex: {ctx['sex']}")
        if "date_of_birth" in kinds:
            bits.append(f"DOB: {d:02d}/{m:02d}/{y}")
        if hn:
            bits.append(hn)
        if nhs:
            bits.append(f"NHS: {nhs}")
        lines = ["  ".join(bits)]
        if addr or pc:
            lines.append(", ".join(x for x in (addr, pc) if x))
        if ph:
            lines.append(f"Tel: {ph}")
        if em:
            lines.append(em)
        head = _nl_join(lines)
        head += f"\nCollected: {_g_edate(r, ctx)} {_g_time(r, ctx)}\n{_GENS['hb'](r, ctx)}  {_GENS['wcc'](r, ctx)}  {_GENS['plt'](r, ctx)}\n{_GENS['egfr'](r, ctx)}  {_GENS['k'](r, ctx)}  {_GENS['crp'](r, ctx)}"
    q = r.choice(_QUESTIONS).format_map(_Fields(r, ctx, _GENS))
    if r.random() < 0.4:
        ctx2 = dict(ctx)
        q = _assemble(r, set(), ctx2, 0)
    text = r.choice(["", "Hi, ", "Pasting below:\n", "Hi team\n\n", "A&G:\n"]) + (
        head + r.choice(["\n\n", "\n", "\n---\n"]) + q if r.random() < 0.75 else q + "\n\n" + head
    )
    return _mangle(r, text, _quote_ok(ctx)), ctx


def _clean_banner(r):
    ctx = _make_ctx(r)
    style = r.randrange(4)
    F, L = _clinician_name(r)
    if style == 0:
        adm, dis = _adm_dis(r)
        head = (
            f"{r.choice(['Patient: [redacted]', 'Patient: ***', 'Name: <removed>', 'Patient: see eRS'])}   "
            f"{r.choice(['Hosp No: ******', 'MRN: [removed]', 'Hosp no: n/a'])}   "
            f"{r.choice(['NHS: *** *** ****', 'NHS No: XXX XXX XXXX', 'NHS: [removed]'])}   "
            f"{r.choice(['DOB: **/**/****', 'DOB: [removed]', 'DOB: xx/xx/xxxx'])}\n"
            f"Ward: {_g_ward(r, ctx)}   Consultant: {_g_cons(r, ctx)}\n"
            f"Date of admission: {adm}   Date of discharge: {dis}\n"
            f"Diagnosis: {r.choice(_DX)}\nFollow-up: GP to repeat U&E in {_g_int(r, ctx)}"
        )
    elif style == 1:
        head = (
            f"Collected: {_g_edate(r, ctx)} {_g_time(r, ctx)}   Sex: {ctx['sex']}   Age: {ctx['age']}\n"
            f"{_GENS['hb'](r, ctx)}  {_GENS['wcc'](r, ctx)}  {_GENS['plt'](r, ctx)}\n"
            f"{_GENS['egfr'](r, ctx)}  {_GENS['k'](r, ctx)}  {_GENS['na'](r, ctx)}  {_GENS['crp'](r, ctx)}\n"
            f"Requested by: Dr {L}   Location: {r.choice(_PRACTICES)} ({_g_ods(r, ctx)})"
        )
    elif style == 2:
        head = (
            f"Referrer:\tDr {F} {L}\nPractice:\t{r.choice(_PRACTICES)}\nODS code:\t{_g_ods(r, ctx)}\n"
            f"Date of referral:\t{_g_edate(r, ctx)}\nUBRN:\t{_g_ubrn(r, ctx)}\nPriority:\t{r.choice(['2WW', 'Urgent', 'Routine'])}\n"
            f"Specialty:\t{r.choice(_SPECS)}\nClinic:\t{r.choice(_CLINICS)}"
        )
    else:
        head = (
            f"Dear Dr {L},\nRe: your patient ({ctx['age']}{ctx['sex']})\n"
            f"I saw this {ctx['age']} year old in {r.choice(_SPECS)} clinic on {_g_edate(r, ctx)}. "
            f"{_g_score(r, ctx)}. Plan: {r.choice(_DRUGS['other'])}, review in {_g_int(r, ctx)}.\n"
            f"Yours sincerely,\n{_g_cons(r, ctx)}\ncc: {r.choice(_PRACTICES)}"
        )
    q = r.choice(_QUESTIONS).format_map(_Fields(r, ctx, _GENS))
    text = r.choice(["", "Hi, ", "Pasting below:\n", "Hi team\n\n"]) + head + "\n\n" + q
    return _mangle(r, text)


def _clean_msg(r):
    ctx = _make_ctx(r)
    text = _assemble(r, set(), ctx, r.choice((0, 1, 1, 2, 2, 3)))
    return _mangle(r, text)


# ---------------------------------------------------------------------------
# Hand-written cases (the brief's own examples and a few nasty ones)
# ---------------------------------------------------------------------------

_N, _D, _P, _T, _E, _PN, _H, _A = KINDS

_HANDWRITTEN = [
    # --- clean ---
    (
        "72M 12/03/2025 ED attendance with chest pain, trop 14 -> 16. OK for RACPC rather than admission?",
        (),
    ),
    ("Vitamin B12 2nd loading dose given today - when do I recheck the B12?", ()),
    ("Referred under NG12 2WW - FIT 212, Hb 98, ferritin 6.", ()),
    ("ng12 2ww for IDA in a 68F? Hb 98, MCV 71.", ()),
    ("B12 1mg IM 3/12ly and folic acid 5mg od - does she need an IF antibody?", ()),
    ("Lives in the LS1 area - is that your catchment or the LGI's?", ()),
    ("He was born 1952, so 73 now - does AAA screening still apply?", ()),
    (
        "Seen in Dr Khan's clinic last week and is under Mr Jones, the urology consultant. Ward 12 at St James's discharged him.\nThanks, Dr Sarah Patel, GP",
        (),
    ),
    (
        "co-codamol 30/500 2 qds; eGFR 45, Hb 98, creatinine 300 up from 150, HbA1c 53 mmol/mol. Stop metformin?",
        (),
    ),
    ("BP 140/90, review in 2/52. Bleep 1234 or ext 4567 if you want to discuss.", ()),
    ("UBRN 0001 2345 6789 - the booking keeps bouncing back to us.", ()),
    ("Appointment on 14.11.2026 at 14:30 - can it be brought forward? 2WW.", ()),
    ("Letter dated 2024-10-01 from the Royal Infirmary: ICD-10 I48.0, SNOMED 49436004.", ()),
    ("QRISK 12.5%, CHA2DS2-VASc 3. Our practice code is B82005.", ()),
    ("Mr Patel (consultant urologist) suggested repeating the PSA in 3/12 - PSA 6.1 now.", ()),
    (
        "Parkinson's disease on Madopar 62.5mg qds - is metoclopramide safe? Seen by Dr Evans (neuro).",
        (),
    ),
    (
        "seen 12/03/2025, admitted 3 June, discharged 06/06/25 from Ward 4 - who follows up the Na 128?",
        (),
    ),
    ("68F, letter dated 01/10/2024, QRISK3 18.2%. Statin?", ()),
    ("45 year old man, on lithium 400mg since 2019, level 1.1, TSH 6.2.", ()),
    ("Told to call 999 or NHS 111 if worse. Anything else I should do tonight?", ()),
    ("@Dr Patel can you look at this one? @cardiology", ()),
    ("Is NICE NG136 still current? ABPM 152/94, CG181 for the statin bit.", ()),
    (
        "Dear Dr Hughes,\nThank you for your letter dated 03/02/2025 about this 79 year old.\nMiss Khan (breast surgeon) will see her in clinic.",
        (),
    ),
    (
        "Discharge from St Thomas' says furosemide 40mg @ 8am and ramipril 2.5mg @ night. K+ 5.9.",
        (),
    ),
    (
        "Started St John's Wort 300mg tds from the health shop - interaction with sertraline 100mg?",
        (),
    ),
    ("MRI L4/5 disc, S1 root. Seen at Chapel Allerton Hospital by Mr Ward (spinal).", ()),
    ("Sister Jones on Ward 10 said to ring the ward after 14:00. 2/7 of IV abx then PO 5/7.", ()),
    (
        "NHS No: *** *** ****  DOB: **/**/****  (removed for A&G). 84F with falls, Rockwood CFS 6.",
        (),
    ),
    ("Her 10-year QRISK is 21.4%, LDL 4.9, TC 7.1, non-HDL 5.6.", ()),
    ("Warfarin INR 4.2 (target 2-3) on 12/05, 3.1 on 14/05. Dose 5mg/4mg alternate days.", ()),
    ("MI 12/05/2009, CABG x3 2010, now 81M with NT-proBNP 2400.", ()),
    (
        "Spoke to the renal reg on bleep 5521 at 09:30 - they said discuss with Dr Adeyemi tomorrow.",
        (),
    ),
    ("Baby 6 weeks old, murmur at the 6/52 check, sats 97%. Paeds cardiology?", ()),
    ("Cheers, Priya (GP partner), Chapel Street Surgery", ()),
    ("Kind regards,\nJane Smith\nPractice Pharmacist, Park Road Medical Centre", ()),
    ("Gleason 3+4=7, T2N0M0, PSA 8.4. Under Mr Brown's team at the Royal Infirmary.", ()),
    # --- positives ---
    ("pt Dr John Reid, retired GP, DOB 03/04/1952 - new AF, CHA2DS2-VASc 3.", (_PN, _D)),
    (
        "Mrs Jane Smith, 84, lives at 12 Acacia Avenue, Leeds LS1 4AP. Falls ++, on apixaban.",
        (_PN, _A, _P),
    ),
    ("NHS# 943 476 5870 - Hb 98, ferritin 8. 2WW LGI?", (_N,)),
    ("943 - 476 - 5870\nHb 98, MCV 72, FIT 150. Refer?", (_N,)),
    ("Can you look up 9434765870? Discharged yesterday, no letter yet.", (_N,)),
    ("72M 12/03/1953 new LBBB on ECG, chest pain free. RACPC?", (_D,)),
    ("Should I email the team at cardiology.referrals@nhs.net with the ECG?", (_E,)),
    ("Daughter is jane.o'neil@example.com - can clinic letters go to her?", (_E,)),
    ("pt's email is zoë@exämple.org, she'd like the results sent there", (_E,)),
    ("her email: jane at example dot com", (_E,)),
    ("Please call daughter on 07700 900123 to arrange the scan.", (_T,)),
    ("Tel (0113) 496 0000 - home, mornings only.", (_T,)),
    ("MRN 1234567 - K+ 6.2 on the discharge bloods, was anything done?", (_H,)),
    ("hosp no: RX1234567. TTO says pred 30mg reducing.", (_H,)),
    ("K number K1234567, seen in RACPC 2/52 ago.", (_H,)),
    ("unit no 123456 - can you check the echo report?", (_H,)),
    ("RTH 1234567 - CT chest reported?", (_H,)),
    ("CRN: 12345678. Rheum follow-up overdue.", (_H,)),
    ("Flat 3, 45 High Street - home visit needed for bloods.", (_A,)),
    ("Lives at 1a Church Road, Leeds, with his wife.", (_A,)),
    ("Postcode SW1A 1AA - which trust covers that?", (_P,)),
    ("pc ls14ap for the transport booking", (_P,)),
    ("DOB 19520403, eGFR 38, on ramipril 10mg.", (_D,)),
    ("d.o.b. 3.4.52 - HbA1c 88, metformin 1g bd.", (_D,)),
    ("She was born 3rd April 1952 and has had 3 falls since 2023.", (_D,)),
    ("b. 03/04/52, Hb 98, B12 140.", (_D,)),
    ("03/04/1952 (DOB) - PSA 9.1.", (_D,)),
    ("Mob +44-7700-900123, pt happy for a call.", (_T,)),
    ("contact 447700900123 (son)", (_T,)),
    ("call 0044 7700 900123 after 5", (_T,)),
    ("tel 07700.900123", (_T,)),
    ("pt's mob is 07700\n900123, prefers texts", (_T,)),
    ("Ward tel 020 7946 0000 - they said you'd call back?", (_T,)),
    ("Re: Mrs Smith - the urology letter says Mr Jones will see her on 14.11.2026.", (_PN,)),
    ("my patient Tom Hughes has eGFR 45 and Hb 98. Under Dr Khan's clinic.", (_PN,)),
    ("her son David Evans is asking about the biopsy result", (_PN,)),
    ("Miss A. Khan, 23, with a breast lump. 2WW form sent to Miss Khan (breast surgeon)?", (_PN,)),
    ("DN55 1PT / EC1A 1BB / W1A 0AX - three patients moved, which of them are yours?", (_P,)),
    ("LS1-4AP and B33 8TH", (_P,)),
    ("Lives B12 9QR, on Vitamin B12 2nd loading dose.", (_P,)),
]
_HANDWRITTEN_NHS = {"9434765870"}


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

_PER_KIND = 430
_BANNERS = 330
_CLEAN = 2150
_CLEAN_BANNERS = 160


def _build():
    r = _Rng(_SEED)
    out = []
    seen = set()

    def add(text, kinds, meta):
        if text in seen:
            return False
        seen.add(text)
        out.append((text, frozenset(kinds), meta))
        return True

    for text, kinds in _HANDWRITTEN:
        meta = {"nhs": "9434765870"} if _N in kinds else {}
        add(text, kinds, meta)

    for kind in KINDS:
        made = 0
        while made < _PER_KIND:
            kinds = {kind}
            x = r.random()
            if x < 0.25:
                kinds.add(r.choice(KINDS))
            if x < 0.06:
                kinds.add(r.choice(KINDS))
            text, ctx = _positive(r, kinds)
            if add(text, kinds, {"nhs": ctx.get("_nhs"), "phone": ctx.get("_ph")}):
                made += 1

    made = 0
    while made < _BANNERS:
        kinds = set(r.sample(KINDS, r.randint(2, 6)))
        text, ctx = _banner_msg(r, kinds)
        if add(text, kinds, {"nhs": ctx.get("_nhs"), "phone": ctx.get("_ph")}):
            made += 1

    made = 0
    while made < _CLEAN:
        if add(_clean_msg(r), (), {}):
            made += 1
    made = 0
    while made < _CLEAN_BANNERS:
        if add(_clean_banner(r), (), {}):
            made += 1

    r.shuffle(out)
    return out


_CACHE = None


def _built():
    global _CACHE
    if _CACHE is None:
        _CACHE = _build()
    return _CACHE


def cases() -> list[tuple[str, frozenset[str]]]:
    """Every message with the set of identifier kinds it holds (empty set = clean)."""
    return [(t, k) for t, k, _ in _built()]


# ---------------------------------------------------------------------------
# Self-check (own code; run this file directly)
# ---------------------------------------------------------------------------


def _self_check():
    import re
    import time
    import unicodedata
    from collections import Counter

    global _CACHE
    _CACHE = None
    t0 = time.perf_counter()
    c0 = time.process_time()
    data = _build()
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    _CACHE = None
    a = cases()
    b = cases()
    assert a == b, "not deterministic"
    _CACHE = None
    assert cases() == a, "not deterministic across rebuilds"

    counts = Counter()
    clean = 0
    for _, kinds, _ in data:
        if not kinds:
            clean += 1
        for k in kinds:
            assert k in KINDS, k
            counts[k] += 1
    print(f"built {len(data)} messages in {dt * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU")
    for k in KINDS:
        print(f"  {k:16s} {counts[k]}")
    print(f"  {'clean':16s} {clean}")

    zw = dict.fromkeys(map(ord, "".join(_ZERO_WIDTH)))
    problems = []
    nhs_checked = 0
    for text, kinds, meta in data:
        norm = unicodedata.normalize("NFKC", text).translate(zw)
        alldigits = "".join(ch for ch in norm if ch.isdigit())
        if _N in kinds:
            d = meta.get("nhs")
            if not d or not nhs_is_valid(d) or d not in alldigits:
                problems.append(("bad nhs positive", text))
            # the number must not run into a neighbouring number
            collapsed = re.sub(r"(?<=\d)[\s\-\u2010-\u2015\u2212./_()]{1,5}(?=\d)", "", norm)
            if not re.search(r"(?<!\d)" + d + r"(?!\d)", collapsed):
                problems.append(("nhs number runs into another number", text))
            nhs_checked += 1
        if meta.get("phone"):
            p = meta["phone"]
            if nhs_is_valid(p[1:]) or nhs_is_valid(p[:10]):
                problems.append(("phone is a valid NHS number", text))
        if _N not in kinds:
            # strict shapes only: a bare 10-run or 3-3-4 with a space/hyphen/dot
            for m in re.finditer(r"(?<![\d])(\d{10}|\d{3}[ \-.]\d{3}[ \-.]\d{4})(?![\d])", norm):
                if nhs_is_valid(re.sub(r"\D", "", m.group(0))):
                    problems.append(("valid NHS number in a message not labelled nhs_number", text))
    pc_re = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b")
    pc_hits = Counter()
    for text, kinds, _ in data:
        if _P not in kinds:
            for m in pc_re.finditer(unicodedata.normalize("NFKC", text).upper()):
                pc_hits[m.group(0)] += 1
    print(
        f"checked {nhs_checked} nhs_number positives: all Modulus 11 valid"
        if not any(p[0] == "bad nhs positive" for p in problems)
        else "NHS CHECK FAILED"
    )
    print(
        "postcode-shaped strings in messages NOT labelled postcode (intended decoys):",
        dict(pc_hits),
    )
    for p in problems[:20]:
        print("PROBLEM:", p[0], "|", repr(p[1][:160]))
    assert not problems, f"{len(problems)} problems"
    for k in KINDS:
        assert counts[k] >= 400, k
    assert clean >= 2000
    assert cpu < 1.0, cpu
    print("OK")


if __name__ == "__main__":
    _self_check()
