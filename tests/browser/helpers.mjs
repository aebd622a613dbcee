// Shared by the browser tests: build the site once, serve it from 127.0.0.1 on a free port,
// launch the system's Chromium. Not a test file (node --test only runs *.test.mjs here).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const LANGS = ['fr', 'en', 'es', 'pt'];
export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** The release binary the tests run: $PORTAL_BIN, else target/release/portal. */
export const PORTAL = resolve(process.env.PORTAL_BIN || join(REPO, 'target/release/portal'));

/** Runs `command` to completion from the repository, throwing with its output if it fails. */
function runOrThrow(command, args) {
  const run = spawnSync(command, args, { cwd: REPO, encoding: 'utf8' });
  if (run.error) throw new Error(`cannot run ${command}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
}

/** The built site: $PORTAL_SITE (or $SITE_DIR) when the runner built it already, else a fresh
 * build with PORTAL into a temporary folder. */
export function buildSite() {
  const given = process.env.PORTAL_SITE || process.env.SITE_DIR;
  if (given) return resolve(given);
  const out = join(mkdtempSync(join(tmpdir(), 'portal-browser-')), 'site');
  runOrThrow(PORTAL, ['build', '--out', out]);
  return out;
}

/** A built site of benches/corpus.py's 10,000 synthetic laws (40,000 pages), where the search
 * index is chunked: $LARGE_SITE_DIR when given, else generated and built with PORTAL into a
 * temporary folder (about half a minute). `owned` tells the caller to remove `root` after. */
export function buildLargeSite() {
  const given = process.env.LARGE_SITE_DIR;
  if (given) return { site: resolve(given), owned: false };
  const root = mkdtempSync(join(tmpdir(), 'portal-large-'));
  runOrThrow('python3', [join(REPO, 'benches/corpus.py'), '--laws', '10000', '--out', join(root, 'project')]);
  runOrThrow(PORTAL, ['--root', join(root, 'project'), 'build', '--out', join(root, 'site')]);
  return { site: join(root, 'site'), root, owned: true };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.csv': 'text/csv; charset=utf-8', '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json',
  '.pack': 'application/octet-stream', '.pdf': 'application/pdf',
};

/** The headers Netlify adds (netlify.toml), so the tests also prove the CSP does not block
 * anything the pages need. */
function netlifyHeaders() {
  const toml = readFileSync(join(REPO, 'netlify.toml'), 'utf8');
  const headers = {};
  for (const name of ['Content-Security-Policy', 'X-Content-Type-Options', 'Referrer-Policy']) {
    const m = toml.match(new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"`, 'm'));
    if (m) headers[name] = m[1];
  }
  return headers;
}

/** A static server over `root` on 127.0.0.1, port chosen by the system. Directories answer
 * with their index.html; a miss under /{lang}/ answers that language's 404.html, as on
 * Netlify. Never serves outside `root`. */
export async function serve(root, port = 0) {
  const extra = netlifyHeaders();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      let path = decodeURIComponent(url.pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
      let status = 200;
      if (existsSync(file) && statSync(file).isDirectory()) {
        if (!path.endsWith('/')) { res.writeHead(301, { Location: `${path}/${url.search}` }).end(); return; }
        file = join(file, 'index.html');
      }
      if (!existsSync(file)) {
        status = 404;
        const lang = path.split('/')[1];
        file = LANGS.includes(lang) ? join(root, lang, '404.html') : join(root, '404.html');
      }
      const body = await readFile(file);
      res.writeHead(status, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const bound = server.address().port;
  return { url: `http://127.0.0.1:${bound}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** One page of every template, per language: template name → path below the site root.
 * Slugs are the first of each folder in the built site, so content changes do not break it. */
export function templatePages(site, lang) {
  const first = (dir, pred = () => true) => readdirSync(join(site, lang, dir))
    .filter((n) => statSync(join(site, lang, dir, n)).isDirectory() && pred(n)).sort()[0];
  const country = first('legislation', (iso) => readdirSync(join(site, lang, 'legislation', iso))
    .some((n) => statSync(join(site, lang, 'legislation', iso, n)).isDirectory()));
  const law = first(`legislation/${country}`);
  return {
    home: `/${lang}/`,
    programme: `/${lang}/programme/`,
    page: `/${lang}/programme/${first('programme')}/`,
    summits: `/${lang}/summits/`,
    summit: `/${lang}/summits/${first('summits')}/`,
    resolutions: `/${lang}/resolutions/`,
    resolution: `/${lang}/resolutions/${first('resolutions')}/`,
    activities: `/${lang}/activities/`,
    organ: `/${lang}/activities/${first('activities')}/`,
    legislation: `/${lang}/legislation/`,
    compare: `/${lang}/legislation/compare/`,
    subject: `/${lang}/legislation/subjects/entry-and-stay/`,
    country: `/${lang}/legislation/${country}/`,
    law: `/${lang}/legislation/${country}/${law}/`,
    events: `/${lang}/events/`,
    event: `/${lang}/events/${first('events')}/`,
    timeline: `/${lang}/timeline/`,
    search: `/${lang}/search/`,
    404: `/${lang}/no-such-page/`,
  };
}

/** Chromium through playwright-core (never a downloaded browser). */
export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Starts the site and the browser once for a test file; `after` stops both. */
export async function setup() {
  const site = buildSite();
  const server = await serve(site);
  const browser = await launch();
  return {
    site, base: server.url, browser,
    async close() { await browser.close(); await server.close(); },
  };
}
