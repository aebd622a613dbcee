// Keyboard only: the skip link comes first and moves focus to the content, the menu and the
// search box are reachable with Tab, Enter in the search box opens the search page with the
// query, and every focused control shows a visible focus indicator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGS, setup, templatePages } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

/** What has focus, and whether it shows a focus indicator. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
    || (style.boxShadow && style.boxShadow !== 'none');
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
    href: el.getAttribute('href'), visible,
    inMenu: !!el.closest('nav.menu'), inLanguages: !!el.closest('nav.languages'),
  };
});

for (const lang of LANGS) {
  test(`keyboard: skip link, menu and search box (${lang})`, async () => {
    const page = await env.browser.newPage();
    try {
      const pages = templatePages(env.site, lang);
      await page.goto(env.base + pages.law);
      await page.keyboard.press('Tab');
      const first = await focused(page);
      assert.match(first.cls, /skip-link/, 'the first Tab reaches the skip link');
      assert.ok(first.visible, 'the skip link shows its focus');
      assert.ok(await page.locator('.skip-link').isVisible(), 'the focused skip link is on screen');
      await page.keyboard.press('Enter');
      assert.equal((await focused(page)).id, 'main', 'the skip link moves focus to <main>');

      // From the top again: Tab through the header.
      await page.goto(env.base + pages.law);
      const menuHrefs = await page.locator('nav.menu a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const reached = [];
      let search = null;
      for (let i = 0; i < 40 && !search; i += 1) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        assert.ok(f.visible, `visible focus on ${f.tag}${f.id ? '#' + f.id : ''} ${f.href ?? ''}`);
        if (f.inMenu) reached.push(f.href);
        if (f.id === 'header-q') search = f;
      }
      assert.deepEqual(reached, menuHrefs, 'every menu link is reached, in order');
      assert.ok(search, 'the header search box is reached with Tab');
      await page.keyboard.type('trafic migrants');
      await Promise.all([page.waitForURL((u) => u.pathname === pages.search), page.keyboard.press('Enter')]);
      const url = new URL(page.url());
      assert.equal(url.pathname, `/${lang}/search/`);
      assert.equal(url.searchParams.get('q'), 'trafic migrants');
      assert.equal(await page.inputValue('#q'), 'trafic migrants', 'the search page shows the query');
    } finally {
      await page.close();
    }
  });
}

test('keyboard: the search page form submits with Enter', async () => {
  const page = await env.browser.newPage();
  try {
    await page.goto(env.base + '/en/search/');
    let found = false;
    for (let i = 0; i < 40 && !found; i += 1) {
      await page.keyboard.press('Tab');
      found = (await focused(page)).id === 'q';
    }
    assert.ok(found, 'the search input is reachable with Tab');
    await page.keyboard.type('Argentina');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'Argentina');
    assert.equal(new URL(page.url()).pathname, '/en/search/');
  } finally {
    await page.close();
  }
});
