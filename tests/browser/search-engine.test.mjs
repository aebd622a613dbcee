// The browser's search engine answers exactly as `portal search` on the same built site: for
// every language and a list of queries (law numbers, accents, typos, phrases, filters,
// exclusions, stemming), the site's engine-{lang}.{hash}.wasm loaded in Node with the language's index
// manifest, fetching the chunks each query asks for as search-worker.js does, gives the same
// URLs in the same order, the same total, and the same scores (within 1e-4) as the native
// binary. On the portal the manifest holds all of the index but the positions (a phrase fetches
// those); on the 10,000 laws of `benches/corpus.py` the same queries run on the chunked index.
//
//   node --test tests/browser/search-engine.test.mjs
//
// SITE_DIR and LARGE_SITE_DIR: the two built sites (else they are built with PORTAL_BIN).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../crates/portal-search-wasm/test/engine.mjs';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PORTAL, buildLargeSite, buildSite } from './helpers.mjs';

const LIMIT = 50;
const large = buildLargeSite();
after(() => { if (large.owned) rmSync(large.root, { recursive: true, force: true }); });
// On the synthetic laws only the agreement of the two engines is checked: the real laws the
// cases expect are not there.
const SITES = [
  { name: 'the portal', site: buildSite(), realContent: true },
  { name: '10,000 laws, chunked', site: large.site, realContent: false },
];

/** The only file of assets/search/ named `{stem}.{hash}.{ext}`. */
function asset(site, stem, ext) {
  const dir = join(site, 'assets', 'search');
  const names = readdirSync(dir).filter((n) => new RegExp(`^${stem}\\.[0-9a-f]+\\.${ext}$`).test(n));
  assert.equal(names.length, 1, `one ${stem}.*.${ext} in ${dir}, found ${JSON.stringify(names)}`);
  return join(dir, names[0]);
}

/** The site's engine of `lang` with that language's index open: an async search function that
 * fetches the chunks a query needs (`{manifest}.{i}.chunk`, beside the manifest). */
async function openEngine(site, lang) {
  const engine = await loadEngine(readFileSync(asset(site, `engine-${lang}`, 'wasm')));
  const manifest = asset(site, lang, 'pack');
  engine.open(readFileSync(manifest));
  const chunk = async (i) => readFileSync(`${manifest.replace(/\.pack$/, '')}.${i}.chunk`);
  return async (query) => (await engine.searchInRounds(query, chunk)).out;
}

// Each case: the query text, optional filters, and what the answer must contain, so that two
// engines agreeing on nothing cannot pass. `first`: URL of the first hit (path below /{lang});
// `has` / `hasNot`: URLs among the hits or not; `min`: at least this many results.
const CASES = {
  fr: [
    { text: '25.871', first: '/legislation/ar/ley-25871/' },
    { text: '208-2003', first: '/legislation/hn/decreto-208-2003/' },
    { text: 'etrangers', min: 2 },
    { text: 'argentna', has: ['/legislation/ar/', '/legislation/ar/ley-25871/'] },
    { text: '"Immigration and Refugee Protection Act"', first: '/legislation/ca/immigration-and-refugee-protection-act/' },
    { text: 'migration', country: 'ar', has: ['/legislation/ar/ley-25871/'] },
    { text: 'travailleurs migrants', kind: 'resolution', min: 2 },
    { text: 'traite', from: 2000, to: 2005, has: ['/events/oas-iom-trafficking-2005/'] },
    { text: 'guyana -aliens', has: ['/legislation/gy/immigration-act-cap-14-02/'], hasNot: ['/legislation/gy/aliens-act-cap-14-03/'] },
    { text: 'travailleur migrant', min: 2 },
  ],
  en: [
    { text: 'ley 25.871', first: '/legislation/ar/ley-25871/' },
    { text: '208-2003', first: '/legislation/hn/decreto-208-2003/' },
    { text: 'migracion', min: 1 },
    { text: 'argentna', has: ['/legislation/ar/', '/legislation/ar/ley-25871/'] },
    { text: '"Immigration and Refugee Protection Act"', first: '/legislation/ca/immigration-and-refugee-protection-act/' },
    { text: 'law', country: 'mx', has: ['/legislation/mx/ley-de-migracion/'] },
    { text: 'migrant workers', kind: 'resolution', min: 2 },
    { text: 'trafficking', from: 2000, to: 2009, has: ['/events/oas-iom-trafficking-2005/'] },
    { text: 'guyana -aliens', has: ['/legislation/gy/immigration-act-cap-14-02/'], hasNot: ['/legislation/gy/aliens-act-cap-14-03/'] },
    { text: 'worker migrants', min: 2 },
    { text: 'immigration', region: 'caribbean', kind: 'law', min: 2 },
  ],
  es: [
    { text: 'ley 25.871', first: '/legislation/ar/ley-25871/' },
    { text: '25871', first: '/legislation/ar/ley-25871/' },
    { text: '208-2003', first: '/legislation/hn/decreto-208-2003/' },
    { text: 'codigo de migracion', first: '/legislation/gt/decreto-44-2016/' },
    { text: 'argentna', has: ['/legislation/ar/', '/legislation/ar/ley-25871/'] },
    { text: '"Immigration and Refugee Protection Act"', first: '/legislation/ca/immigration-and-refugee-protection-act/' },
    { text: 'migraciones', country: 'ar', has: ['/legislation/ar/ley-25871/'] },
    { text: 'migracion', kind: 'law', from: 2015, has: ['/legislation/gt/decreto-44-2016/'] },
    { text: 'guyana -aliens', has: ['/legislation/gy/immigration-act-cap-14-02/'], hasNot: ['/legislation/gy/aliens-act-cap-14-03/'] },
    { text: 'trabajador migratorio', min: 2 },
  ],
  pt: [
    { text: '13.445', first: '/legislation/br/lei-13445/' },
    { text: '208-2003', first: '/legislation/hn/decreto-208-2003/' },
    { text: 'lei de migracao', min: 2 },
    { text: 'argentna', has: ['/legislation/ar/', '/legislation/ar/ley-25871/'] },
    { text: '"Immigration and Refugee Protection Act"', first: '/legislation/ca/immigration-and-refugee-protection-act/' },
    { text: 'migracao', country: 'br', has: ['/legislation/br/lei-13445/'] },
    { text: 'trafico', kind: 'event', has: ['/events/oas-iom-trafficking-2005/'] },
    { text: 'migrantes', from: 2010, to: 2012, min: 1 },
    { text: 'guyana -aliens', has: ['/legislation/gy/immigration-act-cap-14-02/'], hasNot: ['/legislation/gy/aliens-act-cap-14-03/'] },
    { text: 'trabalhador migrante', min: 2 },
    { text: '"Lei de Migração"', min: 2 },
  ],
};

/** `portal search` for one case: its JSON hits and its total (from the text output). */
function native(site, lang, c) {
  const args = ['search', '--site', site, '--lang', lang, '--limit', String(LIMIT)];
  if (c.country) args.push('--country', c.country);
  if (c.region) args.push('--region', c.region);
  if (c.kind) args.push('--kind', c.kind);
  if (c.from) args.push('--from', String(c.from));
  if (c.to) args.push('--to', String(c.to));
  const run = (extra) => execFileSync(PORTAL, [...args, ...extra, c.text], { encoding: 'utf8' });
  const hits = JSON.parse(run(['--json']));
  const m = run([]).match(/^(\d+) result\(s\)/);
  assert.ok(m, `total line of portal search ${JSON.stringify(c.text)}`);
  return { hits, total: Number(m[1]) };
}

function wasmQuery(c) {
  return {
    text: c.text,
    countries: c.country ? [c.country] : [],
    regions: c.region ? [c.region] : [],
    kinds: c.kind ? [c.kind] : [],
    year_from: c.from ?? null,
    year_to: c.to ?? null,
    limit: LIMIT,
  };
}

for (const { name, site, realContent } of SITES) for (const lang of Object.keys(CASES)) {
  test(`wasm engine in Node answers like \`portal search\` (${name}, ${lang})`, async () => {
    const search = await openEngine(site, lang);
    for (const c of CASES[lang]) {
      const what = `${lang} ${JSON.stringify(c.text)}${c.country ? ` country=${c.country}` : ''}${c.region ? ` region=${c.region}` : ''}${c.kind ? ` kind=${c.kind}` : ''}${c.from ? ` from=${c.from}` : ''}${c.to ? ` to=${c.to}` : ''}`;
      const want = native(site, lang, c);
      const got = await search(wasmQuery(c));
      assert.equal(got.error, undefined, `${what}: ${got.error}`);
      assert.equal(got.total, want.total, `total for ${what}`);
      assert.deepEqual(got.hits.map((h) => h.url), want.hits.map((h) => h.url), `URLs for ${what}`);
      got.hits.forEach((h, i) => {
        assert.ok(Math.abs(h.score - want.hits[i].score) <= 1e-4, `score of ${h.url} for ${what}: ${h.score} vs ${want.hits[i].score}`);
      });
      assert.deepEqual(got.hits.map((h) => h.snippet), want.hits.map((h) => h.snippet), `snippets for ${what}`);
      // What the answer must contain, so that agreeing on nothing does not pass.
      const urls = got.hits.map((h) => h.url);
      if (!realContent) continue;
      const at = (p) => `/${lang}${p}`;
      if (c.first) assert.equal(urls[0], at(c.first), `first hit for ${what}`);
      for (const p of c.has ?? []) assert.ok(urls.includes(at(p)), `${at(p)} among the hits for ${what}: ${urls.join(' ')}`);
      for (const p of c.hasNot ?? []) assert.ok(!urls.includes(at(p)), `${at(p)} excluded for ${what}`);
      assert.ok(got.total >= (c.min ?? 1), `at least ${c.min ?? 1} result(s) for ${what}, got ${got.total}`);
      for (const h of got.hits) {
        if (c.country) assert.equal(h.country, c.country, `country filter, ${h.url} for ${what}`);
        if (c.kind) assert.equal(h.kind, c.kind, `kind filter, ${h.url} for ${what}`);
        if (c.from) assert.ok(h.year >= c.from, `year filter, ${h.url} (${h.year}) for ${what}`);
        if (c.to) assert.ok(h.year <= c.to, `year filter, ${h.url} (${h.year}) for ${what}`);
      }
    }
  });
}
