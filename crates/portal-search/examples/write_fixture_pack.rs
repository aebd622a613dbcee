//! Writes the fixture packs and the native engine's answers, for the browser engine's Node test
//! (crates/portal-search-wasm/test/engine.test.mjs), which checks that the wasm engine gives the
//! same URLs in the same order.
//!
//!     cargo run -p portal-search --example write_fixture_pack -- target/search-fixture
//!
//! Writes `OUT/{fr,en,es,pt}.pack` and `OUT/expected.json`:
//! `[{"lang": "es", "query": {…}, "total": 3, "urls": ["/es/…", …]}, …]`, and prints each pack's
//! size.

use std::path::PathBuf;

use portal_search::fixture::{corpus, queries};
use portal_search::{Engine, Lang, build_pack};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/search-fixture".into()),
    );
    std::fs::create_dir_all(&out)?;
    let mut expected = Vec::new();
    for lang in Lang::ALL {
        let pack = build_pack(lang, &corpus(lang))?;
        std::fs::write(out.join(format!("{}.pack", lang.code())), &pack)?;
        println!(
            "{}.pack: {} bytes, {} documents",
            lang.code(),
            pack.len(),
            corpus(lang).len()
        );
        let engine = Engine::open(&pack)?;
        for query in queries(lang) {
            let results = engine.try_search(&query)?;
            expected.push(serde_json::json!({
                "lang": lang.code(),
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
