import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokenIssued } from '@li-bus/contracts';
import { CONNECT_PAGE, landing, RETURN_TO, useGatewayHarness } from './harness.ts';

const harness = useGatewayHarness({ beforeAll, afterAll, beforeEach, afterEach });
const SIXTEEN_MINUTES = 16 * 60 * 1000;

describe('GET /oauth/linkedin/callback: refused flows never reach the token endpoint', () => {
  it('missing_params without a state', async () => {
    const h = harness();
    const { status, location } = await h.callback('/oauth/linkedin/callback?code=AQabc');
    expect(status).toBe(302);
    expect(landing(location)).toEqual({ target: CONNECT_PAGE, query: { error: 'missing_params' } });
    expect(await h.tokenExchanges()).toBe(0);
  });

  it.each([
    'state=a&state=b',
    'state=&state=x&code=AQabc',
    'state&state=%C0%AF',
    'code=AQa&code=AQb&state=x&state=y',
  ])('missing_params, not a 500, for a repeated state: %s', async (query) => {
    const h = harness();
    const { status, location } = await h.callback(`/oauth/linkedin/callback?${query}`);
    expect(status).toBe(302);
    expect(landing(location)).toEqual({ target: CONNECT_PAGE, query: { error: 'missing_params' } });
    expect(await h.tokenExchanges()).toBe(0);
  });

  it('missing_params for a repeated code on a live flow, without calling the token endpoint', async () => {
    const h = harness();
    const { consentUrl, cookie } = await h.start(await h.authorize());
    const callbackUrl = await h.consent(consentUrl, 'allow');
    callbackUrl.searchParams.append('code', 'AQsecond');
    const { status, location } = await h.callback(callbackUrl, cookie);
    expect(status).toBe(302);
    expect(landing(location)).toEqual({ target: RETURN_TO, query: { error: 'missing_params' } });
    expect(await h.tokenExchanges()).toBe(0);
  });

  it('session_expired for a state the gateway never issued', async () => {
    const h = harness();
    const { cookie } = await h.start(await h.authorize());
    const { status, location } = await h.callback(
      '/oauth/linkedin/callback?code=AQabc&state=forged-state',
      cookie,
    );
    expect(status).toBe(302);
    expect(landing(location)).toEqual({ target: CONNECT_PAGE, query: { error: 'session_expired' } });
    expect(await h.tokenExchanges()).toBe(0);
  });

  it('session_expired when a completed callback is replayed', async () => {
    const h = harness();
    const { landed, callbackUrl, cookie } = await h.connectMember();
    expect(landed.searchParams.get('connected')).toBe('true');
    expect(await h.tokenExchanges()).toBe(1);

    const replay = await h.callback(callbackUrl, cookie);
    expect(replay.status).toBe(302);
    expect(landing(replay.location)).toEqual({ target: CONNECT_PAGE, query: { error: 'session_expired' } });
    expect(await h.tokenExchanges()).toBe(1);
    expect(h.events.filter((e) => e.subject === 'token.issued')).toHaveLength(1);
  });

  it('session_expired when the flow is finished without the browser cookie that started it', async () => {
    const h = harness();
    const { consentUrl } = await h.start(await h.authorize());
    const callbackUrl = await h.consent(consentUrl, 'allow');
    const { status, location } = await h.callback(callbackUrl);
    expect(status).toBe(302);
    expect(landing(location)).toEqual({ target: RETURN_TO, query: { error: 'session_expired' } });
    expect(await h.tokenExchanges()).toBe(0);
  });

  it('session_expired when the flow is finished with another browser’s cookie', async () => {
    const h = harness();
    const victim = await h.start(await h.authorize());
    const attacker = await h.start(await h.authorize());
    expect(attacker.cookie).not.toBe(victim.cookie);
    const callbackUrl = await h.consent(victim.consentUrl, 'allow');
    const { status, location } = await h.callback(callbackUrl, attacker.cookie);
    expect(status).toBe(302);
    expect(landing(location)).toEqual({ target: RETURN_TO, query: { error: 'session_expired' } });
    expect(await h.tokenExchanges()).toBe(0);
    expect(h.events).toHaveLength(0);
  });

  it('authorization_denied, back to returnTo, when the member cancels at LinkedIn', async () => {
    const h = harness();
    const { consentUrl, cookie } = await h.start(await h.authorize());
    const callbackUrl = await h.consent(consentUrl, 'cancel');
    expect(callbackUrl.searchParams.get('error')).toBe('user_cancelled_authorize');
    const { status, location } = await h.callback(callbackUrl, cookie);
    expect(status).toBe(302);
    expect(landing(location)).toEqual({ target: RETURN_TO, query: { error: 'authorization_denied' } });
    expect(await h.tokenExchanges()).toBe(0);
  });

  it('session_expired when the connect session is started 16 minutes after it was created', async () => {
    const h = harness();
    const startPath = await h.authorize();
    h.clock.now += SIXTEEN_MINUTES;
    const response = await h.app.inject({ method: 'GET', url: startPath });
    expect(response.statusCode).toBe(302);
    expect(landing(new URL(String(response.headers.location)))).toEqual({
      target: CONNECT_PAGE,
      query: { error: 'session_expired' },
    });
    expect(await h.tokenExchanges()).toBe(0);
  });

  it('session_expired when LinkedIn sends the browser back 16 minutes later', async () => {
    const h = harness();
    const { consentUrl, cookie } = await h.start(await h.authorize());
    const callbackUrl = await h.consent(consentUrl, 'allow');
    h.clock.now += SIXTEEN_MINUTES;
    const { status, location } = await h.callback(callbackUrl, cookie);
    expect(status).toBe(302);
    // An expired flow is treated like an unknown one: its returnTo is not trusted any more.
    expect(landing(location)).toEqual({ target: CONNECT_PAGE, query: { error: 'session_expired' } });
    expect(await h.tokenExchanges()).toBe(0);
  });
});

describe('GET /oauth/linkedin/callback: a member connects', () => {
  it('token_exchange_failed when a used code is sent again under a fresh state', async () => {
    const h = harness();
    const { callbackUrl } = await h.connectMember();
    const usedCode = callbackUrl.searchParams.get('code') ?? '';
    expect(await h.tokenExchanges()).toBe(1);

    const { consentUrl, cookie } = await h.start(await h.authorize());
    const fresh = await h.consent(consentUrl, 'allow');
    fresh.searchParams.set('code', usedCode);
    const { status, location } = await h.callback(fresh, cookie);
    expect(status).toBe(302);
    expect(landing(location)).toEqual({ target: RETURN_TO, query: { error: 'token_exchange_failed' } });
    // LinkedIn is asked once (only it knows the code was used) and nothing is issued.
    expect(await h.tokenExchanges()).toBe(2);
    expect(h.events.filter((e) => e.subject === 'token.issued')).toHaveLength(1);
  });

  it('redirects to returnTo with the connectionId and emits token.issued with sealed tokens only', async () => {
    const h = harness();
    const { landed, cookie } = await h.connectMember();
    const { target, query } = landing(landed);
    expect(target).toBe(RETURN_TO);
    expect(query['connected']).toBe('true');
    const connectionId = query['connectionId'] ?? '';
    expect(connectionId).toMatch(/^conn_[A-Za-z0-9_-]+$/);
    expect(cookie).toMatch(/^li_connect=/);

    const issued = h.events.filter((e) => e.subject === 'token.issued');
    expect(issued).toHaveLength(1);
    const raw = issued[0]?.data ?? '';
    const event = tokenIssued.parse(JSON.parse(raw));
    expect(event).toMatchObject({
      connectionId,
      tenantId: 'tenant-a',
      member: { sub: h.emulator.defaultMember.sub, name: h.emulator.defaultMember.name },
    });
    expect(event.accessToken).toMatch(/^v1\.test\./);
    expect(event.refreshToken).toMatch(/^v1\.test\./);
    expect(event.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'w_member_social']));

    const accessToken = h.keyring.open(event.accessToken, connectionId);
    const refreshToken = h.keyring.open(event.refreshToken ?? '', connectionId);
    expect(accessToken).toMatch(/^AQ/);
    expect(raw).not.toContain(accessToken);
    expect(raw).not.toContain(refreshToken);
    expect(() => h.keyring.open(event.accessToken, 'conn_someone_else')).toThrow();

    // The sealed values are the emulator's real tokens: the access token reads the member, the refresh
    // token is accepted by the token endpoint.
    const userinfo = await request(`${h.emulator.url}/v2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(userinfo.statusCode).toBe(200);
    expect(await userinfo.body.json()).toMatchObject({ sub: h.emulator.defaultMember.sub });
    const refreshed = await request(`${h.emulator.url}/oauth/v2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: h.emulator.app.clientId,
        client_secret: h.emulator.app.clientSecret,
      }).toString(),
    });
    await refreshed.body.dump();
    expect(refreshed.statusCode).toBe(200);
  });

  it("reads the member from LinkedIn's id_token: one LinkedIn call, the member /v2/userinfo names", async () => {
    const h = harness();
    const { landed } = await h.connectMember();
    expect(landing(landed).query['connected']).toBe('true');
    expect(await h.tokenExchanges()).toBe(1);
    expect(await h.emulatorCalls('/v2/userinfo')).toBe(0);

    const issued = h.events.filter((e) => e.subject === 'token.issued');
    const event = tokenIssued.parse(JSON.parse(issued[0]?.data ?? ''));
    const accessToken = h.keyring.open(event.accessToken, event.connectionId);
    const userinfo = await request(`${h.emulator.url}/v2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const claims = (await userinfo.body.json()) as Record<string, unknown>;
    expect(event.member).toEqual({
      sub: claims['sub'],
      name: claims['name'],
      email: claims['email'],
      picture: claims['picture'],
    });
  });

  it('gives the same connectionId when the same member connects again', async () => {
    const h = harness();
    const first = landing((await h.connectMember()).landed).query['connectionId'];
    const second = landing((await h.connectMember()).landed).query['connectionId'];
    expect(first).toMatch(/^conn_/);
    expect(second).toBe(first);
    expect(await h.tokenExchanges()).toBe(2);
    expect(h.events.filter((e) => e.subject === 'token.issued')).toHaveLength(2);
  });
});
