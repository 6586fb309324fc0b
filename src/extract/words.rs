//! Word lists of English news text, as normalised keys (see
//! [`normalize`](crate::gazetteer::normalize)). Each list is general vocabulary, not a
//! list of answers: words that are written with a capital but are not places, words that
//! introduce a person's name, and words that make a place name part of an organisation's.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// Capitalised words that name no place in running text even though some village bears
/// the name: months, days, pronouns and function words at the start of a sentence, titles,
/// points of the compass, words that come before a town's own name ("Downtown Greer"),
/// institutions, and organisations that share a village's name.
static NEVER_PLACES: WordList = WordList::new(
    "\
    january february march april may june july august september october november december \
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday \
    friday saturday sunday today tonight tomorrow yesterday a an the i he she it we they you \
    his her its our their this that these those there here what when where who why how if as \
    so no not all some one two of in on at to for by and or but with from after before \
    during since until while also then now more most many much any each every both other \
    such only just even still yet again be is are was were has have had do does did will \
    would can could should must said says say according like about over under up down out \
    off into near per via yes ok mr mrs ms dr jr sr st saint north south east west northern \
    southern eastern western central northeast northwest southeast southwest middle upper \
    lower new old great little big greater mount lake river port fort point bay beach island \
    islands valley hill hills park city county state states province district region town \
    village president minister governor senator mayor king queen prince princess pope \
    general police army navy court congress senate parliament government university college \
    school church hospital union federal national international republican republicans \
    democrat democrats democratic media press news post times center centre office home \
    street road avenue god christmas easter internet web oriental downtown uptown midtown \
    historic metro metropolitan upstate downstate suburban rural none give earth hamas hezbollah \
    taliban duma",
);

/// Common English words that are also the names of well-known places: a place only where
/// the text puts it as one, after "in", "from", "to"… or before a qualifier ("Nice,
/// France").
static COMMON_WORDS: WordList = WordList::new(
    "\
    nice reading mobile split bath orange commerce justice liberty independence progress \
    energy man best victory hope unity friendship harmony paradise eden mission temple \
    superior liberal gold green forest law eagle dome pack lot front chamber grand reserve \
    monument celebration landmark emerald delta titan",
);

/// Words after which a capitalised name is a place: "in Nice", "from Reading".
static LOCATIVES: WordList = WordList::new(
    "\
    in at from to near outside into toward towards via around across through visit \
    visited visiting",
);

/// Verbs of speech, which news text writes next to a person's name: "Jones said", "said
/// Jones".
static SPEECH_VERBS: WordList = WordList::new(
    "\
    said says told tells added adds asked asks explained explains noted notes wrote writes \
    testified admitted replied stated recalled",
);

/// Words after which a name is a natural feature's, not the place's: "Missouri River",
/// "Nashville Creek", "Hudson Bay".
static FEATURE_WORDS: WordList = WordList::new(
    "\
    river rivers creek brook lake lakes pond mountain mountains mount range valley bay \
    island islands isle falls canyon gorge sea ocean gulf strait sound peninsula harbor \
    harbour forest desert basin ridge dam reservoir glacier",
);

/// Words that begin a longer name when written before another name: "Fort Craig", "Mount
/// Hood", "Camp Bastion". Where the gazetteer knows the whole name it is found whole.
static FEATURE_PREFIXES: WordList = WordList::new("fort ft mount mt port camp cape");

/// Words after which a name is a street's: "Clark Drive", "Gainesville Road".
static STREET_WORDS: WordList =
    WordList::new("street avenue ave road rd boulevard blvd lane drive parkway pkwy pike");

/// Names of several words that a text uses for a building or a part of its own town:
/// "the White House", "City Park", "Old Town".
const GENERIC_NAMES: &[&str] = &[
    "white house",
    "the city",
    "city park",
    "city hall",
    "town hall",
    "old town",
    "main street",
];

/// Words that introduce a person's name: "President Putin", "Mr. Xi".
static TITLES: WordList = WordList::new(
    "\
    president presidents mr mrs ms miss dr sen sens senator rep reps representative gov \
    governor gen atty supt cmdr insp msgr \
    general minister secretary spokesman spokeswoman spokesperson ambassador chairman \
    chairwoman chair king queen prince princess pope judge justice mayor sheriff officer sgt \
    sergeant lt lieutenant capt captain col colonel det detective coach chief director \
    commissioner councilman councilwoman councillor deputy rev reverend father sister \
    brother bishop cardinal rabbi imam sir lord lady dame professor prof leader premier \
    chancellor emperor sultan sheikh trooper attorney prosecutor superintendent principal \
    pastor agent manager owner founder author actor actress singer player striker \
    quarterback pitcher candidate nominee defendant victim suspect witness cousin uncle aunt \
    son daughter wife husband mother dad mom grandmother grandfather",
);

/// Words that make a name around them an international body's, a treaty's or an event's,
/// where the place is no part of the story: "Shanghai Cooperation Organization", "Paris
/// Agreement", "Sochi Olympics".
static ABSTRACT_BODIES: WordList = WordList::new(
    "\
    organization organisation cooperation alliance federation league agreement accord \
    accords treaty pact protocol convention declaration summit conference forum games \
    olympics cup championship open marathon festival award awards prize war battle crisis \
    affair initiative doctrine",
);

/// Words that make a name around them a local institution's, a building's or a paper's:
/// "Gainesville Police Department", "Paris High School". The place is still a place the
/// text speaks of (and geoparsing corpora count it).
static INSTITUTIONS: WordList = WordList::new(
    "\
    organization organisation cooperation council committee commission association society \
    foundation institute institution agency authority department ministry bureau office \
    board service services police sheriff fire court courthouse university college school \
    academy hospital clinic church cathedral mosque synagogue temple museum library theatre \
    theater stadium arena airport station hotel mall bank company corporation corp inc ltd \
    llc group club team league party union federation alliance army forces guard navy times \
    post news herald tribune journal gazette chronicle daily press register courier observer \
    inquirer examiner dispatch telegraph guardian globe mail sun star bee record review \
    magazine radio television tv network broadcasting agreement accord treaty conference \
    summit games olympics cup championship open marathon festival fair show award awards \
    prize street avenue road boulevard highway bridge tower building center centre hall \
    plaza square market exchange fund project program programme campaign initiative \
    declaration convention act bill plan war battle crisis affair project",
);

/// The AP style's abbreviations of US states, written after a city ("Gainesville, Ga."),
/// with the state's GeoNames admin1 code.
pub const US_STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("ala", "AL"),
    ("ariz", "AZ"),
    ("ark", "AR"),
    ("calif", "CA"),
    ("cal", "CA"),
    ("colo", "CO"),
    ("conn", "CT"),
    ("del", "DE"),
    ("fla", "FL"),
    ("ga", "GA"),
    ("ill", "IL"),
    ("ind", "IN"),
    ("kan", "KS"),
    ("kans", "KS"),
    ("ky", "KY"),
    ("la", "LA"),
    ("md", "MD"),
    ("mass", "MA"),
    ("mich", "MI"),
    ("minn", "MN"),
    ("miss", "MS"),
    ("mo", "MO"),
    ("mont", "MT"),
    ("neb", "NE"),
    ("nebr", "NE"),
    ("nev", "NV"),
    ("n h", "NH"),
    ("n j", "NJ"),
    ("n m", "NM"),
    ("n y", "NY"),
    ("n c", "NC"),
    ("n d", "ND"),
    ("okla", "OK"),
    ("ore", "OR"),
    ("pa", "PA"),
    ("r i", "RI"),
    ("s c", "SC"),
    ("s d", "SD"),
    ("tenn", "TN"),
    ("tex", "TX"),
    ("vt", "VT"),
    ("va", "VA"),
    ("wash", "WA"),
    ("w va", "WV"),
    ("wis", "WI"),
    ("wyo", "WY"),
];

/// A list of words held as one string, split into a set on first use.
struct WordList {
    words: &'static str,
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordList {
    const fn new(words: &'static str) -> WordList {
        WordList {
            words,
            set: OnceLock::new(),
        }
    }

    fn contains(&self, key: &str) -> bool {
        self.set
            .get_or_init(|| self.words.split_whitespace().collect())
            .contains(key)
    }
}

/// Whether a one-word key is a capitalised word that names no place in running text.
pub fn never_a_place(key: &str) -> bool {
    NEVER_PLACES.contains(key)
}

/// Whether a one-word key is a common word that names a place only where the text says so.
pub fn is_common_word(key: &str) -> bool {
    COMMON_WORDS.contains(key)
}

/// Whether a key is a preposition or verb after which a name is a place.
pub fn is_locative(key: &str) -> bool {
    LOCATIVES.contains(key)
}

/// Whether a key is a locative after which a name needs no other support to be a place:
/// any but "to", "from" and "at", which also follow verbs of speech ("spoke to Tass", "a
/// letter from Baker").
pub fn puts_a_place(key: &str) -> bool {
    is_locative(key) && !matches!(key, "to" | "from" | "at")
}

/// Whether a key is a title that comes before a person's name.
pub fn is_title(key: &str) -> bool {
    TITLES.contains(key)
}

/// Whether a key is a verb of speech that a person's name comes before or after.
pub fn is_speech_verb(key: &str) -> bool {
    SPEECH_VERBS.contains(key)
}

/// Whether a key is a word after which a name is a street's.
pub fn is_street_word(key: &str) -> bool {
    STREET_WORDS.contains(key)
}

/// Whether a key is an article or a possessive pronoun, after which no person's given name
/// stands before a family name: "the Glasgow Ebola case".
pub fn is_article(key: &str) -> bool {
    matches!(
        key,
        "the" | "a" | "an" | "this" | "that" | "its" | "his" | "her" | "their" | "our" | "my"
    )
}

/// Whether a key is a word after which a name is a natural feature's.
pub fn is_feature_word(key: &str) -> bool {
    FEATURE_WORDS.contains(key)
}

/// Whether a key is a word that begins a longer name when written before another name.
pub fn is_feature_prefix(key: &str) -> bool {
    FEATURE_PREFIXES.contains(key)
}

/// Whether a key makes the name around it an international body's, treaty's or event's.
pub fn is_abstract_body(key: &str) -> bool {
    ABSTRACT_BODIES.contains(key)
}

/// Whether a key makes the name around it a local institution's or a building's.
pub fn is_institution(key: &str) -> bool {
    INSTITUTIONS.contains(key)
}

/// Whether a key of several words is a generic name that a text uses for a building or a
/// part of its own town, not for the village of that name elsewhere.
pub fn is_generic_name(key: &str) -> bool {
    GENERIC_NAMES.contains(&key)
}

/// The admin1 code of a US state for its AP abbreviation ("ga" → "GA").
pub fn us_state_abbreviation(key: &str) -> Option<&'static str> {
    US_STATE_ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == key)
        .map(|(_, code)| *code)
}
