//! The native half of the `placemap` Python package: each function takes and returns JSON
//! text, and the pure-Python half (`pysrc/placemap/__init__.py`) turns it into Python
//! values. The gazetteer is opened once per process, on first use; work on batches runs on
//! all cores with the GIL released, so other Python threads go on meanwhile.

use std::sync::OnceLock;

use placemap::basemap::Detail;
use placemap::export::ExportOptions;
use placemap::gazetteer::ResolveOptions;
use placemap::render::Format;
use placemap::service::{RenderRequest, Service};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde_json::{json, Value};

static SERVICE: OnceLock<Result<Service, String>> = OnceLock::new();

/// The process's one service (the embedded gazetteer, opened once).
fn service() -> PyResult<&'static Service> {
    SERVICE
        .get_or_init(|| Service::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot open the gazetteer: {e}")))
}

/// Resolves names; a JSON array with a record or `{"query", "error"}` a name.
#[pyfunction]
#[pyo3(signature = (names, country=None, strict=false, alternatives=5))]
fn resolve_json(
    py: Python<'_>,
    names: Vec<String>,
    country: Option<String>,
    strict: bool,
    alternatives: usize,
) -> PyResult<String> {
    let service = service()?;
    Ok(py.detach(|| {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let options = ResolveOptions {
            country,
            strict,
            max_alternatives: alternatives,
            ..ResolveOptions::default()
        };
        let out: Vec<Value> = service
            .resolve(&refs, &options)
            .into_iter()
            .zip(&names)
            .map(|(r, name)| match r {
                Ok(record) => json!(record),
                Err(e) => json!({"query": name, "error": e}),
            })
            .collect();
        Value::Array(out).to_string()
    }))
}

/// The mentions of each text; a JSON array of arrays.
#[pyfunction]
#[pyo3(signature = (texts, alternatives=5))]
fn extract_json(py: Python<'_>, texts: Vec<String>, alternatives: usize) -> PyResult<String> {
    let service = service()?;
    Ok(py.detach(|| {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        json!(service.extract(&refs, alternatives)).to_string()
    }))
}

/// Draws a scene (JSON text); the map's bytes and its warnings.
#[pyfunction]
#[pyo3(signature = (scene_json, format="svg", theme=None, width=None, height=None, scale=1.0, strict=false, base_dir=None))]
#[allow(clippy::too_many_arguments)]
fn render<'py>(
    py: Python<'py>,
    scene_json: String,
    format: &str,
    theme: Option<&str>,
    width: Option<u32>,
    height: Option<u32>,
    scale: f64,
    strict: bool,
    base_dir: Option<std::path::PathBuf>,
) -> PyResult<(Bound<'py, PyBytes>, Vec<String>)> {
    let service = service()?;
    let request = RenderRequest {
        format: format.parse::<Format>().map_err(PyValueError::new_err)?,
        theme: theme
            .map(str::parse)
            .transpose()
            .map_err(PyValueError::new_err)?,
        width,
        height,
        scale,
        strict,
        max_pixels: None,
    };
    let rendered = py
        .detach(|| service.render(&scene_json, &request, base_dir.as_deref()))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok((PyBytes::new(py, &rendered.bytes), rendered.warnings))
}

/// Exports a scene (JSON text) as GeoJSON or TopoJSON text, or with `split` a JSON object
/// of one GeoJSON collection a geometry type; and its warnings.
#[pyfunction]
#[pyo3(signature = (scene_json, format="geojson", split=false, detail="50m", strict=false, base_dir=None))]
fn export_json(
    py: Python<'_>,
    scene_json: String,
    format: &str,
    split: bool,
    detail: &str,
    strict: bool,
    base_dir: Option<std::path::PathBuf>,
) -> PyResult<(String, Vec<String>)> {
    let service = service()?;
    let options = ExportOptions {
        detail: detail
            .parse::<Detail>()
            .map_err(|e| PyValueError::new_err(e.to_string()))?,
        theme: None,
    };
    let format = format.to_string();
    py.detach(|| {
        let exported = service.export(&scene_json, &options, strict, base_dir.as_deref())?;
        let text = placemap::service::export_text(&exported.collection, &format, split)?;
        Ok((text, exported.warnings))
    })
    .map_err(|e: placemap::service::ServiceError| PyValueError::new_err(e.to_string()))
}

/// The native module.
#[pymodule]
fn _placemap(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(resolve_json, m)?)?;
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(render, m)?)?;
    m.add_function(wrap_pyfunction!(export_json, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
