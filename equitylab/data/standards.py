"""Race, ethnicity and language (REaL) categories and code sets — the one place they live.

Every list that names a category, a code or a non-answer is defined here; the rest of
Equity Lab (the standardizer, the synthetic datasets, the notebooks) imports it from here.

Sources (see ``shared/reference/standards.md``):

* OMB Statistical Policy Directive No. 15, revised 2024 (Federal Register 2024-06469,
  89 FR 22182, 29 March 2024): seven co-equal minimum categories, one combined question,
  select all that apply, detailed categories beneath the minimum ones.
* OMB 1997 standards (legacy data): two questions, five minimum race categories and a
  Hispanic or Latino ethnicity question.
* CDC Race & Ethnicity Code Set v1.0 (PHIN VADS): hierarchical codes such as 2106-3 White,
  shipped in full as data (``codesets/cdc_race_ethnicity.csv``, from the HL7 Terminology npm
  package ``hl7.terminology.r4@7.0.1``).
* Institute of Medicine (2009), *Race, Ethnicity, and Language Data*: preferred spoken
  language plus English proficiency decide interpreter need.
* HL7 null flavours ASKU (asked but unknown) and UNK (unknown).

Equity Lab's summary label for people who selected more than one minimum category is
``"Multiple categories"``; the detail is kept through
:func:`equitylab.real.selections` and "alone or in combination" counts.
"""
from __future__ import annotations

from .codesets import cdc_race_ethnicity as _cdc_race_ethnicity

# --- The 2024 SPD 15 minimum categories (combined race/ethnicity question) -------------
AIAN = "American Indian or Alaska Native"
ASIAN = "Asian"
BLACK = "Black or African American"
HISPANIC = "Hispanic or Latino"
MENA = "Middle Eastern or North African"
NHPI = "Native Hawaiian or Pacific Islander"
WHITE = "White"

#: The seven co-equal minimum categories of the 2024 SPD 15, in the notice's order.
SPD15_2024 = (AIAN, ASIAN, BLACK, HISPANIC, MENA, NHPI, WHITE)

#: Summary label for a person who selected two or more minimum categories.
MULTIPLE = "Multiple categories"

# --- The 1997 standards (legacy two-question data) ------------------------------------
NHOPI_1997 = "Native Hawaiian or Other Pacific Islander"
#: The five minimum race categories of the 1997 standards.
RACE_1997 = (AIAN, ASIAN, BLACK, NHOPI_1997, WHITE)
NOT_HISPANIC = "Not Hispanic or Latino"
#: The two ethnicity categories of the 1997 standards.
ETHNICITY_1997 = (HISPANIC, NOT_HISPANIC)

# --- Non-answers: kept distinct from each other and from real answers ------------------
DECLINED = "Declined"      # asked, and the patient chose not to answer
UNKNOWN = "Unknown"        # not known (patient did not know, or recorded as unknown)
MISSING = "Missing"        # never asked / blank in the record
UNMAPPED = "Unmapped"      # a value was recorded but it is not a standard category
#: Every value that is not a real answer. ``Unmapped`` is listed last: it is a data
#: quality problem to fix at the source, not a patient's answer.
NON_ANSWERS = (DECLINED, UNKNOWN, MISSING)
NOT_VALID = NON_ANSWERS + (UNMAPPED,)

#: Output categories of ``standardize(..., "race_ethnicity")`` in display order.
RACE_ETHNICITY_CATEGORIES = SPD15_2024 + (MULTIPLE,) + NOT_VALID
#: Output categories of ``standardize(..., "race")`` (1997 race question).
RACE_CATEGORIES = RACE_1997 + (MULTIPLE,) + NOT_VALID
#: Output categories of ``standardize(..., "ethnicity")`` (1997 ethnicity question).
ETHNICITY_CATEGORIES = ETHNICITY_1997 + NOT_VALID

# --- CDC Race & Ethnicity code set: shipped as data --------------------------------------
#: Every concept of the CDC Race & Ethnicity code set (race and ethnicity, 964 rows), read from
#: ``equitylab/data/codesets/cdc_race_ethnicity.csv``: code, display, parent_code, level, path and the
#: minimum category under the 2024 SPD 15 and the 1997 standards. Source: npm package
#: ``hl7.terminology.r4@7.0.1`` (HL7 Terminology, CC0-1.0); see that folder's README.md.
CDC_RACE_ETHNICITY = _cdc_race_ethnicity()

#: CDC codes of the OMB roll-up categories (the roots of the code set), as 1997 labels.  2131-1
#: "Other Race" is deliberately *not* here: it is not a standard category and is reported as
#: unmapped, never guessed.  Every other code of the code set is understood by ``standardize`` too.
CDC_CODES = {r["code"]: r["category_1997"] for r in CDC_RACE_ETHNICITY if r["level"] == 1 and r["category_1997"]}

# --- Detailed categories that roll up to a minimum category ----------------------------
#: The examples of detailed categories named in the 2024 notice, each rolled up to its minimum
#: category (see standards.md: "check the notice before relying on an example").  Most are also
#: concepts of the CDC code set (which ``standardize`` reads in full from the CSV); Somali is not, and
#: the code set spells Israeli "Israeili" (2127-9).  "Dominican" is a concept under both Black (2069-3) and Hispanic
#: or Latino (2184-0) in the code set; the notice lists it under Hispanic or Latino, and so does
#: ``standardize`` (the codes themselves are unambiguous).
DETAILED = {
    HISPANIC: ("Mexican", "Puerto Rican", "Salvadoran", "Cuban", "Dominican", "Guatemalan"),
    MENA: ("Lebanese", "Iranian", "Egyptian", "Syrian", "Iraqi", "Israeli"),
    ASIAN: ("Chinese", "Asian Indian", "Filipino", "Vietnamese", "Korean", "Japanese"),
    BLACK: ("African American", "Jamaican", "Haitian", "Nigerian", "Ethiopian", "Somali"),
    NHPI: ("Native Hawaiian", "Samoan", "Chamorro", "Tongan", "Fijian", "Marshallese"),
    WHITE: ("English", "German", "Irish", "Italian", "Polish", "Scottish"),
}

#: Common spellings, abbreviations and legacy labels seen in registration systems.
#: Keys are compared after lower-casing and collapsing spaces/punctuation.
SYNONYMS = {
    # White
    "white": WHITE, "w": WHITE, "caucasian": WHITE, "white caucasian": WHITE,
    # Black
    "black": BLACK, "b": BLACK, "african american": BLACK, "black african american": BLACK,
    "black or african american": BLACK,
    # Asian
    "asian": ASIAN, "a": ASIAN, "asian american": ASIAN,
    # Hispanic
    "hispanic": HISPANIC, "latino": HISPANIC, "latina": HISPANIC, "latinx": HISPANIC,
    "hispanic latino": HISPANIC, "hispanic or latino": HISPANIC, "h": HISPANIC,
    "hispanic latino a x": HISPANIC, "yes hispanic": HISPANIC,
    # MENA
    "middle eastern or north african": MENA, "middle eastern": MENA, "north african": MENA,
    "mena": MENA, "arab": MENA,
    # AIAN
    "american indian or alaska native": AIAN, "american indian": AIAN,
    "alaska native": AIAN, "native american": AIAN, "ai an": AIAN, "aian": AIAN,
    "i": AIAN,
    # NHPI
    "native hawaiian or pacific islander": NHPI, "native hawaiian or other pacific islander": NHPI,
    "pacific islander": NHPI, "nhpi": NHPI, "nh pi": NHPI, "nhopi": NHPI, "p": NHPI,
    # Multiple
    "multiracial": MULTIPLE, "multi racial": MULTIPLE, "two or more races": MULTIPLE,
    "biracial": MULTIPLE, "more than one race": MULTIPLE, "m": MULTIPLE,
    # Not Hispanic (1997 ethnicity question)
    "not hispanic or latino": NOT_HISPANIC, "not hispanic": NOT_HISPANIC,
    "non hispanic": NOT_HISPANIC, "nonhispanic": NOT_HISPANIC, "no": NOT_HISPANIC,
    "n": NOT_HISPANIC, "not latino": NOT_HISPANIC, "no not hispanic": NOT_HISPANIC,
}

#: Raw values that mean "asked, and declined".
DECLINED_VALUES = ("declined", "declined to answer", "patient declined", "refused",
                   "prefer not to answer", "prefer not to say", "choose not to disclose")
#: Raw values that mean "not known" — HL7's null flavours UNK (unknown) and ASKU (asked but unknown: the
#: person was asked and did not know), not a refusal.
UNKNOWN_VALUES = ("unknown", "unk", "u", "asku", "not known", "unavailable", "not specified",
                  "unable to obtain", "pt unable to answer")
#: Raw values that mean "never asked / nothing recorded".
MISSING_VALUES = ("", "missing", "nan", "none", "null", "na", "n a", "not recorded", "not asked", "-", "?")

#: Separators that split a multiple selection ("White; Asian", "2106-3|2028-9").
MULTI_SEPARATORS = (";", "|", ",", "/", "+", "&", " and ")

# --- Languages -------------------------------------------------------------------------
#: Preferred spoken language: standard names with ISO 639-3 codes.  IOM (2009) Recommendation
#: 6-1a asks HHS to develop a national standard list; the report's starting list had about 530
#: names. These are languages commonly
#: needed in U.S. hospitals.  Names not on the list are reported as unmapped, not guessed.
LANGUAGES = {
    "English": "eng", "Spanish": "spa", "Chinese": "zho", "Mandarin": "cmn",
    "Cantonese": "yue", "Vietnamese": "vie", "Tagalog": "tgl", "Arabic": "ara",
    "Korean": "kor", "Russian": "rus", "Haitian Creole": "hat", "Portuguese": "por",
    "French": "fra", "Polish": "pol", "Hindi": "hin", "Urdu": "urd", "Bengali": "ben",
    "Punjabi": "pan", "Somali": "som", "Amharic": "amh", "Hmong": "hmn", "Japanese": "jpn",
    "Farsi": "fas", "Italian": "ita", "German": "deu", "Navajo": "nav", "Nepali": "nep",
    "Swahili": "swa", "Ukrainian": "ukr", "Khmer": "khm", "S'gaw Karen": "ksw",
    "American Sign Language": "ase",
}
#: Other spellings and ISO 639-1 codes for languages on the list.
LANGUAGE_SYNONYMS = {
    "en": "English", "eng": "English", "engl": "English", "english": "English",
    "es": "Spanish", "sp": "Spanish", "span": "Spanish", "espanol": "Spanish",
    "español": "Spanish", "castellano": "Spanish",
    "zh": "Chinese", "chinese mandarin": "Mandarin", "mandarin chinese": "Mandarin",
    "chinese cantonese": "Cantonese", "cantonese chinese": "Cantonese",
    "vi": "Vietnamese", "viet": "Vietnamese", "tl": "Tagalog", "filipino": "Tagalog",
    "ar": "Arabic", "ko": "Korean", "ru": "Russian", "ht": "Haitian Creole",
    "creole": "Haitian Creole", "kreyol": "Haitian Creole", "haitian": "Haitian Creole",
    "pt": "Portuguese", "fr": "French", "pl": "Polish", "hi": "Hindi", "ur": "Urdu",
    "bn": "Bengali", "pa": "Punjabi", "so": "Somali", "am": "Amharic", "ja": "Japanese",
    "fa": "Farsi", "persian": "Farsi", "it": "Italian", "de": "German", "nv": "Navajo",
    "ne": "Nepali", "sw": "Swahili", "uk": "Ukrainian", "km": "Khmer", "asl": "American Sign Language",
    # "Karen" alone names a group of languages ("kar" is an ISO 639-2/639-5 collective code, not ISO
    # 639-3): it stays unmapped, so registration staff ask which Karen language (S'gaw: ksw, Pwo: several).
    "sgaw karen": "S'gaw Karen", "s'gaw": "S'gaw Karen", "sgaw": "S'gaw Karen", "karen (s'gaw)": "S'gaw Karen",
    "sign language": "American Sign Language", "sign": "American Sign Language",
}
#: Output categories of ``standardize(..., "language")``.
LANGUAGE_CATEGORIES = tuple(LANGUAGES) + NOT_VALID

#: IOM (2009) Recommendation 4-1: how well the person speaks English.  Anything less
#: than "very well" indicates limited English proficiency (LEP).
ENGLISH_PROFICIENCY = ("Very well", "Well", "Not well", "Not at all")

FIELDS = ("race_ethnicity", "race", "ethnicity", "language")
