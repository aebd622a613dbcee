// The language switcher lands on the same page in each language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGS, setup, templatePages } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const TEMPLATES = ['home', 'page', 'summit', 'resolution', 'organ', 'country', 'law', 'event', 'timeline', 'search'];

for (const name of TEMPLATES) {
  test(`language switcher on the ${name} page`, async () => {
    const page = await env.browser.newPage();
    try {
      for (const from of LANGS) {
        for (const to of LANGS.filter((l) => l !== from)) {
          await page.goto(env.base + templatePages(env.site, from)[name]);
          const link = page.locator(`nav.languages a[hreflang="${to}"]`);
          await Promise.all([page.waitForURL((u) => u.pathname.startsWith(`/${to}/`)), link.click()]);
          const url = new URL(page.url());
          assert.equal(url.pathname, templatePages(env.site, to)[name], `${from} → ${to}`);
          assert.equal(await page.getAttribute('html', 'lang'), to, `<html lang> after ${from} → ${to}`);
          assert.equal(await page.locator(`nav.languages [aria-current][lang="${to}"]`).count(), 1,
            `the switcher marks ${to} as current`);
        }
      }
    } finally {
      await page.close();
    }
  });
}

test('the root page offers every language', async () => {
  const page = await env.browser.newPage();
  try {
    await page.goto(env.base + '/');
    for (const lang of LANGS) {
      await page.goto(env.base + '/');
      await Promise.all([page.waitForURL(`**/${lang}/`), page.locator(`a[hreflang="${lang}"]`).click()]);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
    }
  } finally {
    await page.close();
  }
});
