//! The closed set of projection families a scene file may name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ProjectError;

/// A projection family, named in scene files by its kebab-case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProjectionKind {
    /// Spherical Mercator: conformal cylinder, for near-equatorial regions.
    Mercator,
    /// Equal Earth (Šavrič et al. 2018): equal-area world maps.
    EqualEarth,
    /// Robinson: compromise world maps.
    Robinson,
    /// Orthographic: a globe seen from space, one hemisphere visible.
    Orthographic,
    /// Lambert conformal conic: mid-latitude regional and continental maps.
    LambertConformalConic,
    /// Albers equal-area conic: mid-latitude thematic maps.
    Albers,
    /// Azimuthal equidistant: distances from the centre are true; polar maps.
    AzimuthalEquidistant,
    /// Stereographic (polar by default): conformal azimuthal.
    Stereographic,
    /// Transverse Mercator: conformal, for city-scale and north–south extents.
    TransverseMercator,
    /// Equirectangular (plate carrée): longitude and latitude as x and y.
    Equirectangular,
}

impl ProjectionKind {
    /// Every kind, in declaration order, for exhaustive tests and help text.
    pub const ALL: [ProjectionKind; 10] = [
        ProjectionKind::Mercator,
        ProjectionKind::EqualEarth,
        ProjectionKind::Robinson,
        ProjectionKind::Orthographic,
        ProjectionKind::LambertConformalConic,
        ProjectionKind::Albers,
        ProjectionKind::AzimuthalEquidistant,
        ProjectionKind::Stereographic,
        ProjectionKind::TransverseMercator,
        ProjectionKind::Equirectangular,
    ];

    /// The kebab-case name used in scene files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ProjectionKind::Mercator => "mercator",
            ProjectionKind::EqualEarth => "equal-earth",
            ProjectionKind::Robinson => "robinson",
            ProjectionKind::Orthographic => "orthographic",
            ProjectionKind::LambertConformalConic => "lambert-conformal-conic",
            ProjectionKind::Albers => "albers",
            ProjectionKind::AzimuthalEquidistant => "azimuthal-equidistant",
            ProjectionKind::Stereographic => "stereographic",
            ProjectionKind::TransverseMercator => "transverse-mercator",
            ProjectionKind::Equirectangular => "equirectangular",
        }
    }

    /// True for azimuthal kinds, which have no seam meridian but a visible cap
    /// around their centre instead.
    pub fn is_azimuthal(self) -> bool {
        matches!(
            self,
            ProjectionKind::Orthographic
                | ProjectionKind::AzimuthalEquidistant
                | ProjectionKind::Stereographic
        )
    }
}

impl fmt::Display for ProjectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ProjectionKind {
    type Err = ProjectError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProjectionKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| ProjectError::UnknownKind(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_from_str_and_display() {
        for kind in ProjectionKind::ALL {
            let parsed: ProjectionKind = kind.to_string().parse().expect("parse");
            assert_eq!(parsed, kind);
        }
    }

    #[test]
    fn unknown_name_is_an_error_naming_the_input() {
        let err = "mercatr".parse::<ProjectionKind>().unwrap_err();
        assert!(err.to_string().contains("mercatr"), "{err}");
    }

    #[test]
    fn serde_uses_the_same_kebab_case_names() {
        // serde's derive and `name()` must agree, or scene files and the CLI diverge.
        for kind in ProjectionKind::ALL {
            let s = serde_plain(kind);
            assert_eq!(s, kind.name());
        }
    }

    fn serde_plain(kind: ProjectionKind) -> String {
        use serde::de::value::{Error as DeError, StrDeserializer};
        use serde::de::IntoDeserializer;
        let name = kind.name();
        let de: StrDeserializer<'_, DeError> = name.into_deserializer();
        let back = ProjectionKind::deserialize(de).expect("deserialize");
        assert_eq!(back, kind);
        name.to_string()
    }
}
