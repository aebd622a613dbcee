#!/usr/bin/env node
// Crawls a served site from its root and fails on any broken reference.
//
//   node tests/deploy/crawl.mjs http://127.0.0.1:8080/portal/
//
// Follows every same-origin URL named by an HTML page (a, area, link, script, img, source,
// iframe, video, audio, object, form actions; srcset; the data-* URLs of the search form;
// inline style url()), by a stylesheet (url(), @import) and by sitemap.xml / robots.txt.
// A reference is broken when its target answers an HTTP error, when a script, stylesheet or
// wasm file is served with the wrong Content-Type, or when its #fragment names no element of
// the target page. Prints "page → broken URL (reason)" for each and exits 1 if there is any.
// External URLs are listed (counted) but not fetched: the crawl must work offline.

const start = process.argv[2];
if (!start) {
  console.error('usage: crawl.mjs ROOT_URL');
  process.exit(2);
}
const root = new URL(start);
const CONCURRENCY = 8;

/** url (no fragment) → { status, type, ids:Set, body } once fetched. */
const fetched = new Map();
/** url (no fragment) → Promise of the above. */
const pending = new Map();
/** Every reference seen: { from, url, fragment, kind } */
const references = [];
const external = new Set();

const ATTRS = ['href', 'src', 'action', 'poster', 'data', 'data-engine', 'data-index', 'data-worker'];

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (m, e) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos' || k === '#39') return "'";
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    return String.fromCodePoint(parseInt(k.slice(1), 10));
  });
}

/** The references of an HTML page: [tag, attribute, value, rel]. */
function htmlReferences(html) {
  const refs = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  // Skip the contents of script and style elements (JSON-LD holds URLs that are data, not links).
  const markup = withoutComments.replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1>/gi, '<$1$2></$1>');
  const tagRe = /<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g;
  const attrRe = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  let tag;
  while ((tag = tagRe.exec(markup))) {
    const name = tag[1].toLowerCase();
    const attrs = {};
    let a;
    while ((a = attrRe.exec(tag[2]))) attrs[a[1].toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
    for (const attr of ATTRS) {
      if (attrs[attr] === undefined) continue;
      if (attr === 'action' && attrs[attr] === '') continue; // the form posts to its own page
      refs.push([name, attr, attrs[attr], attrs.rel ?? '']);
    }
    for (const attr of ['srcset', 'imagesrcset']) {
      if (attrs[attr]) for (const part of attrs[attr].split(',')) refs.push([name, attr, part.trim().split(/\s+/)[0], '']);
    }
    if (attrs.style) for (const u of cssUrls(attrs.style)) refs.push([name, 'style', u, '']);
  }
  for (const m of withoutComments.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    for (const u of cssUrls(m[1])) refs.push(['style', 'url', u, '']);
  }
  return refs;
}

function cssUrls(css) {
  const urls = [];
  for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g)) urls.push(m[1] ?? m[2] ?? m[3]);
  for (const m of css.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/g)) urls.push(m[1] ?? m[2]);
  return urls.filter((u) => u && !u.startsWith('data:'));
}

function idsOf(html) {
  const ids = new Set();
  for (const m of html.matchAll(/\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) ids.add(decodeEntities(m[1] ?? m[2] ?? m[3]));
  return ids;
}

const EXPECTED_TYPE = {
  script: /javascript/, stylesheet: /^text\/css/, wasm: /^application\/wasm/,
};

function expectedKind(tag, attr, value, rel) {
  if (tag === 'script' && attr === 'src') return 'script';
  if (attr === 'data-worker') return 'script';
  if (tag === 'link' && /\bstylesheet\b/.test(rel)) return 'stylesheet';
  if (attr === 'data-engine' || /\.wasm(\?|$)/.test(value)) return 'wasm';
  return null;
}

function load(url) {
  if (pending.has(url)) return pending.get(url);
  const job = (async () => {
    let result;
    try {
      const response = await fetch(url, { redirect: 'follow' });
      const type = response.headers.get('content-type') ?? '';
      const isText = /text\/html|text\/css|xml|text\/plain/.test(type);
      const body = isText ? await response.text() : (await response.arrayBuffer(), '');
      result = { status: response.status, type, body, redirected: response.redirected ? response.url : null };
    } catch (error) {
      result = { status: 0, type: '', body: '', error: String(error.cause ?? error) };
    }
    fetched.set(url, result);
    return result;
  })();
  pending.set(url, job);
  return job;
}

function resolveRef(value, base) {
  const trimmed = value.trim();
  if (!trimmed || /^(mailto|tel|javascript|data):/i.test(trimmed)) return null;
  try {
    return new URL(trimmed, base);
  } catch {
    return 'invalid';
  }
}

const queue = [root.href];
const queued = new Set([root.href]);

function enqueue(from, base, tag, attr, value, rel) {
  const url = resolveRef(value, base);
  if (url === null) return;
  if (url === 'invalid') {
    references.push({ from, url: value, fragment: '', kind: null, invalid: true });
    return;
  }
  if (url.origin !== root.origin) {
    external.add(url.href);
    return;
  }
  const fragment = url.hash ? decodeURIComponent(url.hash.slice(1)) : '';
  url.hash = '';
  references.push({ from, url: url.href, fragment, kind: expectedKind(tag, attr, value, rel), tag, attr });
  if (!queued.has(url.href)) {
    queued.add(url.href);
    queue.push(url.href);
  }
}

async function visit(url) {
  const page = await load(url);
  if (page.status >= 400 || page.status === 0) return;
  const base = page.redirected ?? url;
  if (/text\/html/.test(page.type)) {
    page.ids = idsOf(page.body);
    const baseTag = page.body.match(/<base\s[^>]*href\s*=\s*"([^"]*)"/i);
    const pageBase = baseTag ? new URL(decodeEntities(baseTag[1]), base).href : base;
    for (const [tag, attr, value, rel] of htmlReferences(page.body)) enqueue(url, pageBase, tag, attr, value, rel);
  } else if (/text\/css/.test(page.type)) {
    for (const u of cssUrls(page.body)) enqueue(url, base, 'css', 'url', u, '');
  } else if (/xml/.test(page.type)) {
    for (const m of page.body.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)) enqueue(url, base, 'sitemap', 'loc', decodeEntities(m[1]), '');
    for (const m of page.body.matchAll(/<xhtml:link\b[^>]*href="([^"]+)"/g)) enqueue(url, base, 'sitemap', 'href', decodeEntities(m[1]), '');
  } else if (/text\/plain/.test(page.type) && url.endsWith('/robots.txt')) {
    for (const m of page.body.matchAll(/^sitemap:\s*(\S+)/gim)) enqueue(url, base, 'robots', 'sitemap', m[1], '');
  }
}

// robots.txt and sitemap.xml sit at the root of the deployment.
for (const extra of ['robots.txt', 'sitemap.xml']) {
  const u = new URL(extra, root).href;
  if (!queued.has(u)) { queued.add(u); queue.push(u); }
}

function crawl() {
  let active = 0;
  return new Promise((done) => {
    const pump = () => {
      while (active < CONCURRENCY && queue.length) {
        const url = queue.shift();
        active += 1;
        visit(url)
          .catch((error) => references.push({ from: url, url, fragment: '', kind: null, invalid: true, why: String(error) }))
          .finally(() => { active -= 1; pump(); });
      }
      if (active === 0 && queue.length === 0) done();
    };
    pump();
  });
}

await crawl();

const broken = [];
for (const ref of references) {
  if (ref.invalid) { broken.push([ref.from, ref.url, ref.why ?? 'invalid URL']); continue; }
  const target = fetched.get(ref.url);
  if (!target) { broken.push([ref.from, ref.url, 'not fetched']); continue; }
  if (target.status === 0) { broken.push([ref.from, ref.url, `no answer: ${target.error}`]); continue; }
  if (target.status >= 400) { broken.push([ref.from, ref.url, `HTTP ${target.status}`]); continue; }
  if (ref.kind && !EXPECTED_TYPE[ref.kind].test(target.type)) {
    broken.push([ref.from, ref.url, `${ref.kind} served as "${target.type}"`]);
    continue;
  }
  if (ref.fragment && target.ids && !target.ids.has(ref.fragment)) {
    broken.push([ref.from, `${ref.url}#${ref.fragment}`, 'no such anchor']);
  }
}

const pages = [...fetched.entries()].filter(([, r]) => /text\/html/.test(r.type) && r.status < 400).length;
const seen = new Set();
const unique = broken.filter(([from, url, why]) => {
  const key = `${from} ${url} ${why}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
});
console.log(`crawled ${root.href}: ${fetched.size} URLs (${pages} pages), ${references.length} references, `
  + `${external.size} external URLs not fetched, ${unique.length} broken`);
for (const [from, url, why] of unique.slice(0, 200)) console.log(`  ${from} → ${url} (${why})`);
if (unique.length > 200) console.log(`  … and ${unique.length - 200} more`);
process.exit(unique.length ? 1 : 0);
