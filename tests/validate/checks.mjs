// Checks of the files a built portal publishes, each against its standard: HTML through the
// Nu Html Checker (vnu.jar, the W3C validator's engine), Atom feeds against RFC 4287, sitemaps
// and sitemap indexes against the sitemaps.org protocol, JSON-LD blocks as JSON naming a
// schema.org type, the open-data CSV against RFC 4180. Every check returns its problems as
// "path:line: message" strings (empty when the file is valid), so a failing test names the
// file and the place. Not a test file: site.test.mjs and fixtures.test.mjs use it.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { parse as parseCsv } from 'csv-parse/sync';

const require = createRequire(import.meta.url);

/** vnu.jar as the vnu-jar package ships it. */
export const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');

/** Every file below `dir` whose name ends with `suffix`, as absolute paths, sorted. */
export function filesEndingWith(dir, suffix) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(suffix)) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** Runs the Nu Html Checker once over every .html file below `dir` and returns its errors
 * (warnings are not errors), each as "page:line: message". A checker that cannot run (no
 * Java) is an error too, never a pass. */
export function checkHtml(dir) {
  const run = spawnSync('java', ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', '--skip-non-html', dir],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) return [`${dir}: the Nu Html Checker could not run (${run.error.message}); is Java installed?`];
  let report;
  try {
    report = JSON.parse(run.stderr || run.stdout);
  } catch {
    return [`${dir}: the Nu Html Checker gave no JSON report (exit ${run.status}):\n${run.stderr}`];
  }
  return report.messages
    .filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .map((m) => {
      const page = m.url ? relative(dir, fileURLToPath(m.url)) : dir;
      const extract = (m.extract ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);
      return `${page}:${m.lastLine ?? m.firstLine ?? '?'}: ${m.message}${extract ? ` (at «${extract}»)` : ''}`;
    });
}

/** Parses XML, turning every parser warning and error into a problem with its line; a
 * document that cannot be parsed at all gives no root element. */
function parseXml(text, where, problems) {
  const onError = (level, message) => {
    const line = /line:(\d+)/.exec(message)?.[1] ?? '?';
    problems.push(`${where}:${line}: XML ${level}: ${message.split('\n')[0]}`);
  };
  try {
    return new DOMParser({ onError }).parseFromString(text, 'application/xml');
  } catch (error) {
    if (!problems.length) problems.push(`${where}:?: not XML: ${error.message}`);
    return { documentElement: null };
  }
}

/** Direct children of `el` with this namespace and local name. */
const children = (el, ns, name) => Array.from(el.childNodes)
  .filter((n) => n.nodeType === 1 && n.namespaceURI === ns && n.localName === name);
const lineOf = (el) => el.lineNumber ?? '?';
const isAbsoluteIri = (s) => { try { return Boolean(new URL(s).protocol); } catch { return false; } };
/** RFC 3339 date-time, as RFC 4287 section 3.3 requires for atom:updated. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const ATOM = 'http://www.w3.org/2005/Atom';

/** An Atom feed against RFC 4287: the feed and each entry have exactly one id (an absolute
 * IRI), one title and one updated (an RFC 3339 date-time); the feed has one rel="self" link
 * and an author (or every entry has one); an entry without content links to an alternate;
 * entry ids are unique. */
export function checkAtom(text, where) {
  const problems = [];
  const doc = parseXml(text, where, problems);
  const feed = doc.documentElement;
  if (!feed || feed.namespaceURI !== ATOM || feed.localName !== 'feed') {
    return [...problems, `${where}:1: the root element is not an Atom <feed>`];
  }
  const exactlyOne = (el, name, what) => {
    const found = children(el, ATOM, name);
    if (found.length !== 1) problems.push(`${where}:${lineOf(el)}: ${what} has ${found.length} atom:${name}, RFC 4287 requires exactly one`);
    return found[0];
  };
  const checkCommon = (el, what) => {
    const id = exactlyOne(el, 'id', what);
    if (id && !isAbsoluteIri(id.textContent.trim())) problems.push(`${where}:${lineOf(id)}: ${what}'s atom:id «${id.textContent}» is not an absolute IRI`);
    const title = exactlyOne(el, 'title', what);
    if (title && !title.textContent.trim()) problems.push(`${where}:${lineOf(title)}: ${what}'s atom:title is empty`);
    const updated = exactlyOne(el, 'updated', what);
    if (updated && !RFC3339.test(updated.textContent.trim())) problems.push(`${where}:${lineOf(updated)}: ${what}'s atom:updated «${updated.textContent}» is not an RFC 3339 date-time`);
    for (const link of children(el, ATOM, 'link')) {
      if (!link.getAttribute('href')) problems.push(`${where}:${lineOf(link)}: ${what} has an atom:link without href`);
    }
    return id?.textContent.trim();
  };
  checkCommon(feed, 'the feed');
  const selfLinks = children(feed, ATOM, 'link').filter((l) => l.getAttribute('rel') === 'self');
  if (selfLinks.length !== 1) problems.push(`${where}:${lineOf(feed)}: the feed has ${selfLinks.length} rel="self" links, one is expected`);
  const entries = children(feed, ATOM, 'entry');
  const feedHasAuthor = children(feed, ATOM, 'author').length > 0;
  const ids = new Map();
  for (const entry of entries) {
    const what = `the entry at line ${lineOf(entry)}`;
    const id = checkCommon(entry, what);
    if (id && ids.has(id)) problems.push(`${where}:${lineOf(entry)}: entry id ${id} is also the id of the entry at line ${ids.get(id)}`);
    if (id) ids.set(id, lineOf(entry));
    if (!feedHasAuthor && children(entry, ATOM, 'author').length === 0) problems.push(`${where}:${lineOf(entry)}: ${what} has no atom:author and neither has the feed`);
    const alternate = children(entry, ATOM, 'link').some((l) => (l.getAttribute('rel') || 'alternate') === 'alternate');
    if (children(entry, ATOM, 'content').length === 0 && !alternate) problems.push(`${where}:${lineOf(entry)}: ${what} has neither atom:content nor an alternate link`);
  }
  return problems;
}

const SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const CHANGEFREQ = new Set(['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never']);
/** W3C Datetime, the format sitemaps.org requires for lastmod. */
const W3C_DATETIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** A sitemap (`<urlset>`) or sitemap index (`<sitemapindex>`) against the sitemaps.org
 * protocol: the namespace, at most 50,000 entries and 50 MiB, each entry one absolute <loc>
 * of at most 2,048 characters under `base` (when given), lastmod in W3C Datetime, changefreq
 * and priority from their ranges, no other sitemaps.org elements. Returns the problems and the
 * locs, so the caller can follow an index to its parts. */
export function checkSitemap(text, where, base) {
  const problems = [];
  const doc = parseXml(text, where, problems);
  const root = doc.documentElement;
  const kind = root?.localName;
  if (!root || root.namespaceURI !== SITEMAP || (kind !== 'urlset' && kind !== 'sitemapindex')) {
    return { problems: [...problems, `${where}:1: the root element is neither a sitemaps.org <urlset> nor <sitemapindex>`], locs: [] };
  }
  if (Buffer.byteLength(text) > 50 * 1024 * 1024) problems.push(`${where}:1: larger than 50 MiB`);
  const entryName = kind === 'urlset' ? 'url' : 'sitemap';
  const allowed = kind === 'urlset' ? ['loc', 'lastmod', 'changefreq', 'priority'] : ['loc', 'lastmod'];
  const entries = Array.from(root.childNodes).filter((n) => n.nodeType === 1);
  if (entries.length > 50000) problems.push(`${where}:1: ${entries.length} entries, the protocol allows 50,000`);
  const locs = [];
  for (const entry of entries) {
    const at = `${where}:${lineOf(entry)}`;
    if (entry.namespaceURI !== SITEMAP || entry.localName !== entryName) {
      problems.push(`${at}: <${entry.tagName}> where <${entryName}> is expected`);
      continue;
    }
    for (const child of Array.from(entry.childNodes).filter((n) => n.nodeType === 1 && n.namespaceURI === SITEMAP)) {
      if (!allowed.includes(child.localName)) problems.push(`${at}: <${child.localName}> is not allowed in <${entryName}>`);
    }
    const loc = children(entry, SITEMAP, 'loc');
    if (loc.length !== 1) { problems.push(`${at}: ${loc.length} <loc>, exactly one is required`); continue; }
    const url = loc[0].textContent.trim();
    if (!isAbsoluteIri(url)) problems.push(`${at}: <loc> «${url}» is not an absolute URL`);
    else if (base && !url.startsWith(base)) problems.push(`${at}: <loc> «${url}» is not under the site's address ${base}`);
    if (url.length > 2048) problems.push(`${at}: <loc> is longer than 2,048 characters`);
    locs.push(url);
    for (const lastmod of children(entry, SITEMAP, 'lastmod')) {
      if (!W3C_DATETIME.test(lastmod.textContent.trim())) problems.push(`${at}: <lastmod> «${lastmod.textContent}» is not a W3C Datetime`);
    }
    for (const freq of children(entry, SITEMAP, 'changefreq')) {
      if (!CHANGEFREQ.has(freq.textContent.trim())) problems.push(`${at}: <changefreq> «${freq.textContent}» is not one of ${[...CHANGEFREQ].join(', ')}`);
    }
    for (const priority of children(entry, SITEMAP, 'priority')) {
      const p = Number(priority.textContent.trim());
      if (!(p >= 0 && p <= 1)) problems.push(`${at}: <priority> «${priority.textContent}» is not between 0.0 and 1.0`);
    }
  }
  return { problems, locs, kind };
}

/** Every schema.org type name, from schema-dts (typings generated from the schema.org
 * vocabulary, maintained by Google): what "names a schema.org type" is checked against. */
let schemaTypes;
function schemaOrgTypes() {
  if (!schemaTypes) {
    const dts = readFileSync(require.resolve('schema-dts/dist/schema.d.ts'), 'utf8');
    schemaTypes = new Set([...dts.matchAll(/^export type (\w+) = /gm)].map((m) => m[1]));
  }
  return schemaTypes;
}

/** The JSON-LD blocks of one HTML page: each parses as JSON, has a schema.org @context and
 * names a schema.org @type, and so does every nested object that has a @type. */
export function checkJsonLd(html, where) {
  const problems = [];
  const types = schemaOrgTypes();
  const blocks = html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g);
  for (const block of blocks) {
    const line = html.slice(0, block.index).split('\n').length;
    let data;
    try {
      data = JSON.parse(block[1]);
    } catch (error) {
      problems.push(`${where}:${line}: JSON-LD is not JSON: ${error.message}`);
      continue;
    }
    const context = data['@context'];
    if (!/^https?:\/\/schema\.org\/?$/.test(context ?? '')) problems.push(`${where}:${line}: JSON-LD @context is «${context}», not schema.org`);
    if (data['@type'] === undefined) problems.push(`${where}:${line}: JSON-LD names no @type`);
    const visit = (node, path) => {
      if (Array.isArray(node)) { node.forEach((n, i) => visit(n, `${path}[${i}]`)); return; }
      if (!node || typeof node !== 'object') return;
      if (node['@type'] !== undefined) {
        for (const type of [node['@type']].flat()) {
          if (!types.has(type)) problems.push(`${where}:${line}: JSON-LD ${path} @type «${type}» is not a schema.org type`);
        }
      }
      for (const [key, value] of Object.entries(node)) if (!key.startsWith('@')) visit(value, `${path}.${key}`);
    };
    visit(data, '$');
  }
  return problems;
}

/** A CSV file against RFC 4180 as the open data promises it: UTF-8, CRLF or LF line ends,
 * quotes only around whole fields and doubled inside them, one header row with distinct,
 * non-empty names, and every record with as many fields as the header. */
export function checkCsv(text, where) {
  let rows;
  try {
    rows = parseCsv(text, { bom: true, info: true, relax_quotes: false, relax_column_count: false, skip_empty_lines: false });
  } catch (error) {
    return [`${where}:${error.lines ?? '?'}: not RFC 4180 CSV: ${error.message}`];
  }
  if (rows.length === 0) return [`${where}:1: no header row`];
  const [{ record: header }, ...records] = rows;
  const problems = [];
  const seen = new Set();
  header.forEach((name, i) => {
    if (!name.trim()) problems.push(`${where}:1: header field ${i + 1} is empty`);
    if (seen.has(name)) problems.push(`${where}:1: header field «${name}» appears twice`);
    seen.add(name);
  });
  for (const { record, info } of records) {
    if (record.every((value, j) => value === header[j])) problems.push(`${where}:${info.lines}: the header row is repeated`);
  }
  return problems;
}
