//! Builds the embedded gazetteer index from the derived data in `gazetteer/`.
//!
//! The index is written to `OUT_DIR` and embedded with `include_bytes!`, so opening the
//! gazetteer at run time parses nothing. The normalisation and the index layout are the
//! library's own files, compiled in here too, so build time and run time agree.

use std::env;
use std::error::Error;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/gazetteer/normalize.rs"]
mod normalize;

#[allow(dead_code)]
#[path = "src/gazetteer/index.rs"]
mod index;

use index::{IndexBuilder, PlaceKind, PlaceRow};

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    // The derived data lives in gazetteer/; PLACEMAP_GAZETTEER_DIR builds against another copy.
    println!("cargo:rerun-if-env-changed=PLACEMAP_GAZETTEER_DIR");
    let data = env::var_os("PLACEMAP_GAZETTEER_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("gazetteer"));
    let places = data.join("places.tsv.gz");
    let demonyms = data.join("demonyms.tsv");
    for p in [&places, &demonyms] {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    println!("cargo:rerun-if-changed=src/gazetteer/normalize.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/index.rs");

    let mut rows = read_places(&places)?;
    attach_demonyms(&mut rows, &demonyms)?;
    hint_region_sizes(&mut rows);
    let mut builder = IndexBuilder::default();
    for row in rows {
        builder.push(row);
    }
    // One thread, so one name map: the embedded index is opened as a single map.
    let bytes = builder.build(1)?;
    let out = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(out.join("gazetteer.table"), bytes.table)?;
    fs::write(out.join("gazetteer.fst"), bytes.names.concat())?;
    fs::write(out.join("gazetteer.strings"), bytes.strings)?;
    Ok(())
}

fn read_places(path: &Path) -> Result<Vec<PlaceRow>, Box<dyn Error>> {
    let file = fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or("places.tsv is empty")?
        .split('\t')
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| format!("places.tsv has no column {name:?}"))
    };
    let [id, kind, fcode, name, lat, lon, cc, a1, a2, pop, tz, code, llat, llon, bbox, names] = [
        "id",
        "kind",
        "fcode",
        "name",
        "lat",
        "lon",
        "country_code",
        "admin1",
        "admin2",
        "population",
        "timezone",
        "code",
        "label_lat",
        "label_lon",
        "bbox",
        "names",
    ]
    .map(col);
    let [id, kind, fcode, name, lat, lon, cc, a1, a2, pop, tz, code, llat, llon, bbox, names] = [
        id?, kind?, fcode?, name?, lat?, lon?, cc?, a1?, a2?, pop?, tz?, code?, llat?, llon?,
        bbox?, names?,
    ];
    let mut rows = Vec::new();
    for (n, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let at = |i: usize| f.get(i).copied().unwrap_or("");
        let bad = |what: &str| format!("places.tsv line {}: bad {what}", n + 2);
        let num = |i: usize, what: &str| at(i).parse::<f64>().map_err(|_| bad(what));
        let opt = |i: usize| at(i).parse::<f64>().ok();
        if at(lat).is_empty() || at(lon).is_empty() {
            println!(
                "cargo:warning=places.tsv line {}: {:?} has no coordinates; left out",
                n + 2,
                at(name)
            );
            continue;
        }
        let bbox = at(bbox)
            .split(',')
            .map(|v| v.parse::<f64>())
            .collect::<Result<Vec<_>, _>>()
            .ok()
            .and_then(|v| <[f64; 4]>::try_from(v).ok());
        rows.push(PlaceRow {
            id: at(id).parse().map_err(|_| bad("id"))?,
            kind: Some(PlaceKind::parse(at(kind)).ok_or_else(|| bad("kind"))?),
            fcode: at(fcode).to_string(),
            name: at(name).to_string(),
            lat: num(lat, "lat")?,
            lon: num(lon, "lon")?,
            country_code: at(cc).to_string(),
            admin1: at(a1).to_string(),
            admin2: at(a2).to_string(),
            population: at(pop).parse().unwrap_or(0),
            timezone: at(tz).to_string(),
            code: at(code).to_string(),
            label: opt(llat).zip(opt(llon)),
            bbox,
            names: at(names)
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            demonyms: Vec::new(),
            population_hint: 0,
        });
    }
    Ok(rows)
}

/// Gives regions without a population the summed population of their cities, for ranking.
fn hint_region_sizes(rows: &mut [PlaceRow]) {
    let mut sums: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for r in rows.iter().filter(|r| r.kind == Some(PlaceKind::City)) {
        *sums
            .entry((r.country_code.clone(), r.admin1.clone()))
            .or_default() += r.population;
    }
    for r in rows
        .iter_mut()
        .filter(|r| r.kind == Some(PlaceKind::Region) && r.population == 0)
    {
        let key = (r.country_code.clone(), r.admin1.clone());
        r.population_hint = sums.get(&key).copied().unwrap_or(0);
    }
}

/// Adds each demonym to the country it names.
fn attach_demonyms(rows: &mut [PlaceRow], path: &Path) -> Result<(), Box<dyn Error>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for (n, line) in text.lines().enumerate().skip(1) {
        let mut f = line.split('\t');
        let (Some(demonym), Some(cc)) = (f.next(), f.next()) else {
            return Err(format!(
                "demonyms.tsv line {}: expected demonym and country code",
                n + 1
            )
            .into());
        };
        let country = rows
            .iter_mut()
            .find(|r| r.kind == Some(PlaceKind::Country) && r.country_code == cc)
            .ok_or_else(|| format!("demonyms.tsv line {}: no country {cc:?}", n + 1))?;
        country.demonyms.push(demonym.to_string());
    }
    Ok(())
}
