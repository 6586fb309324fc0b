//! What can go wrong when resolving names or loading place data.

use std::fmt;
use std::path::PathBuf;

/// A place offered to the user when a name is unknown, a guess or ambiguous.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Display name of the place.
    pub name: String,
    /// Name of its country, or its kind for places outside countries.
    pub context: String,
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.context.is_empty() {
            write!(f, "{:?}", self.name)
        } else {
            write!(f, "{:?} ({})", self.name, self.context)
        }
    }
}

/// Writes `; did you mean "A" (X), "B" (Y) or "C" (Z)?`, or nothing for no suggestion.
pub(crate) fn did_you_mean(suggestions: &[Suggestion]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(ToString::to_string).collect();
            format!("; did you mean {} or {last}?", init.join(", "))
        }
    }
}

/// Why a name could not be resolved to a place.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// The name was empty or only white space.
    #[error("empty place name; give a name such as \"Samarkand\" or coordinates such as \"39.65, 66.96\"")]
    Empty,
    /// The name is longer than any place name.
    #[error("place name of {len} bytes is too long (at most {max}): \"{preview}…\"")]
    TooLong {
        /// Length of the name in bytes.
        len: usize,
        /// The longest name accepted.
        max: usize,
        /// The start of the name.
        preview: String,
    },
    /// The name contains control characters (tabs, newlines, NUL…).
    #[error("place name {name:?} contains control characters; remove them")]
    ControlCharacters {
        /// The name as given.
        name: String,
    },
    /// No place has this name.
    #[error("unknown place {name:?}{}", did_you_mean(.suggestions))]
    Unknown {
        /// The name as given.
        name: String,
        /// Close names, best first.
        suggestions: Vec<Suggestion>,
    },
    /// Only a misspelt match was found and guesses were refused (`--strict`).
    #[error("unknown place {name:?}{} (guesses are refused in strict mode)", did_you_mean(.suggestions))]
    Guess {
        /// The name as given.
        name: String,
        /// The guesses, best first.
        suggestions: Vec<Suggestion>,
    },
    /// Places have this name, but none in the qualifier or country given.
    #[error("no place named {name:?} in {within:?}{}", did_you_mean(.suggestions))]
    NotWithin {
        /// The name without its qualifier.
        name: String,
        /// The qualifier or country hint.
        within: String,
        /// Places of that name elsewhere.
        suggestions: Vec<Suggestion>,
    },
    /// The qualifier after the comma names no country or region.
    #[error("unknown qualifier {qualifier:?} in {name:?}; give a country or region, as in \"Paris, Texas\"")]
    UnknownQualifier {
        /// The whole name as given.
        name: String,
        /// The part after the comma.
        qualifier: String,
    },
    /// The text looks like coordinates but is not valid.
    #[error("invalid coordinates {text:?}: {reason}")]
    Coordinates {
        /// The text as given.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No place has this GeoNames id.
    #[error("no place with GeoNames id {id} in the loaded data")]
    UnknownId {
        /// The id asked for.
        id: u32,
    },
}

/// Why place data could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line of a text file is malformed.
    #[error("{path}:{line}: {message}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A GeoJSON file is malformed.
    #[error("{path}: {message}")]
    GeoJson {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the feature index.
        message: String,
    },
    /// The file holds no place.
    #[error("{path}: no places found; {hint}")]
    NoPlaces {
        /// The file.
        path: PathBuf,
        /// What the file should look like.
        hint: String,
    },
    /// The index could not be built or read.
    #[error("place index: {0}")]
    Index(String),
}
