// A law page prints cleanly: its record and the "Cite as" line, without the site's chrome.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LANGS, setup, templatePages } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

for (const lang of LANGS) {
  test(`a law page prints its record and the Cite as line (${lang})`, async () => {
    const page = await env.browser.newPage();
    try {
      await page.goto(env.base + templatePages(env.site, lang).law);
      await page.emulateMedia({ media: 'print' });
      for (const hidden of ['.site-header', '.site-footer', '.breadcrumbs', '.skip-link']) {
        assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is not printed`);
      }
      for (const shown of ['main h1', '.facts', '.cite', '.cite-text']) {
        assert.ok(await page.locator(shown).isVisible(), `${shown} is printed`);
      }
      const cite = (await page.locator('.cite-text').innerText()).trim();
      assert.ok(cite.length > 40, 'the citation is there');

      const pdf = await page.pdf({ format: 'A4' });
      const dir = mkdtempSync(join(tmpdir(), 'portal-print-'));
      writeFileSync(join(dir, 'law.pdf'), pdf);
      const text = spawnSync('pdftotext', ['-layout', join(dir, 'law.pdf'), '-'], { encoding: 'utf8' });
      assert.ifError(text.error && new Error(`pdftotext: ${text.error.message} (tests/run.sh installs poppler-utils)`));
      const flat = text.stdout.replace(/\s+/g, ' ');
      const heading = (await page.locator('.cite h2').innerText()).trim();
      assert.ok(flat.includes(heading), `the PDF has the "${heading}" heading`);
      assert.ok(flat.includes(cite.replace(/\s+/g, ' ').slice(0, 30)), 'the PDF has the citation');
      const nav = (await page.locator('nav.menu a').first().innerText()).trim();
      assert.ok(!flat.includes(nav), `the PDF has no menu ("${nav}")`);
      const pages = spawnSync('pdfinfo', [join(dir, 'law.pdf')], { encoding: 'utf8' }).stdout.match(/Pages:\s+(\d+)/);
      assert.ok(pages && Number(pages[1]) <= 3, `a law prints on at most 3 pages (${pages?.[1]})`);
    } finally {
      await page.close();
    }
  });
}
