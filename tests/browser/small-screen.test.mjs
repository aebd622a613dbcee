// On a phone the page's content comes first: at 390 × 844 and 320 × 640 CSS px, over one page
// of every template in the four languages, the top of the <h1> is at most 200 px from the top
// of the page, nothing scrolls sideways, the language switcher shows codes but names each
// language in full for assistive technology, and the menu (with the search box) sits behind a
// "Menu" disclosure that opens and closes by keyboard, with and without JavaScript. At 1280 px
// the header is the large-screen one: no disclosure button, the menu always shown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGS, setup, templatePages } from './helpers.mjs';

const PHONES = [{ width: 390, height: 844 }, { width: 320, height: 640 }];
const H1_TOP_MAX = 200;

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

/** Where the page's first screen stands: h1 top, sideways overflow, what the header shows. */
const layout = (page) => page.evaluate(() => {
  // Rendered, not in a closed disclosure (content-visibility), and bigger than a visually
  // hidden 1 px box.
  const visible = (el) => !!el && el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })
    && el.getBoundingClientRect().width > 1;
  const toggle = document.querySelector('summary.menu-toggle');
  return {
    h1Top: document.querySelector('main h1').getBoundingClientRect().top + scrollY,
    overflow: document.documentElement.scrollWidth - innerWidth,
    toggleShown: visible(toggle),
    menuShown: [...document.querySelectorAll('nav.menu a')].filter(visible).length,
    languages: [...document.querySelectorAll('nav.languages li > *')].map((el) => ({
      shown: [...el.querySelectorAll('.language-name, .language-code')].filter(visible).map((s) => s.textContent).join(''),
      current: el.getAttribute('aria-current'), lang: el.lang,
    })),
  };
});

/** The accessible names of the language switcher's items, as assistive technology gets them. */
async function languageNames(page) {
  const snapshot = await page.locator('nav.languages').ariaSnapshot();
  return [...snapshot.matchAll(/- (?:link "([^"]+)"|listitem: (.+))/g)].map((m) => (m[1] ?? m[2]).trim());
}

/** Tabs from the top of the page to the menu button; fails if it is never reached. */
async function tabToMenuButton(page) {
  for (let i = 0; i < 12; i += 1) {
    await page.keyboard.press('Tab');
    const on = await page.evaluate(() => document.activeElement.matches('summary.menu-toggle'));
    if (on) return;
  }
  assert.fail('Tab never reaches the Menu button');
}

const menuOpen = (page) => page.evaluate(() => document.querySelector('details.menu-disclosure').open);

for (const viewport of PHONES) {
  for (const lang of LANGS) {
    test(`${viewport.width} × ${viewport.height}: content first on every template (${lang})`, async () => {
      const context = await env.browser.newContext({ viewport });
      const page = await context.newPage();
      const problems = [];
      try {
        for (const [name, path] of Object.entries(templatePages(env.site, lang))) {
          await page.goto(env.base + path);
          const seen = await layout(page);
          if (seen.h1Top > H1_TOP_MAX) problems.push(`${path} (${name}): the h1 starts ${Math.round(seen.h1Top)} px down`);
          if (seen.overflow > 0) problems.push(`${path} (${name}): ${seen.overflow} px of sideways scroll`);
          if (!seen.toggleShown) problems.push(`${path} (${name}): no Menu button`);
          if (seen.menuShown) problems.push(`${path} (${name}): ${seen.menuShown} menu links shown before the menu is opened`);
          const shown = seen.languages.map((l) => l.shown);
          if (shown.join(' ') !== LANGS.map((l) => l.toUpperCase()).join(' ')) problems.push(`${path} (${name}): the switcher shows «${shown.join(' ')}»`);
          const current = seen.languages.filter((l) => l.current);
          if (current.length !== 1 || current[0].lang !== lang) problems.push(`${path} (${name}): aria-current marks ${JSON.stringify(current)}`);
        }
        assert.deepEqual(problems, [], problems.join('\n'));
      } finally {
        await context.close();
      }
    });
  }

  test(`${viewport.width} px: the switcher names languages in full for assistive technology`, async () => {
    const context = await env.browser.newContext({ viewport });
    const page = await context.newPage();
    try {
      await page.goto(env.base + '/es/');
      assert.deepEqual(await languageNames(page), ['Français', 'English', 'Español', 'Português']);
    } finally {
      await context.close();
    }
  });

  for (const javaScriptEnabled of [true, false]) {
    test(`${viewport.width} px: the menu opens and closes by keyboard ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const context = await env.browser.newContext({ viewport, javaScriptEnabled });
      const page = await context.newPage();
      try {
        for (const lang of LANGS) {
          const pages = templatePages(env.site, lang);
          await page.goto(env.base + pages.law);
          await tabToMenuButton(page);
          assert.equal(await menuOpen(page), false, `${lang}: the menu starts closed`);
          const focus = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
          assert.notEqual(focus, 'none', `${lang}: the Menu button shows its focus`);
          await page.keyboard.press('Enter');
          assert.equal(await menuOpen(page), true, `${lang}: Enter opens the menu`);
          const seen = await layout(page);
          assert.equal(seen.menuShown, await page.locator('nav.menu a').count(), `${lang}: every menu link is shown`);
          assert.equal(seen.overflow, 0, `${lang}: the open menu does not scroll sideways`);
          assert.equal(await page.locator('nav.menu a[aria-current]').getAttribute('href'), `/${lang}/legislation/`,
            `${lang}: the open menu marks the current section`);
          // The search box in the open menu shows its whole placeholder: typed in as a value
          // at the placeholder's size (which also brings the clear button), it does not
          // overflow the field.
          const box = await page.evaluate(() => {
            const input = document.getElementById('header-q');
            if (!input.checkVisibility()) return { shown: false };
            input.style.fontSize = getComputedStyle(input, '::placeholder').fontSize;
            input.value = input.placeholder;
            const fits = { shown: true, needed: input.scrollWidth, room: input.clientWidth };
            input.value = '';
            input.style.fontSize = '';
            return fits;
          });
          assert.ok(box.shown, `${lang}: the open menu has the search box`);
          assert.ok(box.needed <= box.room, `${lang}: the placeholder needs ${box.needed} px, the box has ${box.room}`);
          await page.keyboard.press('Tab');
          assert.ok(await page.evaluate(() => !!document.activeElement.closest('nav.menu')), `${lang}: Tab goes from the button into the menu`);
          await page.keyboard.press('Shift+Tab');
          await page.keyboard.press('Space');
          assert.equal(await menuOpen(page), false, `${lang}: Space on the button closes the menu`);
          assert.equal((await layout(page)).menuShown, 0, `${lang}: the closed menu hides its links`);
        }
      } finally {
        await context.close();
      }
    });
  }
}

test('1280 px: the large-screen header, menu shown and no Menu button', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    for (const lang of LANGS) {
      await page.goto(env.base + templatePages(env.site, lang).law);
      const seen = await layout(page);
      assert.equal(seen.toggleShown, false, `${lang}: no Menu button`);
      assert.equal(seen.menuShown, await page.locator('nav.menu a').count(), `${lang}: every menu link shown`);
      assert.ok(await page.locator('#header-q').isVisible(), `${lang}: the search box shown`);
      const names = seen.languages.map((l) => l.shown);
      assert.deepEqual(names, ['Français', 'English', 'Español', 'Português'], `${lang}: full language names shown`);
    }
  } finally {
    await context.close();
  }
});
