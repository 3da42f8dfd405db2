/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateEncryptionKey } from 'datasette-secrets';
import { type BrowserContext, chromium } from 'playwright-core';
import { type Served, serveDemo } from './serve.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// CI installs chromium (.ci/run); elsewhere a missing browser skips rather than fails.
const skip = !existsSync(CHROMIUM) && !process.env.CI ? `no browser at ${CHROMIUM}` : false;

describe('the secrets pages in a real browser', { skip }, () => {
  let served: Served;
  let context: BrowserContext;
  const value = `browser-sentinel-${Date.now()}`;

  before(async () => {
    served = await serveDemo({ key: generateEncryptionKey() });
    context = await chromium.launchPersistentContext(
      mkdtempSync(path.join(tmpdir(), 'chromium-')),
      {
        executablePath: CHROMIUM,
        args: ARGS,
        headless: true,
      },
    );
  });

  after(async () => {
    await context?.close();
    await served?.stop();
  });

  it('logs in with the root link, sets a secret from the menu, lists it, changes its note', async () => {
    const page = await context.newPage();
    await page.goto(served.rootUrl);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal((await page.locator('.actor strong').textContent())?.trim(), 'root');

    await page.locator('details.nav-menu summary').click();
    const link = page.getByRole('link', { name: 'Manage secrets' });
    assert.ok(await link.isVisible());
    // The menu sits inside the coloured header: its links must not inherit the header's white.
    const [fg, bg] = await link.evaluate((a) => [
      getComputedStyle(a).color,
      getComputedStyle(a.closest('.nav-menu-inner') as Element).backgroundColor,
    ]);
    assert.notEqual(fg, bg, 'menu link text is invisible against the menu background');
    await link.click();
    assert.equal(new URL(page.url()).pathname, '/-/secrets');

    await page.getByRole('link', { name: 'GEOCODER_API_KEY', exact: true }).first().click();
    assert.equal(new URL(page.url()).pathname, '/-/secrets/GEOCODER_API_KEY');
    await page.locator('[name="secret"]').fill(value);
    await page.locator('[name="note"]').fill('first note');
    await page.locator('form button[type="submit"], form input[type="submit"]').last().click();

    assert.equal(new URL(page.url()).pathname, '/-/secrets');
    const body = await page.content();
    assert.match(body, /Secret GEOCODER_API_KEY updated/);
    const row = page.locator('tr', { hasText: 'GEOCODER_API_KEY' });
    assert.match((await row.textContent()) ?? '', /first note/);
    assert.ok(!body.includes(value), 'the value must never appear on a page');

    await row.getByRole('link', { name: 'GEOCODER_API_KEY' }).click();
    assert.equal(
      await page.locator('[name="secret"]').inputValue(),
      '',
      'the form never shows the value',
    );
    await page.locator('[name="note"]').fill('second note');
    await page.locator('form button[type="submit"], form input[type="submit"]').last().click();
    const row2 = page.locator('tr', { hasText: 'GEOCODER_API_KEY' });
    assert.match((await row2.textContent()) ?? '', /second note/);
    assert.doesNotMatch((await row2.textContent()) ?? '', /first note/);

    await page.goto(`${served.base}/-/demo-secrets`);
    const demoRow = page.locator('tr', { hasText: 'GEOCODER_API_KEY' });
    assert.match((await demoRow.textContent()) ?? '', /database/);
    assert.ok(!(await page.content()).includes(value));
    assert.ok(!served.output().includes(value), 'the value must never appear in the server log');
  });
});
