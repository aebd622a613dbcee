// axe-core over one page of every template in every language: no violation of the WCAG 2.0,
// 2.1 and 2.2 A and AA rules, at 1280, 390 and 320 CSS px (where nothing may scroll sideways:
// WCAG 1.4.10 Reflow; on phones, also with the header's menu opened). Violations are printed
// with their elements.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { LANGS, setup, templatePages } from './helpers.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

async function audit(page) {
  // Injected through evaluate, so the page's CSP (script-src 'self') does not apply.
  await page.evaluate(axeSource);
  return page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1).join(' ').trim()}`),
    }))), TAGS);
}

const report = (path, violations) => violations.map((v) =>
  `${path}: [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n}`).join('\n')}`
    + (v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '')).join('\n');

for (const width of [1280, 390, 320]) {
  for (const lang of LANGS) {
    test(`axe: no WCAG 2.2 AA violation at ${width} px (${lang})`, async () => {
      const context = await env.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const found = [];
      try {
        const pages = { ...templatePages(env.site, lang) };
        if (lang === 'fr') pages.root = '/';
        for (const [name, path] of Object.entries(pages)) {
          await page.goto(env.base + path);
          const violations = await audit(page);
          if (violations.length) found.push(report(path, violations));
          // WCAG 1.4.10 Reflow: at 320 CSS px nothing scrolls sideways.
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
          if (wide > 0) found.push(`${path}: [serious] reflow: the page is ${wide} px wider than the ${width} px viewport`);
          const toggle = page.locator('summary.menu-toggle');
          if ((name === 'law' || name === 'search') && await toggle.isVisible()) {
            await toggle.click();
            const open = await audit(page);
            if (open.length) found.push(report(`${path} (menu open)`, open));
          }
        }
        if (found.length) console.log(found.join('\n'));
        assert.equal(found.length, 0, `pages with violations:\n${found.join('\n')}`);
      } finally {
        await context.close();
      }
    });
  }
}
