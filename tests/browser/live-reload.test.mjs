// `portal serve` as an editor sees it in the browser: a saved law shows in the open page
// without touching the browser, a broken save shows its file and line over the last good page
// until it is fixed, and a stylesheet edit is swapped in without reloading the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PORTAL, REPO, launch } from './helpers.mjs';

const LAW = 'content/legislation/uy/ley-18250.yaml';
const PAGE = '/en/legislation/uy/ley-18250/';
const STYLESHEET = 'themes/default/css/base.css';
const WAIT = 15_000;

let project, server, base, browser;

/** Starts `portal serve` on a copy of the project and a free port, and resolves with its URL
 * once it says it is serving (it does so only once the project is watched). */
function startServer(root) {
  const child = spawn(PORTAL, ['--root', root, 'serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`portal serve did not start:\n${log}`)), 120_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const found = log.match(/serving the portal at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (found) { clearTimeout(timer); resolve({ child, url: found[1] }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`portal serve exited (${code}):\n${log}`)); });
  });
}

/** Rewrites the first occurrence of `from` in a project file. */
function edit(path, from, to) {
  const file = join(project, path);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${path} has no ${JSON.stringify(from)}`);
  writeFileSync(file, text.replace(from, to));
}

/** Opens the law page and waits until its live reload connection is answered, so that no
 * save made afterwards can be missed. */
async function openLawPage() {
  const page = await browser.newPage();
  const connected = page.waitForResponse((r) => r.url().includes('/__portal/events'), { timeout: WAIT });
  await page.goto(base + PAGE);
  await connected;
  return page;
}

before(async () => {
  project = mkdtempSync(join(tmpdir(), 'portal-live-'));
  for (const folder of ['content', 'themes', 'i18n']) cpSync(join(REPO, folder), join(project, folder), { recursive: true });
  server = await startServer(project);
  base = server.url;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.child.kill();
  if (project) rmSync(project, { recursive: true, force: true });
});

test('a saved law shows in the open page without touching the browser', async () => {
  const page = await openLawPage();
  try {
    assert.ok(!(await page.content()).includes('Live-reloaded law'));
    const reloaded = page.waitForEvent('load', { timeout: WAIT });
    edit(LAW, 'Law of January 6, 2008', 'Live-reloaded law of January 6, 2008');
    await reloaded;
    await page.getByText('Live-reloaded law of January 6, 2008').first().waitFor({ timeout: WAIT });
  } finally {
    await page.close();
  }
});

test('a broken save shows its file and line over the last good page until it is fixed', async () => {
  const page = await openLawPage();
  try {
    const before = await page.locator('h1').innerText();
    edit(LAW, 'status: ', 'status: [');
    const overlay = page.locator('#portal-build-error[role="alert"]');
    await overlay.waitFor({ timeout: WAIT });
    const report = await overlay.innerText();
    assert.match(report, /content\/legislation\/uy\/ley-18250\.yaml:\d+:\d+/, report);
    assert.equal(await page.locator('h1').innerText(), before, 'the last good page stays');

    const reloaded = page.waitForEvent('load', { timeout: WAIT });
    edit(LAW, 'status: [', 'status: ');
    await reloaded;
    await page.locator('h1').waitFor({ timeout: WAIT });
    assert.equal(await overlay.count(), 0, 'the fixed save clears the report');
  } finally {
    await page.close();
  }
});

test('a stylesheet edit is swapped in without reloading the page', async () => {
  const page = await openLawPage();
  try {
    await page.evaluate(() => { window.portalNotReloaded = true; });
    edit(STYLESHEET, ':root {', 'body { outline: 3px solid rgb(1, 2, 3); }\n:root {');
    await page.waitForFunction(
      () => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)', null, { timeout: WAIT });
    assert.equal(await page.evaluate(() => window.portalNotReloaded), true, 'the page was not reloaded');
  } finally {
    await page.close();
  }
});

/** A law the test adds: its status is not confirmed and its Portuguese summary is missing. */
const NEW_LAW = 'content/legislation/uy/ley-de-prueba-editores.yaml';
const newLaw = ({ fixed }) => `original_title: "Ley de prueba para editores"
original_language: "es"
title: {fr: "Loi d'essai", en: "Test law", pt: "Lei de teste"}
type: "law"
dates: {adopted: "2008-01-06"}
status: "${fixed ? 'in-force' : 'to-be-verified'}"
${fixed ? 'status_source: {url: "https://example.org/ley", date: "2008"}\n' : ''}subjects: ["entry-and-stay"]
summary: {fr: "Résumé.", en: "Summary.", es: "Resumen."${fixed ? ', pt: "Resumo."' : ''}}
sources: [{url: "https://example.org/ley", title: "Gazette", official: true}]
confidence: "high"
verified: "2026-12-01"
updated: "2026-12-01"
`;

test('the editors page lists a new gap and an unconfirmed status, and forgets them once fixed', async () => {
  const page = await browser.newPage();
  try {
    const connected = page.waitForResponse((r) => r.url().includes('/__portal/events'), { timeout: WAIT });
    await page.goto(`${base}/__portal/`);
    await connected;
    const status = page.locator('section[aria-labelledby="status"] tr', { hasText: 'uy/ley-de-prueba-editores' });
    const gap = page.locator('section[aria-labelledby="gaps"] tr', { hasText: NEW_LAW });
    assert.equal(await status.count(), 0);
    assert.equal(await gap.count(), 0);

    let reloaded = page.waitForEvent('load', { timeout: WAIT });
    writeFileSync(join(project, NEW_LAW), newLaw({ fixed: false }));
    await reloaded;
    await status.first().waitFor({ timeout: WAIT });
    const link = status.locator('a');
    assert.equal(await link.getAttribute('href'), '/fr/legislation/uy/ley-de-prueba-editores/');
    const gapRow = await gap.innerText();
    assert.match(gapRow, /^pt\s/, gapRow);
    assert.match(gapRow, /summary/, gapRow);
    assert.equal(await gap.locator('a').getAttribute('href'), '/pt/legislation/uy/ley-de-prueba-editores/');

    reloaded = page.waitForEvent('load', { timeout: WAIT });
    writeFileSync(join(project, NEW_LAW), newLaw({ fixed: true }));
    await reloaded;
    await page.locator('h1').waitFor({ timeout: WAIT });
    assert.equal(await status.count(), 0, 'the confirmed status leaves the list');
    assert.equal(await gap.count(), 0, 'the translated summary leaves the list');
  } finally {
    await page.close();
    rmSync(join(project, NEW_LAW), { force: true });
  }
});

test('the error overlay links to the editors page', async () => {
  const page = await openLawPage();
  try {
    edit(LAW, 'status: ', 'status: [');
    const link = page.locator('#portal-build-error a[href="/__portal/"]');
    await link.waitFor({ timeout: WAIT });
    const reloaded = page.waitForEvent('load', { timeout: WAIT });
    edit(LAW, 'status: [', 'status: ');
    await reloaded;
  } finally {
    await page.close();
  }
});
