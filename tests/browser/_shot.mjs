import { serve, launch } from './helpers.mjs';
const s = await serve(process.argv[2]); const b = await launch();
const [w, h] = process.argv[4].split('x').map(Number);
const ctx = await b.newContext({ viewport: { width: w, height: h } }); const p = await ctx.newPage();
await p.goto(s.url + process.argv[3]);
if (process.argv[6] === 'open') await p.locator('summary.menu-toggle').click();
await p.screenshot({ path: process.argv[5] });
console.log(await p.evaluate(() => { const e = document.querySelector('.language-name'); const r = e.getBoundingClientRect(); return [r.width, getComputedStyle(e).position, document.querySelector('main h1').getBoundingClientRect().top]; }));
await b.close(); await s.close();
