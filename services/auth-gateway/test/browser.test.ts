import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningGateway, type ListeningGateway } from './listening-gateway.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));
const available = existsSync(CHROMIUM);
const inCi = process.env['CI'] === 'true';

if (!available && !inCi) {
  console.warn(
    `[auth-gateway browser test] skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`,
  );
}

describe.skipIf(!available && !inCi)('connect page in headless Chromium', () => {
  let gateway: ListeningGateway;
  let browser: Browser;

  beforeAll(async () => {
    if (!available) {
      throw new Error(
        `Chromium is required in CI and missing at ${CHROMIUM}: install the Debian package "chromium"`,
      );
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    gateway = await startListeningGateway();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-gpu',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('Connect → Allow lands on the success page with the member name', async () => {
    const page = await browser.newPage();
    await page.goto(`${gateway.url}/connect`);
    await page.click('#connect');
    await page.waitForURL((url) => url.pathname === '/oauth/v2/authorization');
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/oauth/linkedin/callback');
    await expect.poll(() => page.textContent('#member-name')).toBe(gateway.emulator.defaultMember.name);
    expect(await page.textContent('h1')).toBe('LinkedIn connected');
    await page.screenshot({ path: `${ARTIFACTS}auth-gateway-connect-allow.png`, fullPage: true });
    await page.close();
  });

  it('Connect → Cancel shows authorization_denied with a retry link', async () => {
    // LinkedIn skips the consent screen for a member who already allowed the app: withdraw that first.
    const revoke = await request(
      `${gateway.emulator.url}/_emulator/members/${gateway.emulator.defaultMember.sub}/revoke`,
      {
        method: 'POST',
      },
    );
    await revoke.body.dump();
    const page = await browser.newPage();
    await page.goto(`${gateway.url}/connect`);
    await page.click('#connect');
    await page.waitForURL((url) => url.pathname === '/oauth/v2/authorization');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/connect' && url.searchParams.has('error'));
    expect(await page.getAttribute('#error', 'data-code')).toBe('authorization_denied');
    expect(await page.textContent('#error')).toContain('authorization_denied');
    expect(await page.textContent('#connect')).toBe('Try again');
    await page.screenshot({ path: `${ARTIFACTS}auth-gateway-connect-cancel.png`, fullPage: true });
    await page.close();
  });
});
