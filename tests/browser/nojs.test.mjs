// With JavaScript disabled every page keeps its content and navigation, and the search page
// lists the browse-by-country links.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGS, setup, templatePages } from './helpers.mjs';

let env;
let context;
before(async () => {
  env = await setup();
  context = await env.browser.newContext({ javaScriptEnabled: false });
});
after(async () => { await context?.close(); await env?.close(); });

for (const lang of LANGS) {
  test(`usable without JavaScript (${lang})`, async () => {
    const page = await context.newPage();
    try {
      for (const [name, path] of Object.entries(templatePages(env.site, lang))) {
        await page.goto(env.base + path);
        assert.equal(await page.locator('main h1').count(), 1, `${path}: one h1 in main`);
        assert.ok((await page.locator('main').innerText()).trim().length > 40, `${path}: content`);
        assert.ok(await page.locator('nav.menu a').count() >= 5, `${path}: main menu`);
        assert.equal(await page.locator('nav.languages a').count(), LANGS.length - 1, `${path}: language switcher`);
        if (name === 'search') {
          const countries = page.locator('main .browse a');
          assert.ok(await countries.count() >= 30, 'the search page lists browse-by-country links');
          const href = await countries.first().getAttribute('href');
          assert.match(href, new RegExp(`^/${lang}/legislation/[a-z]{2}/$`));
        }
      }
    } finally {
      await page.close();
    }
  });
}

test('the activities list shows every activity without JavaScript', async () => {
  const page = await context.newPage();
  try {
    await page.goto(`${env.base}/en/activities/`);
    const hidden = await page.locator('main li[hidden]').count();
    assert.equal(hidden, 0);
  } finally {
    await page.close();
  }
});
