import { afterEach, describe, expect, it } from 'vitest';
import {
  FIXED_NOW,
  getToken,
  memberUrn,
  postBody,
  restHeaders,
  setup,
  type TestEmulator,
} from './helpers.ts';

let emulator: TestEmulator;
afterEach(async () => {
  await emulator.app.close();
});

describe('admin surface', () => {
  it('moves the emulated clock', async () => {
    emulator = setup();
    const res = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/clock',
      payload: { advanceSeconds: 90 },
    });
    expect(res.json()).toEqual({ now: FIXED_NOW + 90_000, iso: new Date(FIXED_NOW + 90_000).toISOString() });
    const bad = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/clock',
      payload: { advance: 1 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('adds members and the organizations they administer', async () => {
    emulator = setup();
    const res = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/members',
      payload: {
        members: [
          { name: 'Grace Hopper', organizations: [{ id: '4242', name: 'Navy Labs', role: 'CONTENT_ADMIN' }] },
          { sub: 'fixedSub01', name: 'Solo', email: 'solo@example.org' },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const { members } = res.json<{ members: Record<string, unknown>[] }>();
    expect(members[0]).toMatchObject({
      name: 'Grace Hopper',
      givenName: 'Grace',
      familyName: 'Hopper',
      email: 'grace.hopper@example.com',
      organizations: [{ urn: 'urn:li:organization:4242', name: 'Navy Labs', role: 'CONTENT_ADMIN' }],
    });
    expect(members[1]).toMatchObject({ sub: 'fixedSub01', email: 'solo@example.org', organizations: [] });
    const again = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/members',
      payload: { members: [{ sub: 'fixedSub01', name: 'Dup' }] },
    });
    expect(again.statusCode).toBe(409);
  });

  it('merges app settings', async () => {
    emulator = setup();
    const res = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/app',
      payload: { addRedirectUris: ['http://localhost:5173/cb'], refreshTokens: false },
    });
    expect(res.json()).toMatchObject({
      clientId: 'emulator-client-id',
      redirectUris: ['http://localhost:8080/oauth/linkedin/callback', 'http://localhost:5173/cb'],
      refreshTokens: false,
    });
    const rejected = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/app',
      payload: { redirectUris: ['http://x/cb#frag'] },
    });
    expect(rejected.statusCode).toBe(400);
  });

  it('takes quotas, processing time and the transient-65601 window as app settings', async () => {
    emulator = setup();
    const res = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/app',
      payload: {
        memberDailyCreateLimit: 5,
        appDailyCreateLimit: 50,
        mediaProcessingSeconds: 0,
        transientRevokedSeconds: 2,
      },
    });
    expect(res.json()).toMatchObject({
      memberDailyCreateLimit: 5,
      appDailyCreateLimit: 50,
      mediaProcessingSeconds: 0,
      transientRevokedSeconds: 2,
      uploadUrlTtlSeconds: 86400,
      videoUploadUrlTtlSeconds: 30 * 86400,
    });
    const bad = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/app',
      payload: { memberDailyCreateLimit: -1 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lists organizations with their lookup fields', async () => {
    emulator = setup();
    const res = await emulator.app.inject({ method: 'GET', url: '/_emulator/organizations' });
    expect(res.json()).toEqual({
      organizations: [
        expect.objectContaining({
          $URN: emulator.state.defaultOrganization.urn,
          localizedName: 'Emulated Widgets Inc',
          vanityName: 'emulated-widgets-inc',
        }),
      ],
    });
  });

  it('answers 404 for unknown members and media', async () => {
    emulator = setup();
    const revoke = await emulator.app.inject({ method: 'POST', url: '/_emulator/members/nobody/revoke' });
    expect(revoke.statusCode).toBe(404);
    const fail = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/media/fail',
      payload: { urn: 'urn:li:image:C4E10AQnone' },
    });
    expect(fail.statusCode).toBe(404);
  });

  it('reset clears posts, tokens, requests, faults, settings and the clock but keeps the default people', async () => {
    emulator = setup();
    const { app, state } = emulator;
    const sub = state.defaultMember.sub;
    const orgUrn = state.defaultOrganization.urn;
    const token = await getToken(app);
    await app.inject({
      method: 'POST',
      url: '/rest/posts',
      headers: restHeaders(token),
      payload: postBody(memberUrn(state), 'x'),
    });
    await app.inject({
      method: 'POST',
      url: '/_emulator/faults',
      payload: { method: '*', pathPrefix: '/v2', status: 500, times: 3 },
    });
    await app.inject({ method: 'POST', url: '/_emulator/members', payload: { members: [{ name: 'Temp' }] } });
    await app.inject({ method: 'POST', url: '/_emulator/app', payload: { refreshTokens: false } });
    await app.inject({
      method: 'POST',
      url: '/rest/images?action=initializeUpload',
      headers: restHeaders(token),
      payload: { initializeUploadRequest: { owner: memberUrn(state) } },
    });
    state.clock.advance(3600);

    const res = await app.inject({ method: 'POST', url: '/_emulator/reset' });
    expect(res.statusCode).toBe(200);
    expect(state.clock.now()).toBe(FIXED_NOW);
    expect((await app.inject({ method: 'GET', url: '/_emulator/posts' })).json()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/_emulator/requests' })).json()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/_emulator/faults' })).json()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/_emulator/media' })).json()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/_emulator/quotas' })).json()).toMatchObject({
      apps: {},
    });
    expect(state.app.refreshTokens).toBe(true);
    expect(state.defaultMember.sub).toBe(sub);
    expect(state.defaultOrganization.urn).toBe(orgUrn);
    expect(state.directory.members.size).toBe(1);
    const me = await app.inject({
      method: 'GET',
      url: '/v2/userinfo',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ serviceErrorCode: 65600 });
  });
});
