//! The scene's projection, parsed once when the scene is resolved.

use super::{Problem, ProjectionSpec};
use crate::project::ProjectionKind;

/// The projection a scene asks for, parsed from its `projection` member. The layout reads
/// this and never the strings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SceneProjection {
    /// `"auto"`: chosen from the extent.
    Auto,
    /// A kind, with its centre and standard parallels when the scene gives them.
    Fixed {
        /// The kind.
        kind: ProjectionKind,
        /// Centre `[lon, lat]` in degrees. Default: the extent's centre.
        center: Option<[f64; 2]>,
        /// Standard parallels `[lat1, lat2]`. Default: a sixth in from the extent's edges.
        parallels: Option<[f64; 2]>,
    },
}

impl SceneProjection {
    /// Whether the projection is chosen from the extent.
    pub fn is_auto(&self) -> bool {
        matches!(self, SceneProjection::Auto)
    }
}

impl TryFrom<&ProjectionSpec> for SceneProjection {
    /// Every problem, each starting with its JSON path (`projection.kind: …`).
    type Error = Vec<Problem>;

    fn try_from(spec: &ProjectionSpec) -> Result<Self, Self::Error> {
        match spec {
            ProjectionSpec::Named(n) if n == "auto" => Ok(SceneProjection::Auto),
            ProjectionSpec::Named(n) => match n.parse::<ProjectionKind>() {
                Ok(kind) => Ok(SceneProjection::Fixed {
                    kind,
                    center: None,
                    parallels: None,
                }),
                Err(e) => Err(vec![Problem::new("projection", format!("{e}"))]),
            },
            ProjectionSpec::Custom {
                kind,
                center,
                parallels,
            } => {
                let mut problems = Vec::new();
                let kind = kind
                    .parse::<ProjectionKind>()
                    .map_err(|e| problems.push(Problem::new("projection.kind", format!("{e}"))))
                    .ok();
                if let Some([lon, lat]) = center {
                    if !(lon.is_finite() && lat.is_finite() && lat.abs() <= 90.0) {
                        problems.push(Problem::new(
                            "projection.center",
                            format!("[{lon}, {lat}] is not a [lon, lat] pair"),
                        ));
                    }
                }
                if let Some([a, b]) = parallels {
                    if !(a.is_finite() && b.is_finite() && a.abs() < 90.0 && b.abs() < 90.0) {
                        problems.push(Problem::new(
                            "projection.parallels",
                            format!("[{a}, {b}] are not latitudes"),
                        ));
                    }
                }
                match kind {
                    Some(kind) if problems.is_empty() => Ok(SceneProjection::Fixed {
                        kind,
                        center: *center,
                        parallels: *parallels,
                    }),
                    _ => Err(problems),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_parameters_parse_once() {
        let named = ProjectionSpec::Named("robinson".into());
        assert_eq!(
            SceneProjection::try_from(&named),
            Ok(SceneProjection::Fixed {
                kind: ProjectionKind::Robinson,
                center: None,
                parallels: None
            })
        );
        assert!(SceneProjection::try_from(&ProjectionSpec::default())
            .expect("auto")
            .is_auto());
        let custom = ProjectionSpec::Custom {
            kind: "albers".into(),
            center: Some([10.0, 50.0]),
            parallels: Some([40.0, 60.0]),
        };
        assert_eq!(
            SceneProjection::try_from(&custom),
            Ok(SceneProjection::Fixed {
                kind: ProjectionKind::Albers,
                center: Some([10.0, 50.0]),
                parallels: Some([40.0, 60.0])
            })
        );
    }

    #[test]
    fn bad_names_and_parameters_name_their_path() {
        let e = SceneProjection::try_from(&ProjectionSpec::Named("robinsn".into()))
            .expect_err("unknown kind");
        assert_eq!(e[0].path.as_deref(), Some("projection"), "{e:?}");
        let e = SceneProjection::try_from(&ProjectionSpec::Custom {
            kind: "mercatr".into(),
            center: Some([0.0, 91.0]),
            parallels: None,
        })
        .expect_err("bad kind and centre");
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].path.as_deref(), Some("projection.kind"), "{e:?}");
        assert_eq!(e[1].path.as_deref(), Some("projection.center"), "{e:?}");
    }
}
