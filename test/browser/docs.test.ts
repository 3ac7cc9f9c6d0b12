import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhenAvailable } from '../helpers/backends.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const hasChromium = existsSync(CHROMIUM);

// Only Debian's Chromium is used: the suite never downloads a browser.
describeWhenAvailable('GET /docs in headless Chromium', hasChromium ? null : `${CHROMIUM} not found (apt-get install chromium; .ci/run does)`, () => {
  let t: TestApp;
  let origin: string;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    profile = mkdtempSync(join(tmpdir(), 'contactd-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${origin}/docs`);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('renders the reference titled contactd with the contact operations grouped by resource, and a screenshot', async () => {
    await page.getByText('Create a contact').first().waitFor({ timeout: 20_000 });
    expect(await page.title()).toBe('contactd');
    for (const operation of ['Create a contact', 'Get one contact', 'Patch one contact', 'Archive one contact']) {
      await expect(page.getByText(operation).first().isVisible()).resolves.toBe(true);
    }
    for (const tag of ['contacts', 'contact sub-resources', 'schema', 'meta']) {
      expect(await page.getByText(tag, { exact: true }).count(), tag).toBeGreaterThan(0);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'docs.png') });
    expect(existsSync(join(ARTIFACTS, 'docs.png'))).toBe(true);
  });

  it('201 from "Test Request" on Create a contact, sent to the serving origin with the entered key', async () => {
    const created = page.waitForResponse((r) => r.url() === `${origin}/api/v2/contact` && r.request().method() === 'POST');
    await page.getByRole('button', { name: /Test Request/ }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByPlaceholder('Token').fill(t.org.key);
    await dialog.getByRole('button', { name: /Send/ }).first().click();
    const response = await created;
    expect(response.status()).toBe(201);
    const body = (await response.json()) as { data: { attributes: { first_name: { value: string } } } };
    expect(body.data.attributes.first_name.value).toBe('Sarah');
    await dialog.getByText('201').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'docs-try-it.png') });
  });

  it('loads nothing from outside the serving origin (works with no internet access)', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
  });
});
