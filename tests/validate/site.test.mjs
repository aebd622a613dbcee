// Every file of a full build against its standard's own checker: each HTML page (the four
// languages, the root language choice, the 404 pages) through the Nu Html Checker; the Atom
// feeds against RFC 4287; sitemap.xml (or the index and its parts) against sitemaps.org; the
// JSON-LD of every page; the open-data CSV against RFC 4180. A failure lists every problem by
// file and line. The site is $PORTAL_SITE when the runner built it, else a fresh build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LANGS, buildSite } from '../browser/helpers.mjs';
import { checkAtom, checkCsv, checkHtml, checkJsonLd, checkSitemap, filesEndingWith } from './checks.mjs';

const site = buildSite();
const read = (path) => readFileSync(path, 'utf8');
const rel = (path) => relative(site, path);
const none = (problems, what) => assert.deepEqual(problems, [], `${what}:\n${problems.join('\n')}`);

test('every page passes the Nu Html Checker', () => {
  const pages = filesEndingWith(site, '.html').map(rel);
  for (const must of ['index.html', '404.html', ...LANGS.flatMap((l) => [`${l}/index.html`, `${l}/404.html`])]) {
    assert.ok(pages.includes(must), `the build has ${must}`);
  }
  none(checkHtml(site), `the Nu Html Checker reports errors on the ${pages.length} pages`);
});

test('the Atom feeds follow RFC 4287', () => {
  for (const lang of LANGS) {
    const feed = join(site, lang, 'activities/feed.xml');
    assert.ok(existsSync(feed), `${rel(feed)} exists`);
    const text = read(feed);
    assert.ok((text.match(/<entry>/g) ?? []).length > 0, `${rel(feed)} has entries`);
    none(checkAtom(text, rel(feed)), rel(feed));
  }
});

test('the sitemap named by robots.txt, and any parts it indexes, follow sitemaps.org', () => {
  const named = /^Sitemap: (\S+)$/m.exec(read(join(site, 'robots.txt')))?.[1];
  assert.ok(named, 'robots.txt names a sitemap');
  const base = named.slice(0, named.lastIndexOf('/') + 1);
  const local = (url) => join(site, url.slice(base.length));
  const top = checkSitemap(read(local(named)), 'sitemap.xml', base);
  none(top.problems, 'sitemap.xml');
  const parts = top.kind === 'sitemapindex' ? top.locs : [named];
  let urls = top.kind === 'urlset' ? top.locs.length : 0;
  for (const part of top.kind === 'sitemapindex' ? parts : []) {
    assert.ok(existsSync(local(part)), `the index names ${part}, which exists`);
    const checked = checkSitemap(read(local(part)), rel(local(part)), base);
    assert.equal(checked.kind, 'urlset', `${part} is a <urlset>`);
    none(checked.problems, rel(local(part)));
    urls += checked.locs.length;
  }
  const pages = LANGS.flatMap((l) => filesEndingWith(join(site, l), 'index.html'));
  assert.ok(urls >= pages.length, `the sitemap lists ${urls} URLs for ${pages.length} pages`);
});

test('every JSON-LD block parses and names a schema.org type', () => {
  let blocks = 0;
  const problems = [];
  for (const page of filesEndingWith(site, '.html')) {
    const html = read(page);
    blocks += (html.match(/application\/ld\+json/g) ?? []).length;
    problems.push(...checkJsonLd(html, rel(page)));
  }
  assert.ok(blocks > 0, 'the site has JSON-LD (the law pages)');
  none(problems, `JSON-LD of ${blocks} blocks`);
});

test('the open-data CSV follows RFC 4180 with one header row', () => {
  const files = filesEndingWith(site, '.csv');
  const names = files.map(rel);
  for (const lang of LANGS) assert.ok(names.includes(`${lang}/legislation/legislation.csv`), `${lang} has its legislation.csv`);
  for (const file of files) none(checkCsv(read(file), rel(file)), rel(file));
});
