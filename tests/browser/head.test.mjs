// Head metadata of every template in every language: <html lang>, title, canonical,
// description, Open Graph, hreflang alternates for each language plus x-default, the icon.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGS, setup, templatePages } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

for (const lang of LANGS) {
  test(`head metadata (${lang})`, async () => {
    const page = await env.browser.newPage();
    try {
      const pages = templatePages(env.site, lang);
      for (const [name, path] of Object.entries(pages)) {
        if (name === '404') continue;
        await page.goto(env.base + path);
        const head = await page.evaluate(() => {
          const attr = (sel, a) => document.querySelector(sel)?.getAttribute(a) ?? null;
          return {
            lang: document.documentElement.lang,
            title: document.title,
            canonical: attr('link[rel=canonical]', 'href'),
            description: attr('meta[name=description]', 'content'),
            ogTitle: attr('meta[property="og:title"]', 'content'),
            ogUrl: attr('meta[property="og:url"]', 'content'),
            ogLocale: attr('meta[property="og:locale"]', 'content'),
            ogType: attr('meta[property="og:type"]', 'content'),
            alternates: Object.fromEntries([...document.querySelectorAll('link[rel=alternate][hreflang]')]
              .map((l) => [l.hreflang, l.href])),
          };
        });
        assert.equal(head.lang, lang, path);
        assert.ok(head.title.trim(), `${path}: title`);
        assert.ok(head.description && head.description.length > 20, `${path}: meta description`);
        assert.match(head.canonical, /^https?:\/\//, `${path}: canonical is absolute`);
        assert.ok(head.canonical.endsWith(path), `${path}: canonical ${head.canonical}`);
        assert.equal(head.ogUrl, head.canonical, `${path}: og:url`);
        assert.ok(head.ogTitle, `${path}: og:title`);
        assert.ok(head.ogType, `${path}: og:type`);
        assert.match(head.ogLocale, new RegExp(`^${lang}_[A-Z]{2}$`), `${path}: og:locale`);
        assert.deepEqual(Object.keys(head.alternates).sort(), [...LANGS, 'x-default'].sort(), `${path}: hreflang`);
        for (const other of LANGS) {
          assert.ok(head.alternates[other].endsWith(templatePages(env.site, other)[name]),
            `${path}: hreflang ${other} → ${head.alternates[other]}`);
        }
        assert.equal(head.alternates[lang], head.canonical, `${path}: self alternate = canonical`);
        // The icon is a file of the site (a data: URL with spaces is not a valid URL).
        const icon = await page.locator('link[rel=icon]').getAttribute('href');
        assert.match(icon, /^\/assets\/favicon\.[0-9a-f]+\.svg$/, `${path}: icon ${icon}`);
        const answer = await page.request.get(env.base + icon);
        assert.equal(answer.status(), 200, `${path}: the icon ${icon} is served`);
        assert.match(answer.headers()['content-type'], /^image\/svg\+xml/, `${path}: the icon is SVG`);
      }
    } finally {
      await page.close();
    }
  });
}
