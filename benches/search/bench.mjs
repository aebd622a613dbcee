// Search benchmark: portal's wasm engine against Pagefind on the same built site, side by side.
// Called by benches/search/run.sh (which builds the release binary and installs Pagefind);
// see docs/benchmarks.md, "Search".
//
//   node benches/search/bench.mjs [--portal BIN] [--work DIR] [--runs 3] [--lang es]
//
// Each run, from nothing:
//  1. `portal build --out WORK/site --verbose`: wall time, and the "search indexes" stage it prints.
//  2. a copy of WORK/site to WORK/pf, then `pagefind --site WORK/pf --root-selector main`
//     (Pagefind then indexes what portal indexes, the <main> of each page): wall time.
//  3. two minimal pages written in the copy: /bench-portal.html (the site's own search worker,
//     engine and pack, as the search page uses them) and /bench-pagefind.html (Pagefind's JS
//     API), with <html lang> of the language so Pagefind picks that language's index.
//  4. the copy is served from 127.0.0.1 by a Node static server that sends files compressed
//     (brotli quality 11, then gzip level 9, compressed once and kept in memory like a CDN
//     would), and headless Chromium opens each page in a fresh context (empty cache):
//     - first search, cold: performance.now() in the page around the first query, until the
//       first 5 results are there with their text (portal: worker start, postMessage → answer;
//       Pagefind: import('/pagefind/pagefind.js'), search(), data() of the first 5);
//     - bytes transferred for search until then (what the server sent: compressed body plus
//       response headers), counting portal's worker + engine + pack, and every
//       /pagefind/ file for Pagefind (pagefind.js, its worker if used, wasm, meta, index
//       chunks, fragments);
//     - query latency over QUERIES after 5 warm-up queries: p50/p95 (portal: postMessage →
//       answer, limit 5 like Pagefind's 5 data(); also limit 10, the search page's first page);
//     - the real /es/search/ page: first keydown → first result in the list (typing
//       "ley 25.871"; includes the typing and the page's 120 ms debounce), last keydown →
//       first result (what the visitor waits once the query is typed), and its bytes
//       (search.js too).
// Results: WORK/results.json (every run) and WORK/results.md (medians), also printed.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { availableParallelism, loadavg } from 'node:os';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const PORTAL = resolve(arg('portal', join(REPO, 'target/release/portal')));
const WORK = resolve(arg('work', '/tmp/portal-search-bench'));
const RUNS = Number(arg('runs', '3'));
const LANG = arg('lang', 'es');
// The project to build: the portal by default, or e.g. a `benches/corpus.py --laws 10000` one.
const ROOT = resolve(arg('root', REPO));
const PAGEFIND = join(HERE, 'node_modules/.bin/pagefind');
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const ENCODINGS = ['br', 'gzip'];
const FIRST_QUERY = arg('first-query', 'ley 25.871');
// The page the first query must find first (below /{lang}); "" only asks for some result.
const FIRST_URL = arg('first-url', '/legislation/ar/ley-25871/');
// How many results the search page asks for first, read from its script.
const PAGE_RESULTS = Number(readFileSync(join(REPO, 'themes/default/js/search.js'), 'utf8').match(/^const PAGE = (\d+);/m)[1]);
// ~50 Spanish queries: words, law numbers, phrases, typos, accents and none.
const QUERIES = [
  'ley', 'migración', 'migracion', 'ley 25.871', '25871', '208-2003', 'decreto', 'refugiados',
  'asilo', 'trata de personas', 'trabajadores migratorios', 'trabajador migratorio',
  'derechos humanos', 'argentna', 'brasil', 'méxico', 'canadá', 'guyana', 'extranjería',
  'extranjeros', 'residencia', 'visas', 'deportación', 'expulsión', 'nacionalidad', 'apatridia',
  'frontera', 'familia', 'niños', 'mujeres', 'cumbre', 'resolución', 'AG/RES. 2027',
  'Mar del Plata', 'Monterrey', 'OIM', 'OEA', 'consejo permanente', 'comisión', 'relator',
  'programa interamericano', 'movilidad humana', 'código de migración', 'inmigración',
  'emigración', 'retorno', 'integración', 'xenofobia', 'discriminación',
  'tráfico ilícito de migrantes', 'protección consular', 'salud', 'educación', 'trabajo',
];
const WARMUP = ['refugio', 'migrantes', 'ley de migración', 'Chile', 'resoluciones'];

const ms = (t0) => performance.now() - t0;
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** "1.4s", "303.7ms", "850µs" → milliseconds. */
function duration(text) {
  const m = text.match(/^([\d.]+)\s*(ns|µs|us|ms|s)$/);
  if (!m) return null;
  return Number(m[1]) * { ns: 1e-6, 'µs': 1e-3, us: 1e-3, ms: 1, s: 1000 }[m[2]];
}

function run(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  const wall = ms(t0);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return { wall, out: `${r.stdout}\n${r.stderr}` };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.pack': 'application/octet-stream', '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream', '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream', '.svg': 'image/svg+xml', '.xml': 'application/xml',
};

/** A static server over `root` that answers with encoding `enc` (br or gzip) when the browser
 * accepts it. Every file below assets/ and pagefind/ is compressed before the server starts
 * (outside any timing, as a host with precompressed files or a warm CDN would serve them);
 * others on first request. `log` records each response: path, compressed body bytes, header
 * bytes, encoding, so bytes are counted by what was actually sent. COOP/COEP make the pages
 * cross-origin isolated, so performance.now() is fine-grained. */
async function serve(root, enc) {
  const cache = new Map();
  const negotiated = new Set();
  const log = [];
  const compress = (raw, use) => (use === 'br'
    ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
    : use === 'gzip' ? zlib.gzipSync(raw, { level: 9 }) : raw);
  for (const dir of ['assets', 'pagefind']) {
    if (!existsSync(join(root, dir))) continue;
    for (const file of sizes(join(root, dir))) cache.set(`${enc}:${file}`, compress(readFileSync(file), enc));
  }
  const server = createServer((req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      const path = decodeURIComponent(url.pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) { res.writeHead(404).end(); return; }
      const accepts = (req.headers['accept-encoding'] || '').split(',').map((s) => s.trim().split(';')[0]);
      const use = accepts.includes(enc) ? enc : 'identity';
      negotiated.add(`${enc}->${use}`);
      const key = `${use}:${file}`;
      if (!cache.has(key)) cache.set(key, compress(readFileSync(file), use));
      const body = cache.get(key);
      const headers = {
        'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cache-Control': 'no-store',
      };
      if (use !== 'identity') headers['Content-Encoding'] = use;
      res.writeHead(200, headers);
      res.end(body);
      log.push({ path, body: body.length, headers: res._header ? res._header.length : 0, encoding: use });
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    negotiated,
    log,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** What the server sent since `mark` for the files `keep` selects. */
function sent(server, mark, keep) {
  const files = server.log.slice(mark).filter((r) => keep(r.path));
  return {
    bytes: files.reduce((n, r) => n + r.body + r.headers, 0),
    body: files.reduce((n, r) => n + r.body, 0),
    files,
  };
}

/** The engine, pack and worker URLs the language's search page uses. */
function portalAssets(site) {
  const html = readFileSync(join(site, LANG, 'search', 'index.html'), 'utf8');
  const get = (name) => html.match(new RegExp(`data-${name}="([^"]+)"`))[1];
  return { engine: get('engine'), index: get('index'), worker: get('worker') };
}

function writePages(dir) {
  const a = portalAssets(dir);
  // Both pages: window.bench.cold(q) → {ms, urls, total}; window.bench.query(q) → ms.
  const rel = (u) => u;
  writeFileSync(join(dir, 'bench-portal.html'), `<!doctype html>
<html lang="${LANG}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>portal search bench</title></head><body>
<script type="module">
let worker, next = 0;
const waiting = new Map();
function ask(query) {
  const id = ++next;
  return new Promise((ok) => {
    waiting.set(id, ok);
    worker.postMessage({ id, engine: ${JSON.stringify(rel(a.engine))}, index: ${JSON.stringify(rel(a.index))}, query });
  });
}
function start() {
  worker = new Worker(${JSON.stringify(rel(a.worker))});
  worker.onmessage = (e) => { const ok = waiting.get(e.data.id); waiting.delete(e.data.id); ok(e.data); };
}
const q = (text, limit) => ({ text, countries: [], regions: [], kinds: [], year_from: null, year_to: null, limit });
window.bench = {
  async cold(text) {
    const t0 = performance.now();
    start();
    const r = await ask(q(text, 5));
    const t = performance.now() - t0;
    if (r.error) throw new Error(r.error);
    return { ms: t, urls: r.results.hits.map((h) => h.url), total: r.results.total };
  },
  async query(text, limit = 5) {
    const t0 = performance.now();
    const r = await ask(q(text, limit));
    const t = performance.now() - t0;
    if (r.error) throw new Error(r.error);
    return t;
  },
  // Where the cold time goes: the worker's steps, timed one by one on the main thread.
  async breakdown(text) {
    const t = [performance.now()];
    const get = async (u) => new Uint8Array(await (await fetch(u)).arrayBuffer());
    const [engine, pack] = await Promise.all([get(${JSON.stringify(a.engine)}), get(${JSON.stringify(a.index)})]);
    t.push(performance.now());
    const module = await WebAssembly.compile(engine);
    t.push(performance.now());
    const x = (await WebAssembly.instantiate(module, {})).exports;
    t.push(performance.now());
    const put = (b) => { const p = x.alloc(b.length); new Uint8Array(x.memory.buffer, p, b.length).set(b); return p; };
    const p = put(pack);
    if (x.open(p, pack.length) !== 0) throw new Error('open');
    t.push(performance.now());
    const qb = new TextEncoder().encode(JSON.stringify(q(text, 5)));
    const chunk = (i) => ${JSON.stringify(a.index)}.replace(/\.pack$/, '') + '.' + i + '.chunk';
    for (;;) {
      const out = x.search(put(qb), qb.length);
      const r = JSON.parse(new TextDecoder().decode(new Uint8Array(x.memory.buffer, out, x.result_len())));
      if (!r.missing) break;
      const bytes = await Promise.all(r.missing.map((i) => get(chunk(i))));
      r.missing.forEach((i, k) => { const p = put(bytes[k]); x.add_chunk(i, p, bytes[k].length); });
    }
    t.push(performance.now());
    return { fetch: t[1] - t[0], compile: t[2] - t[1], instantiate: t[3] - t[2], open: t[4] - t[3], first_query: t[5] - t[4] };
  },
};
window.benchReady = true;
</script></body></html>
`);
  writeFileSync(join(dir, 'bench-pagefind.html'), `<!doctype html>
<html lang="${LANG}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>pagefind search bench</title></head><body>
<script type="module">
let pagefind;
async function search(text) {
  const s = await pagefind.search(text);
  const data = await Promise.all(s.results.slice(0, 5).map((r) => r.data()));
  return { urls: data.map((d) => d.url), total: s.results.length };
}
window.bench = {
  async cold(text) {
    const t0 = performance.now();
    pagefind = await import('/pagefind/pagefind.js');
    const r = await search(text);
    return { ms: performance.now() - t0, ...r };
  },
  async query(text) {
    const t0 = performance.now();
    await search(text);
    return performance.now() - t0;
  },
};
window.benchReady = true;
</script></body></html>
`);
  return a;
}

const portalFiles = (p) => p.startsWith('/assets/search') || p.startsWith('/assets/search-worker');
const pagefindFiles = (p) => p.startsWith('/pagefind/');

async function minimalPage(browser, server, page, keep, expectFirst) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  tab.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  await tab.goto(`${server.base}/${page}`);
  await tab.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
  const mark = server.log.length;
  const cold = await tab.evaluate((q) => window.bench.cold(q), FIRST_QUERY);
  const bytes = sent(server, mark, keep);
  if (!(expectFirst ? cold.urls[0]?.includes(expectFirst) : cold.urls.length > 0)) {
    throw new Error(`${page}: first result of "${FIRST_QUERY}" is ${cold.urls[0]}, not ${expectFirst}`);
  }
  // Later queries: what each costs on the network (index chunks, Pagefind's chunks and
  // fragments) the first time it is asked, after the first search.
  const markLater = server.log.length;
  for (const q of QUERIES) await tab.evaluate((q) => window.bench.query(q), q);
  const later = sent(server, markLater, keep);
  for (const q of WARMUP) await tab.evaluate((q) => window.bench.query(q), q);
  const lat = [];
  for (const q of QUERIES) lat.push(await tab.evaluate((q) => window.bench.query(q), q));
  let latPage = null;
  if (page === 'bench-portal.html') {
    latPage = [];
    for (const q of QUERIES) latPage.push(await tab.evaluate(([q, n]) => window.bench.query(q, n), [q, PAGE_RESULTS]));
  }
  const isolated = await tab.evaluate(() => self.crossOriginIsolated);
  const breakdown = page === 'bench-portal.html' ? await tab.evaluate((q) => window.bench.breakdown(q), FIRST_QUERY) : null;
  await context.close();
  if (errors.length) throw new Error(`${page}: ${errors.join('; ')}`);
  return {
    first_ms: cold.ms, total: cold.total, bytes: bytes.bytes, body: bytes.body, files: bytes.files,
    later_bytes: later.bytes / QUERIES.length, later_requests: later.files.length / QUERIES.length,
    p50: pct(lat, 50), p95: pct(lat, 95), p50_page: latPage && pct(latPage, 50), p95_page: latPage && pct(latPage, 95),
    isolated, breakdown,
  };
}

/** The real search page: first keydown → first result in the list, typing FIRST_QUERY. */
async function realPage(browser, server) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const mark = server.log.length;
  await tab.goto(`${server.base}/${LANG}/search/`);
  await tab.evaluate(() => {
    window.__t = {};
    document.getElementById('q').addEventListener('keydown', () => {
      window.__t.key ??= performance.now();
      window.__t.lastKey = performance.now();
    }, { capture: true });
    new MutationObserver(() => {
      if (document.querySelector('#search-results li')) window.__t.result ??= performance.now();
    }).observe(document.getElementById('search-results'), { childList: true });
  });
  await tab.click('#q');
  await tab.keyboard.type(FIRST_QUERY);
  await tab.waitForFunction(() => window.__t.result != null, null, { timeout: 30_000 });
  const t = await tab.evaluate(() => window.__t);
  const bytes = sent(server, mark, portalFiles);
  const first = await tab.getAttribute('#search-results li a', 'href');
  await context.close();
  return { first_ms: t.result - t.key, after_typing_ms: t.result - t.lastKey, bytes: bytes.bytes, body: bytes.body, files: bytes.files, first };
}

async function oneRun(n) {
  const site = join(WORK, 'site');
  const pf = join(WORK, 'pf');
  rmSync(site, { recursive: true, force: true });
  rmSync(pf, { recursive: true, force: true });
  const build = run(PORTAL, ['--root', ROOT, 'build', '--out', site, '--verbose'], { cwd: REPO });
  const stage = build.out.match(/search indexes ([\d.]+\s*(?:ns|µs|us|ms|s))\b/);
  cpSync(site, pf, { recursive: true });
  const pagefind = run(PAGEFIND, ['--site', pf, '--root-selector', 'main'], { cwd: WORK });
  const pages = pagefind.out.match(/Indexed (\d+) pages/)?.[1];
  writePages(pf);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const result = {
    run: n,
    load1_before: loadavg()[0],
    build: { portal_ms: build.wall, portal_search_stage_ms: stage ? duration(stage[1]) : null,
      portal_timings: build.out.match(/load .*render .*/)?.[0], pagefind_ms: pagefind.wall, pagefind_pages: Number(pages) },
    browser: {},
  };
  try {
    result.negotiated = [];
    for (const enc of ENCODINGS) {
      const server = await serve(pf, enc);
      result.browser[enc] = {
        portal: await minimalPage(browser, server, 'bench-portal.html', portalFiles, FIRST_URL && `/${LANG}${FIRST_URL}`),
        pagefind: await minimalPage(browser, server, 'bench-pagefind.html', pagefindFiles, FIRST_URL && `/${LANG}${FIRST_URL}`),
        portal_page: await realPage(browser, server),
      };
      result.negotiated.push(...server.negotiated);
      await server.close();
    }
  } finally {
    await browser.close();
  }
  return result;
}

function sizes(dir) {
  const files = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p); else files.push(p);
    }
  };
  walk(dir);
  return files;
}

function fileSizes() {
  // Sizes on disk of the files each first search needs, raw, gzip -9 and brotli 11.
  const pf = join(WORK, 'pf');
  const a = portalAssets(pf);
  const one = (p) => {
    const raw = readFileSync(p);
    return { raw: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length,
      br: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
  };
  const out = {};
  for (const [k, u] of Object.entries(a)) out[`portal ${k} ${u}`] = one(join(pf, u));
  const pfDir = join(pf, 'pagefind');
  const all = sizes(pfDir);
  const sum = (ps) => ps.map(one).reduce((s, x) => ({ raw: s.raw + x.raw, gzip: s.gzip + x.gzip, br: s.br + x.br }), { raw: 0, gzip: 0, br: 0 });
  out['pagefind pagefind.js'] = one(join(pfDir, 'pagefind.js'));
  out[`pagefind wasm.${LANG}.pagefind`] = one(join(pfDir, `wasm.${LANG}.pagefind`));
  out['pagefind whole bundle, all languages and UIs'] = sum(all);
  out['portal all packs + engines'] = sum(sizes(join(pf, 'assets', 'search')));
  return out;
}

const f = (x, d = 0) => (x == null ? '—' : x.toFixed(d));
const kb = (b) => (b == null ? '—' : `${(b / 1024).toFixed(1)} KB`);

function report(runs, disk) {
  const med = (get) => median(runs.map(get));
  const b = (enc, who, key) => med((r) => r.browser[enc][who][key]);
  const lines = [];
  lines.push(`Medians of ${runs.length} run(s); language ${LANG}; first query "${FIRST_QUERY}"; ${QUERIES.length} timed queries after ${WARMUP.length} warm-up.`);
  lines.push('');
  lines.push('| measure | portal | Pagefind 1.6.0 |');
  lines.push('| --- | ---: | ---: |');
  lines.push(`| index build: whole \`portal build\` / \`pagefind --site\` (wall) | ${f(med((r) => r.build.portal_ms))} ms | ${f(med((r) => r.build.pagefind_ms))} ms |`);
  lines.push(`| index build: portal's "search indexes" stage (--verbose) | ${f(med((r) => r.build.portal_search_stage_ms))} ms | — |`);
  for (const enc of ENCODINGS) {
    lines.push(`| first-search bytes, ${enc} (compressed body + headers, minimal page) | ${kb(b(enc, 'portal', 'bytes'))} | ${kb(b(enc, 'pagefind', 'bytes'))} |`);
  }
  for (const enc of ENCODINGS) {
    lines.push(`| first-search bytes, ${enc}, real /${LANG}/search/ page (+ search.js) | ${kb(b(enc, 'portal_page', 'bytes'))} | — |`);
  }
  for (const enc of ENCODINGS) {
    lines.push(`| first-search requests, ${enc} (minimal page) | ${f(med((r) => r.browser[enc].portal.files.length))} | ${f(med((r) => r.browser[enc].pagefind.files.length))} |`);
    lines.push(`| later query, ${enc}: bytes / requests per new query (mean over the timed queries) | ${kb(b(enc, 'portal', 'later_bytes'))} / ${f(b(enc, 'portal', 'later_requests'), 1)} | ${kb(b(enc, 'pagefind', 'later_bytes'))} / ${f(b(enc, 'pagefind', 'later_requests'), 1)} |`);
  }
  for (const enc of ENCODINGS) {
    lines.push(`| time to first result, cold, ${enc} (query → 5 results, minimal page) | ${f(b(enc, 'portal', 'first_ms'), 1)} ms | ${f(b(enc, 'pagefind', 'first_ms'), 1)} ms |`);
  }
  for (const enc of ENCODINGS) {
    lines.push(`| time to first result, ${enc}, real page (first keydown → first result, incl. 120 ms debounce) | ${f(b(enc, 'portal_page', 'first_ms'), 1)} ms | — |`);
    lines.push(`| time to first result, ${enc}, real page (last keydown → first result, incl. 120 ms debounce) | ${f(b(enc, 'portal_page', 'after_typing_ms'), 1)} ms | — |`);
  }
  lines.push(`| query latency p50 / p95, 5 results (br) | ${f(b('br', 'portal', 'p50'), 2)} / ${f(b('br', 'portal', 'p95'), 2)} ms | ${f(b('br', 'pagefind', 'p50'), 2)} / ${f(b('br', 'pagefind', 'p95'), 2)} ms |`);
  lines.push(`| query latency p50 / p95, ${PAGE_RESULTS} results as the search page first asks (br) | ${f(b('br', 'portal', 'p50_page'), 2)} / ${f(b('br', 'portal', 'p95_page'), 2)} ms | — |`);
  const bd = (k) => f(med((r) => r.browser.br.portal.breakdown[k]), 1);
  lines.push('');
  lines.push(`Where portal's cold first search goes (br, main thread, step by step): fetch engine + pack ${bd('fetch')} ms, `
    + `compile ${bd('compile')} ms, instantiate ${bd('instantiate')} ms, open pack ${bd('open')} ms, first query ${bd('first_query')} ms. `
    + `Load average (1 min) before each run: ${runs.map((r) => r.load1_before.toFixed(1)).join(', ')} on ${availableParallelism()} cores.`);
  lines.push('');
  const ttf = b('br', 'portal', 'first_ms');
  const ttfPage = b('br', 'portal_page', 'first_ms');
  const p50 = b('br', 'portal', 'p50');
  const pBytes = b('br', 'portal', 'bytes');
  const fBytes = b('br', 'pagefind', 'bytes');
  const pass = (ok) => (ok ? '**pass**' : '**fail**');
  lines.push(`Targets: time to first result < 300 ms locally: ${pass(ttf < 300)} (minimal page ${f(ttf, 1)} ms; real page ${f(ttfPage, 1)} ms ${pass(ttfPage < 300)}); `
    + `query p50 < 10 ms: ${pass(p50 < 10)} (${f(p50, 2)} ms); `
    + `first-search bytes ≤ Pagefind's: ${pass(pBytes <= fBytes)} (brotli ${kb(pBytes)} vs ${kb(fBytes)}, ${f(pBytes / fBytes, 1)}×; gzip ${kb(b('gzip', 'portal', 'bytes'))} vs ${kb(b('gzip', 'pagefind', 'bytes'))}).`);
  lines.push('');
  lines.push('Files each first search fetched (last run, brotli):');
  lines.push('');
  lines.push('| file | encoding | compressed body |');
  lines.push('| --- | --- | ---: |');
  const last = runs[runs.length - 1].browser.br;
  for (const [who, r] of [['portal', last.portal], ['Pagefind', last.pagefind]]) {
    for (const x of r.files) lines.push(`| ${who} ${x.path} | ${x.encoding} | ${x.body} B |`);
  }
  lines.push('');
  lines.push('Sizes on disk (raw / gzip -9 / brotli 11):');
  lines.push('');
  lines.push('| file | raw | gzip | brotli |');
  lines.push('| --- | ---: | ---: | ---: |');
  for (const [k, v] of Object.entries(disk)) lines.push(`| ${k} | ${kb(v.raw)} | ${kb(v.gzip)} | ${kb(v.br)} |`);
  return lines.join('\n');
}

mkdirSync(WORK, { recursive: true });
const runs = [];
for (let n = 1; n <= RUNS; n += 1) {
  process.stderr.write(`run ${n}/${RUNS}\n`);
  const r = await oneRun(n);
  runs.push(r);
  process.stderr.write(`  build portal ${f(r.build.portal_ms)} ms (search ${f(r.build.portal_search_stage_ms)} ms), pagefind ${f(r.build.pagefind_ms)} ms; `
    + `br: portal ${kb(r.browser.br.portal.bytes)} ${f(r.browser.br.portal.first_ms, 1)} ms p50 ${f(r.browser.br.portal.p50, 2)}, `
    + `pagefind ${kb(r.browser.br.pagefind.bytes)} ${f(r.browser.br.pagefind.first_ms, 1)} ms p50 ${f(r.browser.br.pagefind.p50, 2)}; `
    + `real page ${f(r.browser.br.portal_page.first_ms, 1)} ms; negotiated ${r.negotiated.join(' ')}\n`);
}
const disk = fileSizes();
writeFileSync(join(WORK, 'results.json'), JSON.stringify({ runs, disk }, null, 2));
const md = report(runs, disk);
writeFileSync(join(WORK, 'results.md'), `${md}\n`);
console.log(md);
