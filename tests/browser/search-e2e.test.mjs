// The search as a visitor uses it, in headless Chromium (playwright-core, the system's
// /usr/bin/chromium): typing on /es/search/, the announced and text-only result list, following
// the first result with the keyboard, a linked query (?q=…&kind=…), the header search box of the
// English pages, and the page without JavaScript.
//
//   node --test tests/browser/search-e2e.test.mjs    # SITE_DIR: a built site, else one is built
//
// The site is served from 127.0.0.1 on a free port, with the Content-Security-Policy of
// netlify.toml, so a policy that blocked the worker or the wasm would fail the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launch, serve } from './helpers.mjs';

const SITE = buildSite();
const WAIT = 20_000; // upper bound of every wait for the page (no fixed sleeps)

let server;
let browser;
before(async () => {
  server = await serve(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page that records script errors, failed requests and CSP violations. */
async function open(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  return { page, problems, close: () => context.close() };
}

/** Waits for the results of query `q` and returns the list's hrefs and the status text. The
 * page writes ?q= and sets the status to "searching" in the same step as it sends the query,
 * and ignores answers to older queries; so once the URL holds `q` and the live region gives a
 * count, the list shown is the answer to `q`, not to a prefix typed on the way. */
async function results(page, q) {
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q
    && /\d/.test(document.getElementById('search-status').textContent), q, { timeout: WAIT });
  await page.waitForSelector('#search-results li a.result-title', { timeout: WAIT });
  return page.evaluate(() => ({
    hrefs: [...document.querySelectorAll('#search-results li a.result-title')].map((a) => a.getAttribute('href')),
    status: document.getElementById('search-status').textContent,
    role: document.getElementById('search-status').getAttribute('role'),
    // Every element under the list: only li, a, p and mark, i.e. text, never index HTML.
    tags: [...new Set([...document.querySelectorAll('#search-results *')].map((e) => e.localName))],
  }));
}

test('typing "ley 25.871" on /es/search/ shows announced, text-only results; Enter follows the first', async () => {
  const { page, problems, close } = await open();
  try {
    await page.goto(`${server.url}/es/search/`);
    assert.equal(await page.textContent('#search-status'), '', 'the status is empty before a query');
    await page.focus('#q');
    await page.keyboard.type('ley 25.871');
    const r = await results(page, 'ley 25.871');
    assert.equal(r.role, 'status');
    assert.match(r.status, /^\d+ resultados?$|^1 resultado$/, `status text: ${r.status}`);
    assert.equal(r.hrefs[0], '/es/legislation/ar/ley-25871/', `first result: ${r.hrefs.join(' ')}`);
    assert.deepEqual(r.tags.filter((t) => !['li', 'a', 'p', 'mark'].includes(t)), [], `elements in the results: ${r.tags}`);
    assert.ok(r.tags.includes('mark'), 'the matching words are highlighted with <mark>');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'ley 25.871', 'the query is kept in the URL');
    // Keyboard only: focus the first result and press Enter.
    await page.locator('#search-results li a.result-title').first().focus();
    await Promise.all([page.waitForURL('**/es/legislation/ar/ley-25871/', { timeout: WAIT }), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).pathname, '/es/legislation/ar/ley-25871/');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a linked query /es/search/?q=argentna&kind=law shows its results on load', async () => {
  const { page, problems, close } = await open();
  try {
    await page.goto(`${server.url}/es/search/?q=argentna&kind=law`);
    const r = await results(page, 'argentna');
    assert.equal(await page.inputValue('#q'), 'argentna');
    assert.equal(await page.inputValue('#kind'), 'law');
    assert.ok(r.hrefs.includes('/es/legislation/ar/ley-25871/'), `the typo finds Argentina's law: ${r.hrefs.join(' ')}`);
    for (const href of r.hrefs) assert.match(href, /^\/es\/legislation\/[a-z]{2}\/[^/]+\/$/, 'only laws');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

for (const path of ['/en/', '/en/legislation/']) {
  test(`the search box of ${path} submits to /en/search/?q=… and shows results`, async () => {
    const { page, problems, close } = await open();
    try {
      await page.goto(`${server.url}${path}`);
      // The header's box; the home page has its own search form instead.
      const box = page.locator('#header-q, #home-q').first();
      await box.focus();
      await page.keyboard.type('Immigration and Refugee Protection Act');
      await Promise.all([page.waitForURL('**/en/search/?q=*', { timeout: WAIT }), page.keyboard.press('Enter')]);
      const url = new URL(page.url());
      assert.equal(url.pathname, '/en/search/');
      assert.equal(url.searchParams.get('q'), 'Immigration and Refugee Protection Act');
      const r = await results(page, 'Immigration and Refugee Protection Act');
      assert.equal(r.hrefs[0], '/en/legislation/ca/immigration-and-refugee-protection-act/', r.hrefs.join(' '));
      assert.match(r.status, /results?$/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}

test('without JavaScript the search page lists the browse-by-country links', async () => {
  const { page, close } = await open({ javaScriptEnabled: false });
  try {
    await page.goto(`${server.url}/es/search/`);
    const links = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href'))
      .filter((h) => /^\/es\/legislation\/[a-z]{2}\/$/.test(h)));
    assert.ok(links.length >= 30, `browse-by-country links: ${links.length}`);
    assert.ok(links.includes('/es/legislation/ar/'));
    assert.equal(await page.$$eval('#search-results li', (l) => l.length), 0);
  } finally {
    await close();
  }
});
