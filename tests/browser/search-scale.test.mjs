// The search page on a large site, in headless Chromium: the index is fetched in chunks as
// queries need them. On the 10,000-law corpus of benches/corpus.py (40,000 pages): typing a
// record id shows its law first and following it opens the law's page; a word being typed
// finds results; a frequent word shows its first five results while the next five load; with the network throttled to a slow mobile link (DevTools protocol) the
// first result still appears; a chunk that fails to load says so and offers a retry that
// works.
//
//   node --test tests/browser/search-scale.test.mjs     # generates and builds the corpus (≈ 30 s)
//   LARGE_SITE_DIR=/tmp/large/site node --test tests/browser/search-scale.test.mjs   # a built one
//
// The site is served from 127.0.0.1 on a free port with netlify.toml's headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildLargeSite, launch, serve } from './helpers.mjs';

const WAIT = 30_000; // upper bound of every wait (no fixed sleeps)

let large;
let server;
let browser;
before(async () => {
  large = buildLargeSite();
  server = await serve(large.site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (large?.owned) rmSync(large.root, { recursive: true, force: true });
});

/** A fresh page recording script errors and the search files it fetched. */
async function open() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  const fetched = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  context.on('request', (r) => { if (r.url().includes('/assets/search/')) fetched.push(r.url()); });
  return { context, page, problems, fetched };
}

/** Types `q` into the search box and waits for the list to answer it; returns the hrefs. */
async function typeAndWait(page, q) {
  await page.locator('#q').pressSequentially(q);
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q
    && /\d/.test(document.getElementById('search-status').textContent), q, { timeout: WAIT });
  await page.waitForSelector('#search-results li a.result-title', { timeout: WAIT });
  return page.evaluate(() => [...document.querySelectorAll('#search-results li a.result-title')]
    .map((a) => a.getAttribute('href')));
}

test('typing a record id on the large site shows its law first, and following it opens the law', async () => {
  const { context, page, problems, fetched } = await open();
  await page.goto(`${server.url}/es/search/`);
  const hrefs = await typeAndWait(page, 'ARG-1968-D-SYN00002');
  assert.match(hrefs[0], /\/es\/legislation\/ar\/synthetic-00002\/$/);
  // Only some chunks of the index travelled, not the whole index.
  const chunks = fetched.filter((u) => u.endsWith('.chunk'));
  const all = readdirSync(join(large.site, 'assets', 'search')).filter((n) => n.startsWith('es.') && n.endsWith('.chunk'));
  assert.ok(chunks.length > 0 && chunks.length < all.length / 10, `${chunks.length} of ${all.length} chunks fetched`);
  await page.locator('#search-results li a.result-title').first().click();
  await page.waitForURL(/\/es\/legislation\/ar\/synthetic-00002\/$/, { timeout: WAIT });
  assert.match(await page.locator('h1').textContent(), /51\/1968/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a word being typed finds results on the large site', async () => {
  const { context, page, problems } = await open();
  await page.goto(`${server.url}/es/search/`);
  const hrefs = await typeAndWait(page, 'nacionalid');
  assert.ok(hrefs.length > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a frequent word shows its first hits while the next load, then adds them below', async () => {
  const { context, page, problems } = await open();
  await page.goto(`${server.url}/es/search/`);
  // Every change of the list: how many results, whether "more results" is offered, and whether
  // the first result is still the element first shown (appended to, not redrawn).
  await page.evaluate(() => {
    const list = document.getElementById('search-results');
    const more = document.querySelector('.search-more');
    window.changes = [];
    new MutationObserver(() => {
      window.firstShown ??= list.firstElementChild;
      window.changes.push({ results: list.children.length, more: !more.hidden, kept: list.firstElementChild === window.firstShown });
    }).observe(list, { childList: true });
  });
  await page.fill('#q', 'migración');
  await page.waitForFunction(() => window.changes.some((c) => c.results === 10), null, { timeout: WAIT });
  const changes = await page.evaluate(() => window.changes);
  assert.deepEqual(changes, [{ results: 5, more: false, kept: true }, { results: 10, more: true, kept: true }]);
  // The ten are the first ten of the query asked whole, as "more results" asks it.
  const ten = await page.$$eval('#search-results li a.result-title', (as) => as.map((a) => a.getAttribute('href')));
  await page.locator('.search-more').click();
  await page.waitForFunction(() => document.getElementById('search-results').children.length === 30, null, { timeout: WAIT });
  const thirty = await page.$$eval('#search-results li a.result-title', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(thirty.slice(0, 10), ten);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a throttled slow mobile link the first result still appears', async () => {
  const { context, page, problems } = await open();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // Chrome DevTools' "Slow 4G": 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await page.goto(`${server.url}/es/search/`);
  const started = Date.now();
  const hrefs = await typeAndWait(page, 'ARG-1968-D-SYN00002');
  assert.match(hrefs[0], /synthetic-00002\/$/);
  console.log(`throttled: first result ${Date.now() - started} ms after typing began`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a chunk that fails to load gives a message and a retry that works', async () => {
  const { context, page } = await open();
  let failing = true;
  await context.route(/\.chunk$/, (route) => (failing ? route.abort('connectionfailed') : route.continue()));
  await page.goto(`${server.url}/es/search/`);
  await page.locator('#q').pressSequentially('ARG-1968-D-SYN00002');
  const retry = page.locator('#search-status button.search-retry');
  await retry.waitFor({ timeout: WAIT });
  assert.match(await page.locator('#search-status').textContent(), /no pudo/);
  failing = false;
  await retry.click();
  await page.waitForSelector('#search-results li a.result-title', { timeout: WAIT });
  assert.match(await page.locator('#search-results li a.result-title').first().getAttribute('href'), /synthetic-00002\/$/);
  await context.close();
});
