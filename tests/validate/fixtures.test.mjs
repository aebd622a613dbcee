// The checks of site.test.mjs can fail: seeded-invalid fixtures make each one report the
// fault with file and line, and the matching valid fixtures pass, so a green site test means
// the site is valid, not that the checker saw nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { checkAtom, checkCsv, checkHtml, checkJsonLd, checkSitemap } from './checks.mjs';

const fixture = (name) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

test('the Nu Html Checker names the page and line of each seeded fault', () => {
  const problems = checkHtml(fixture('invalid'));
  const at = (line, message) => problems.some((p) => p.startsWith(`index.html:${line}: `) && p.includes(message));
  assert.ok(at(6, 'Illegal character after “ta:”. Space is not allowed'), `the favicon data URL with spaces:\n${problems.join('\n')}`);
  assert.ok(at(12, 'No “p” element in scope but a “p” end tag seen'), `the <p> around a paragraph:\n${problems.join('\n')}`);
  assert.ok(at(13, 'Bad value “” for attribute “action”'), `the empty action:\n${problems.join('\n')}`);
  assert.ok(at(14, 'Duplicate ID “agenda”'), `the duplicate id:\n${problems.join('\n')}`);
  assert.deepEqual(checkHtml(fixture('valid')), [], 'the same page without the faults passes');
});

const FEED = (entry, extra = '') => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Activities</title>
  <id>https://example.org/en/activities/feed.xml</id>
  <link rel="self" href="https://example.org/en/activities/feed.xml"/>${extra}
  <updated>2026-11-22T00:00:00Z</updated>
  <author><name>OAS</name></author>
${entry}
</feed>`;
const ENTRY = `  <entry>
    <id>https://example.org/en/activities/cim/#done-1</id>
    <title>CIM: a meeting</title>
    <link href="https://example.org/en/activities/cim/"/>
    <updated>2005-04-06T00:00:00Z</updated>
  </entry>`;

test('an Atom feed without what RFC 4287 requires fails, naming the line', () => {
  assert.deepEqual(checkAtom(FEED(ENTRY), 'feed.xml'), [], 'a complete feed passes');
  const noId = checkAtom(FEED(ENTRY.replace(/ *<id>.*<\/id>\n/, '')), 'feed.xml');
  assert.deepEqual(noId, ['feed.xml:8: the entry at line 8 has 0 atom:id, RFC 4287 requires exactly one']);
  const badDate = checkAtom(FEED(ENTRY.replace('2005-04-06T00:00:00Z', '6 April 2005')), 'feed.xml');
  assert.deepEqual(badDate, ['feed.xml:12: the entry at line 8\'s atom:updated «6 April 2005» is not an RFC 3339 date-time']);
  const twoSelf = checkAtom(FEED(ENTRY, '\n  <link rel="self" href="https://example.org/other.xml"/>'), 'feed.xml');
  assert.deepEqual(twoSelf, ['feed.xml:2: the feed has 2 rel="self" links, one is expected']);
  const broken = checkAtom(FEED(ENTRY).replace('</title>', ''), 'feed.xml');
  assert.ok(broken.length > 0 && broken[0].startsWith('feed.xml:'), `unparsable XML fails: ${broken}`);
});

const URLSET = (url) => `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${url}
</urlset>`;

test('a sitemap off the sitemaps.org protocol fails, naming the line', () => {
  const good = '  <url><loc>https://example.org/en/</loc><lastmod>2026-11-22</lastmod><xhtml:link rel="alternate" hreflang="fr" href="https://example.org/fr/"/></url>';
  assert.deepEqual(checkSitemap(URLSET(good), 'sitemap.xml', 'https://example.org/').problems, []);
  const relative = checkSitemap(URLSET('  <url><loc>/en/</loc></url>'), 'sitemap.xml', 'https://example.org/').problems;
  assert.deepEqual(relative, ['sitemap.xml:3: <loc> «/en/» is not an absolute URL']);
  const lastmod = checkSitemap(URLSET('  <url><loc>https://example.org/en/</loc><lastmod>22/11/2026</lastmod></url>'), 'sitemap.xml').problems;
  assert.deepEqual(lastmod, ['sitemap.xml:3: <lastmod> «22/11/2026» is not a W3C Datetime']);
  const index = checkSitemap(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.org/sitemap-1.xml</loc><priority>0.5</priority></sitemap>
</sitemapindex>`, 'sitemap.xml').problems;
  assert.deepEqual(index, ['sitemap.xml:2: <priority> is not allowed in <sitemap>']);
});

test('JSON-LD that is not JSON or names no schema.org type fails, naming the line', () => {
  const page = (json) => `<!doctype html>\n<html>\n<head>\n<script type="application/ld+json">${json}</script>\n</head></html>`;
  assert.deepEqual(checkJsonLd(page('{"@context":"https://schema.org","@type":"Legislation","name":"Ley 25.871"}'), 'law.html'), []);
  const notJson = checkJsonLd(page('{"@context":"https://schema.org",}'), 'law.html');
  assert.equal(notJson.length, 1);
  assert.match(notJson[0], /^law\.html:4: JSON-LD is not JSON/);
  assert.deepEqual(checkJsonLd(page('{"@context":"https://schema.org","@type":"Legislatoin"}'), 'law.html'),
    ['law.html:4: JSON-LD $ @type «Legislatoin» is not a schema.org type']);
  assert.deepEqual(checkJsonLd(page('{"@context":"https://schema.org","name":"x"}'), 'law.html'),
    ['law.html:4: JSON-LD names no @type']);
});

test('CSV off RFC 4180 or with a second header row fails, naming the line', () => {
  assert.deepEqual(checkCsv('id,title\r\nar-1,"Ley ""25.871"""\r\n', 'laws.csv'), []);
  const ragged = checkCsv('id,title\r\nar-1,Ley,extra\r\n', 'laws.csv');
  assert.equal(ragged.length, 1);
  assert.match(ragged[0], /^laws\.csv:2: not RFC 4180 CSV/);
  const quote = checkCsv('id,title\r\nar-1,Ley "25.871"\r\n', 'laws.csv');
  assert.match(quote[0], /^laws\.csv:2: not RFC 4180 CSV/);
  assert.deepEqual(checkCsv('id,title\r\nar-1,Ley\r\nid,title\r\n', 'laws.csv'), ['laws.csv:3: the header row is repeated']);
});
