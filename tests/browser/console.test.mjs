// One page of every template in every language loads with no console error, no uncaught
// exception and no failed request, under the Content-Security-Policy of netlify.toml.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGS, setup, templatePages } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

function watch(page, base) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Chromium asks for the icon after the page has loaded and cancels that request when the
    // test moves on to the next page: not a failure of the site (a missing icon is a 404 below).
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && /\/assets\/favicon\./.test(r.url())) return;
    problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !(r.request().isNavigationRequest() && r.status() === 404)) {
      problems.push(`HTTP ${r.status()}: ${r.url().replace(base, '')}`);
    }
  });
  return problems;
}

for (const lang of LANGS) {
  test(`no console error on any template (${lang})`, async () => {
    const page = await env.browser.newPage();
    const problems = watch(page, env.base);
    try {
      for (const [name, path] of Object.entries(templatePages(env.site, lang))) {
        const before = problems.length;
        const response = await page.goto(env.base + path, { waitUntil: 'load' });
        assert.equal(response.status(), name === '404' ? 404 : 200, path);
        await page.waitForTimeout(50);
        const mine = problems.splice(before).filter((p) =>
          // The 404 page itself is answered with status 404, which Chromium logs.
          !(name === '404' && /status of 404/.test(p)));
        problems.push(...mine.map((p) => `${path}: ${p}`));
      }
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}

test('a search runs without console error', async () => {
  const page = await env.browser.newPage();
  const problems = watch(page, env.base);
  try {
    await page.goto(`${env.base}/es/search/?q=migrantes`);
    await page.waitForFunction(() => {
      const s = document.getElementById('search-status');
      return s && s.textContent.trim() && document.querySelectorAll('#search-results li').length > 0;
    }, null, { timeout: 20000 }).catch(() => problems.push('no result shown within 20 s'));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
