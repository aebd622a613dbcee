// Checks that the browser engines (themes/default/static/search/engine-{lang}.wasm, one per
// language) answer exactly as the native engine: same totals, same URLs in the same order, for
// every fixture query of every language. Node 20+, no npm packages.
//
//   cargo run -p portal-search --example write_fixture_pack -- target/search-fixture
//   node --test crates/portal-search-wasm/test/engine.test.mjs
//
// SEARCH_FIXTURE (default target/search-fixture) and ENGINE_DIR (the engines' folder) override
// the paths.

import { test } from 'node:test';
import { loadEngine } from './engine.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = resolve(root, process.env.SEARCH_FIXTURE ?? 'target/search-fixture');
const engines = resolve(root, process.env.ENGINE_DIR ?? 'themes/default/static/search');

/** A fresh instance of the engine of `lang`. */
const load = (lang) => loadEngine(readFileSync(join(engines, `engine-${lang}.wasm`)));

const expected = JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8'));

/** Chunk `i` of the fixture manifest `{name}.pack`. */
const chunk = (name) => async (i) => readFileSync(join(fixture, `${name}.${i}.chunk`));

for (const lang of ['fr', 'en', 'es', 'pt']) {
  test(`wasm engine answers like the native engine (${lang})`, async () => {
    const engine = await load(lang);
    engine.open(readFileSync(join(fixture, `${lang}.pack`)));
    const cases = expected.filter((c) => c.lang === lang);
    assert.ok(cases.length > 0);
    for (const c of cases) {
      const { out: got, rounds } = await engine.searchInRounds(c.query, chunk(lang));
      const what = `${lang} ${JSON.stringify(c.query.text)}`;
      // A small index travels in its manifest, but for the positions only a phrase reads.
      assert.ok(c.query.text.includes('"') ? rounds.length <= 1 : rounds.length === 0, `${what}: ${rounds.length} rounds`);
      assert.equal(got.error, undefined, `query ${what}: ${got.error}`);
      assert.equal(got.total, c.total, `total for ${what}`);
      assert.deepEqual(got.hits.map((h) => h.url), c.urls, `urls for ${what}`);
      assert.deepEqual(got.facets, c.results.facets, `facets for ${what}`);
      assert.deepEqual(got.hits.map((h) => h.snippet), c.results.hits.map((h) => h.snippet), `snippets for ${what}`);
    }
  });

  test(`wasm engine on a chunked index answers like the native engine, fetching chunks in rounds (${lang})`, async () => {
    const cases = expected.filter((c) => c.lang === lang);
    let fetchedSome = false;
    for (const c of cases) {
      // A fresh engine per query: what a first search fetches.
      const engine = await load(lang);
      engine.open(readFileSync(join(fixture, `${lang}-chunked.pack`)));
      const { out: got, rounds } = await engine.searchInRounds(c.query, chunk(`${lang}-chunked`));
      const what = `${lang} ${JSON.stringify(c.query.text)}`;
      assert.equal(got.error, undefined, `query ${what}: ${got.error}`);
      assert.ok(rounds.length <= 4, `${what}: ${rounds.length} rounds`);
      fetchedSome ||= rounds.length > 0;
      assert.equal(got.total, c.total, `total for ${what}`);
      assert.deepEqual(got.hits.map((h) => h.url), c.urls, `urls for ${what}`);
      assert.deepEqual(got.facets, c.results.facets, `facets for ${what}`);
      assert.deepEqual(got.hits.map((h) => h.snippet), c.results.hits.map((h) => h.snippet), `snippets for ${what}`);
    }
    assert.ok(fetchedSome, 'the chunked index was fetched lazily');
  });
}

test('each engine opens the index of its language only, and says so for another', async () => {
  for (const lang of ['fr', 'en', 'es', 'pt']) {
    const engine = await load(lang);
    for (const other of ['fr', 'en', 'es', 'pt']) {
      const pack = readFileSync(join(fixture, `${other}.pack`));
      if (other === lang) {
        engine.open(pack);
      } else {
        assert.throws(() => engine.open(pack), new RegExp(`not built for language ${other}`));
      }
    }
  }
});

test('an index with a field without a single term (no titles) answers like the native engine', async () => {
  const engine = await load('es');
  engine.open(readFileSync(join(fixture, 'es-untitled.pack')));
  const answers = JSON.parse(readFileSync(join(fixture, 'untitled.json'), 'utf8'));
  assert.ok(answers.some((a) => a.results.total > 0), 'some query finds something in the bodies');
  for (const { query, results } of answers) {
    const { out: got } = await engine.searchInRounds(query, chunk('es-untitled'));
    assert.equal(got.error, undefined, `${JSON.stringify(query.text)}: ${got.error}`);
    assert.equal(got.total, results.total, `total for ${JSON.stringify(query.text)}`);
    assert.deepEqual(got.hits.map((h) => h.url), results.hits.map((h) => h.url));
  }
});

test('JSON shape of a hit', async () => {
  const engine = await load('es');
  engine.open(readFileSync(join(fixture, 'es.pack')));
  const got = engine.search({ text: 'argentna' });
  assert.ok(got.total > 0);
  assert.deepEqual(Object.keys(got.hits[0]).sort(), ['country', 'kind', 'score', 'snippet', 'title', 'url', 'year']);
  assert.ok(got.hits.some((h) => h.url === '/es/legislation/ar/ley-25871/'));
});

test('a damaged manifest or chunk, or a bad query, gives an error, not a crash', async () => {
  const engine = await load('en');
  const pack = readFileSync(join(fixture, 'en.pack'));
  const bad = Uint8Array.from(pack);
  bad[bad.length >> 1] ^= 0x55;
  assert.throws(() => engine.open(bad), /invalid search pack/);
  assert.throws(() => engine.open(new TextEncoder().encode('hello')), /invalid search pack/);
  assert.match(engine.search({ text: 'x' }).error, /no index open/);
  engine.open(readFileSync(join(fixture, 'en-chunked.pack')));
  assert.throws(() => engine.addChunk(0, new TextEncoder().encode('<html>404</html>')), /chunk 0 has/);
  engine.open(pack);
  assert.match(engine.search('not an object').error, /bad query/);
  assert.equal(engine.search({ text: 'migration' }).error, undefined);
});
