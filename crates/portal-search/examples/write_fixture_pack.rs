//! Writes the fixture indexes and the native engine's answers, for the browser engine's Node
//! test (crates/portal-search-wasm/test/engine.test.mjs), which checks that the wasm engine gives
//! the same answers, from a small index and from one cut into many chunks.
//!
//!     cargo run -p portal-search --example write_fixture_pack -- target/search-fixture
//!
//! Writes, per language, `OUT/{lang}.pack` and its chunks `OUT/{lang}.{i}.chunk` (the manifest
//! holding all of the index but the positions, as the portal's small indexes are published),
//! `OUT/{lang}-chunked.pack` and its chunks `OUT/{lang}-chunked.{i}.chunk` (cut small, as a
//! large site's index is), and
//! `OUT/expected.json`: `[{"lang": "es", "query": {…}, "total": 3, "urls": ["/es/…", …],
//! "results": {…}}, …]`. And `OUT/es-untitled.pack`, the Spanish documents without their
//! titles (a field without a single term, which the engine opens as an empty dictionary), with
//! the native answers to its queries in `OUT/untitled.json`.

use std::path::PathBuf;

use portal_search::fixture::{corpus, queries};
use portal_search::{Engine, Lang, PackOptions, build_pack, build_pack_with, chunk_path};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/search-fixture".into()),
    );
    std::fs::create_dir_all(&out)?;
    let small_chunks = PackOptions {
        chunk_bytes: 256,
        inline_below: 0,
        docstore_blocksize: 256,
        ..PackOptions::default()
    };
    let mut expected = Vec::new();
    for lang in Lang::ALL {
        let code = lang.code();
        let small = build_pack(lang, &corpus(lang))?;
        let chunked = build_pack_with(lang, &corpus(lang), &small_chunks)?;
        for (manifest, pack) in [
            (format!("{code}.pack"), &small),
            (format!("{code}-chunked.pack"), &chunked),
        ] {
            std::fs::write(out.join(&manifest), &pack.manifest)?;
            for (i, chunk) in pack.chunks.iter().enumerate() {
                std::fs::write(out.join(chunk_path(&manifest, i)), chunk)?;
            }
        }
        println!(
            "{code}: manifest {} bytes; chunked manifest {} bytes + {} chunks; {} documents",
            small.manifest.len(),
            chunked.manifest.len(),
            chunked.chunks.len(),
            corpus(lang).len()
        );
        let engine = Engine::open_pack(&small)?;
        for query in queries(lang) {
            let results = engine.try_search(&query)?;
            expected.push(serde_json::json!({
                "lang": code,
                "query": query,
                "total": results.total,
                "urls": results.hits.iter().map(|h| h.url.clone()).collect::<Vec<_>>(),
                "results": results,
            }));
        }
    }
    std::fs::write(
        out.join("expected.json"),
        serde_json::to_string_pretty(&expected)?,
    )?;

    let mut untitled = corpus(Lang::Es);
    for doc in &mut untitled {
        doc.title.clear();
    }
    let pack = build_pack(Lang::Es, &untitled)?;
    std::fs::write(out.join("es-untitled.pack"), &pack.manifest)?;
    for (i, chunk) in pack.chunks.iter().enumerate() {
        std::fs::write(out.join(chunk_path("es-untitled.pack", i)), chunk)?;
    }
    let engine = Engine::open_pack(&pack)?;
    // Not the excluded phrases: with no title to match, such an exclusion is a lone phrase
    // scorer, which tantivy 0.27 seeks backwards once, tripping a debug assertion of its own
    // (release builds answer right: the same 7 results as with titles).
    let answers = queries(Lang::Es)
        .into_iter()
        .filter(|query| !query.text.contains("-\""))
        .map(|query| {
            let results = engine.try_search(&query)?;
            Ok(serde_json::json!({ "query": query, "results": results }))
        })
        .collect::<Result<Vec<_>, portal_search::SearchError>>()?;
    std::fs::write(
        out.join("untitled.json"),
        serde_json::to_string_pretty(&answers)?,
    )?;
    println!("wrote {}", out.join("expected.json").display());
    Ok(())
}
