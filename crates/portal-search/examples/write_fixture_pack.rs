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
//! "results": {…}}, …]`.

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
    println!("wrote {}", out.join("expected.json").display());
    Ok(())
}
