import { createRequire } from 'node:module';
import { AuthClient, RestliClient } from 'linkedin-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.ts';
import { textPostBody } from '../src/text-post-body.ts';
import { mp4Bytes, PNG_BYTES } from './conformance/fixtures.ts';
import { ACTIVE_VERSION, FIXED_NOW, REDIRECT_URI } from './helpers.ts';

/**
 * LinkedIn's official JavaScript client (`linkedin-api-client` on npm) against the emulator. The client hard-codes
 * `https://www.linkedin.com/oauth/v2` and `https://api.linkedin.com/{rest,v2}` and has no base-URL option, so a
 * request interceptor rewrites those origins to the emulator's: on the `RestliClient`'s own axios instance, and on
 * the global axios instance that `AuthClient` uses (loaded from the client's own dependency tree, so it is the very
 * instance the client calls).
 */
type Axios = RestliClient['axiosInstance'];
type HttpFailure = { status: number; data: Record<string, unknown>; headers: Record<string, unknown> };

const clientRequire = createRequire(createRequire(import.meta.url).resolve('linkedin-api-client'));
const globalAxios = clientRequire('axios') as { default: Axios };
const LINKEDIN_ORIGINS = /^https:\/\/(?:www|api)\.linkedin\.com/;
const SCOPES = ['openid', 'profile', 'email', 'w_member_social', 'r_member_social'];

let emulator: RunningEmulator;
let auth: AuthClient;
let restli: RestliClient;
let interceptors: { axios: Axios; id: number }[] = [];
let token = '';
let memberUrn = '';

function pointAtEmulator(axios: Axios): void {
  const id = axios.interceptors.request.use((config) => {
    if (config.url) config.url = config.url.replace(LINKEDIN_ORIGINS, emulator.url);
    return config;
  });
  interceptors.push({ axios, id });
}

/** The HTTP answer of a call the client rejected (axios rejects every status ≥ 400). */
async function failure(call: Promise<unknown>): Promise<HttpFailure> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: HttpFailure }).response;
    if (response) return response;
    throw error;
  }
  throw new Error('the call succeeded; a failure was expected');
}

/** Authorization URL from the client → the emulator's consent (decided by `emulator_decision`) → the code. */
async function authorizationCode(
  scopes = SCOPES,
  state = 'csrf-1',
  member?: string,
): Promise<{ location: URL }> {
  const url = new URL(
    auth.generateMemberAuthorizationUrl(scopes, state).replace(LINKEDIN_ORIGINS, emulator.url),
  );
  url.searchParams.set('emulator_decision', 'allow');
  if (member !== undefined) url.searchParams.set('emulator_member', member);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status, await res.text()).toBe(302);
  return { location: new URL(res.headers.get('location') ?? '') };
}

async function connect(
  scopes = SCOPES,
  member?: string,
): Promise<{ access_token: string; refresh_token?: string }> {
  const { location } = await authorizationCode(scopes, 'csrf-1', member);
  return auth.exchangeAuthCodeForAccessToken(location.searchParams.get('code') ?? '');
}

const common = () => ({ accessToken: token, versionString: ACTIVE_VERSION });

async function createPost(text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await restli.create({
    resourcePath: '/posts',
    entity: textPostBody(memberUrn, text, extra),
    ...common(),
  });
  expect(res.status).toBe(201);
  return res.createdEntityId as string;
}

async function getPost(urn: string): Promise<Record<string, unknown>> {
  const res = await restli.get({ resourcePath: '/posts/{id}', pathKeys: { id: urn }, ...common() });
  return res.data;
}

async function initializeUpload(resource: 'images' | 'videos', request: Record<string, unknown>) {
  const res = await restli.action({
    resourcePath: `/${resource}`,
    actionName: 'initializeUpload',
    data: { initializeUploadRequest: { owner: memberUrn, ...request } },
    ...common(),
  });
  return (res.data as { value: Record<string, unknown> }).value;
}

beforeAll(async () => {
  emulator = await startEmulator({ now: () => FIXED_NOW });
  auth = new AuthClient({
    clientId: emulator.app.clientId,
    clientSecret: emulator.app.clientSecret,
    redirectUrl: REDIRECT_URI,
  });
  restli = new RestliClient();
  pointAtEmulator(globalAxios.default);
  pointAtEmulator(restli.axiosInstance);
  memberUrn = emulator.defaultMember.urn;
  token = (await connect()).access_token;
});

afterAll(async () => {
  for (const { axios, id } of interceptors) axios.interceptors.request.eject(id);
  interceptors = [];
  await emulator.close();
});

describe('linkedin-api-client (official) against the emulator', () => {
  it('authorization URL: comma-separated scopes and an unencoded redirect_uri reach a code and the state', async () => {
    const raw = auth.generateMemberAuthorizationUrl(SCOPES, 'csrf-2');
    expect(raw).toContain(`scope=${SCOPES.join(',')}`);
    const { location } = await authorizationCode(SCOPES, 'csrf-2');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('code')).toMatch(/^AQ/);
    expect(location.searchParams.get('state')).toBe('csrf-2');
  });

  it('code exchange: an access token for the requested scopes', async () => {
    const tokens = (await connect()) as { access_token: string; expires_in: number; scope: string };
    expect(tokens.access_token).toMatch(/^AQ/);
    expect(tokens.expires_in).toBe(5_184_000);
    expect(tokens.scope.split(/[ ,]/).sort()).toEqual([...SCOPES].sort());
  });

  it('refresh: a refresh token gives a new access token that works', async () => {
    const { refresh_token: refreshToken } = await connect();
    const refreshed = await auth.exchangeRefreshTokenForAccessToken(refreshToken ?? '');
    expect(refreshed.access_token).toMatch(/^AQ/);
    const me = await fetch(`${emulator.url}/v2/userinfo`, {
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: emulator.defaultMember.sub });
  });

  it('introspection: the token is active with its scopes', async () => {
    const res = (await auth.introspectAccessToken(token)) as unknown as { data: Record<string, unknown> };
    expect(res.data).toMatchObject({ active: true, status: 'active', client_id: emulator.app.clientId });
    expect(String(res.data['scope']).split(',').sort()).toEqual([...SCOPES].sort());
  });

  it('create: 201 and the URN from x-restli-id', async () => {
    const urn = await createPost('Created by the official client');
    expect(urn).toMatch(/^urn:li:share:\d{19}$/);
    const stored = emulator.state.posts.get(urn);
    expect(stored?.commentary).toBe('Created by the official client');
  });

  it('get: the post by its encoded URN', async () => {
    const urn = await createPost('Read me back');
    expect(await getPost(urn)).toMatchObject({ id: urn, author: memberUrn, commentary: 'Read me back' });
  });

  it('finder: posts by author', async () => {
    const urn = await createPost('Found by author');
    const res = await restli.finder({
      resourcePath: '/posts',
      finderName: 'author',
      queryParams: { author: memberUrn, count: 100 },
      ...common(),
    });
    const elements = (res.data as { elements: { id: string }[] }).elements;
    expect(elements.map((e) => e.id)).toContain(urn);
  });

  it('batch get: results keyed by URN', async () => {
    const first = await createPost('Batch one');
    const second = await createPost('Batch two');
    const res = await restli.batchGet({ resourcePath: '/posts', ids: [first, second], ...common() });
    const data = res.data as unknown as {
      results: Record<string, { commentary: string }>;
      statuses: Record<string, number>;
    };
    expect(data.results[first]?.commentary).toBe('Batch one');
    expect(data.results[second]?.commentary).toBe('Batch two');
    expect(data.statuses).toEqual({ [first]: 200, [second]: 200 });
  });

  it('partial update: commentary changes and isEditedByAuthor turns true', async () => {
    const urn = await createPost('Before the edit');
    const res = await restli.partialUpdate({
      resourcePath: '/posts/{id}',
      pathKeys: { id: urn },
      patchSetObject: { commentary: 'After the edit' },
      ...common(),
    });
    expect(res.status).toBe(204);
    expect(await getPost(urn)).toMatchObject({
      commentary: 'After the edit',
      lifecycleStateInfo: { isEditedByAuthor: true },
    });
  });

  it('delete: 204, then GET gives 404', async () => {
    const urn = await createPost('Delete me');
    const res = await restli.delete({ resourcePath: '/posts/{id}', pathKeys: { id: urn }, ...common() });
    expect(res.status).toBe(204);
    const gone = await failure(getPost(urn));
    expect(gone.status).toBe(404);
  });

  it('image upload: initializeUpload, PUT the bytes, post the image', async () => {
    const value = await initializeUpload('images', {});
    const put = await restli.axiosInstance.put(String(value['uploadUrl']), PNG_BYTES, {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(201);
    const image = String(value['image']);
    const urn = await createPost('With an image', { content: { media: { id: image, altText: 'a pixel' } } });
    expect(await getPost(urn)).toMatchObject({ content: { media: { id: image } } });
  });

  it('video upload: initializeUpload, part PUTs without Authorization, finalizeUpload, post the video', async () => {
    const size = 5 * 1024 * 1024;
    const bytes = mp4Bytes(size);
    const value = await initializeUpload('videos', {
      fileSizeBytes: size,
      uploadCaptions: false,
      uploadThumbnail: false,
    });
    const instructions = value['uploadInstructions'] as {
      uploadUrl: string;
      firstByte: number;
      lastByte: number;
    }[];
    expect(instructions.length).toBe(2);
    const etags: string[] = [];
    for (const part of instructions) {
      const put = await restli.axiosInstance.put(
        part.uploadUrl,
        bytes.subarray(part.firstByte, part.lastByte + 1),
        {
          headers: { 'content-type': 'application/octet-stream' },
        },
      );
      etags.push(String(put.headers['etag']));
    }
    const video = String(value['video']);
    const finalized = await restli.action({
      resourcePath: '/videos',
      actionName: 'finalizeUpload',
      data: { finalizeUploadRequest: { video, uploadToken: '', uploadedPartIds: etags } },
      ...common(),
    });
    expect(finalized.status).toBe(200);
    const urn = await createPost('With a video', { content: { media: { id: video, title: 'Clip' } } });
    expect(await getPost(urn)).toMatchObject({ content: { media: { id: video, title: 'Clip' } } });
  });

  it('query tunnelling: a batch get past 4,000 characters goes as POST + X-HTTP-Method-Override and is answered', async () => {
    const urn = await createPost('Tunnelled');
    const missing = Array.from({ length: 150 }, (_, i) => `urn:li:share:7${String(i).padStart(18, '0')}`);
    const res = await restli.batchGet({ resourcePath: '/posts', ids: [urn, ...missing], ...common() });
    const data = res.data as { results: Record<string, unknown>; statuses: Record<string, number> };
    expect(Object.keys(data.results)).toEqual([urn]);
    expect(Object.values(data.statuses).filter((s) => s === 404)).toHaveLength(150);
    const tunnelled = emulator.state.requests
      .entries()
      .filter(
        (e) =>
          e.method === 'POST' && e.path === '/rest/posts' && e.headers['x-http-method-override'] === 'GET',
      );
    expect(tunnelled).toHaveLength(1);
    expect(tunnelled[0]?.status).toBe(200);
  });

  it('documented error: an unknown field in a post body → 422 "unrecognized field found but not allowed"', async () => {
    const body = { ...textPostBody(memberUrn, 'typo'), visibilty: 'PUBLIC' };
    const res = await failure(restli.create({ resourcePath: '/posts', entity: body, ...common() }));
    expect(res.status).toBe(422);
    expect(res.data['message']).toBe('ERROR :: /visibilty :: unrecognized field found but not allowed\n');
    expect(res.headers['x-restli-error-response']).toBe('true');
    expect(res.headers['x-restli-protocol-version']).toBe('2.0.0');
  });

  it('documented error: an invalid token → 401 INVALID_ACCESS_TOKEN (65600)', async () => {
    const urn = await createPost('Guarded');
    const res = await failure(
      restli.get({
        resourcePath: '/posts/{id}',
        pathKeys: { id: urn },
        accessToken: 'garbage',
        versionString: ACTIVE_VERSION,
      }),
    );
    expect(res.status).toBe(401);
    expect(res.data).toMatchObject({ serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' });
  });

  it('documented error: a version that is not active → 426 NONEXISTENT_VERSION', async () => {
    const res = await failure(
      restli.create({
        resourcePath: '/posts',
        entity: textPostBody(memberUrn, 'old version'),
        accessToken: token,
        versionString: '202201',
      }),
    );
    expect(res.status).toBe(426);
    expect(res.data).toMatchObject({
      code: 'NONEXISTENT_VERSION',
      message: 'Requested version 20220101 is not active',
    });
  });

  it('documented error: reading with a write-only token → 403 partnerApiPostsExternal.GET', async () => {
    // Another member: a different scope set would revoke the default member's other tokens (reference §1.1).
    const writer = emulator.state.directory.addMember({ sub: 'writeOnly1', name: 'Write Only' });
    const writeOnly = (await connect(['openid', 'w_member_social'], writer.sub)).access_token;
    const urn = (
      await restli.create({
        resourcePath: '/posts',
        entity: textPostBody(`urn:li:person:${writer.sub}`, 'Unreadable'),
        accessToken: writeOnly,
        versionString: ACTIVE_VERSION,
      })
    ).createdEntityId as string;
    const res = await failure(
      restli.get({
        resourcePath: '/posts/{id}',
        pathKeys: { id: urn },
        accessToken: writeOnly,
        versionString: ACTIVE_VERSION,
      }),
    );
    expect(res.status).toBe(403);
    expect(res.data).toMatchObject({
      code: 'ACCESS_DENIED',
      message: `Not enough permissions to access: partnerApiPostsExternal.GET.${ACTIVE_VERSION}01`,
    });
  });

  it('documented error: the same post again within 10 minutes → 422 DUPLICATE_POST', async () => {
    const first = await createPost('Said twice');
    const res = await failure(
      restli.create({ resourcePath: '/posts', entity: textPostBody(memberUrn, 'Said twice'), ...common() }),
    );
    expect(res.status).toBe(422);
    expect(String(res.data['message'])).toContain(`Content is a duplicate of ${first}`);
  });
});
