import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('a connect link shows our confirmation page; its button goes on to LinkedIn and connects', async () => {
    const page = await browser.newPage();
    await page.goto(`${gateway.url}/oauth/linkedin/start?kind=organization`);
    // Opening the link alone went nowhere: our page names who asks and waits for the click.
    expect(new URL(page.url()).pathname).toBe('/oauth/linkedin/start');
    expect(await page.textContent('h1')).toBe('default wants to publish on a Company Page you administer');
    await page.screenshot({ path: `${ARTIFACTS}auth-gateway-connect-confirm.png`, fullPage: true });
    await page.click('#confirm');
    await page.waitForURL(
      (url) => url.pathname === '/oauth/v2/authorization' || url.pathname === '/oauth/linkedin/callback',
    );
    if (new URL(page.url()).pathname === '/oauth/v2/authorization') {
      await page.getByRole('button', { name: 'Allow', exact: true }).click();
    }
    await page.waitForURL((url) => url.pathname === '/oauth/linkedin/callback');
    await expect.poll(() => page.textContent('#member-name')).toBe(gateway.emulator.defaultMember.name);
    expect(await page.textContent('#pages')).toContain(gateway.emulator.defaultOrganization.name);
    await page.close();
  });

  it("an agent's OAuth authorization: consent page → Allow → LinkedIn → code on the client's loopback URI", async () => {
    // The client's redirect target: a loopback page, as a native app or MCP client would run.
    const landed: URL[] = [];
    const server = createServer((req, res) => {
      landed.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1 id="done">client got the answer</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
    try {
      const registered = await request(`${gateway.url}/oauth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: [redirectUri],
          token_endpoint_auth_method: 'none',
          client_name: 'Browser test agent',
        }),
      });
      const { client_id } = (await registered.body.json()) as { client_id: string };
      const authorize = new URL('/oauth/authorize', gateway.url);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id,
        redirect_uri: redirectUri,
        code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'),
        code_challenge_method: 'S256',
        state: 'browser-state',
      }).toString();
      const page = await browser.newPage();
      await page.goto(authorize.toString());
      expect(await page.textContent('#client-name')).toBe('Browser test agent');
      await page.screenshot({ path: `${ARTIFACTS}auth-gateway-oauth-consent.png`, fullPage: true });
      await page.click('#allow');
      // LinkedIn asks only if the member has not allowed the app before; either way the browser ends at the client.
      await page.waitForURL(
        (url) => url.pathname === '/oauth/v2/authorization' || url.pathname === '/callback',
      );
      if (new URL(page.url()).pathname === '/oauth/v2/authorization') {
        await page.getByRole('button', { name: 'Allow', exact: true }).click();
      }
      await page.waitForURL((url) => url.pathname === '/callback');
      expect(await page.textContent('#done')).toBe('client got the answer');
      const answer = landed.find((url) => url.pathname === '/callback');
      expect(answer?.searchParams.get('code')).toMatch(/^lbac_/);
      expect(answer?.searchParams.get('state')).toBe('browser-state');
      await page.close();
    } finally {
      server.close();
    }
  });
});
