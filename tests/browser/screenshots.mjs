// Screenshots of a few pages at two widths, for a human to look at:
// node tests/browser/screenshots.mjs OUTDIR [lang,lang] [template,template]
import { mkdirSync } from 'node:fs';
import { setup, templatePages } from './helpers.mjs';

const out = process.argv[2] || '/tmp/portal-shots';
const langs = (process.argv[3] || 'fr,es').split(',');
const names = (process.argv[4] || 'home,country,law,search').split(',');
mkdirSync(out, { recursive: true });
const env = await setup();
try {
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    const context = await env.browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    for (const lang of langs) {
      const pages = templatePages(env.site, lang);
      for (const name of names) {
        await page.goto(env.base + pages[name], { waitUntil: 'load' });
        const file = `${out}/${lang}-${name}-${width}.png`;
        await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
        console.log(file);
      }
    }
    await context.close();
  }
} finally {
  await env.close();
}
