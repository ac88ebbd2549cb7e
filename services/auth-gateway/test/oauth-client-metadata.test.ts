import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useGatewayHarness, type GatewayHarness } from './harness.ts';
import { json, startDocumentServer } from './document-server.ts';
import {
  authorizedTokens,
  authorizePath,
  authorizeThroughLinkedIn,
  CLIENT_REDIRECT,
  pkcePair,
  redeem,
  type TestClient,
} from './oauth-flow.ts';

// The documents this test serves itself; a second server, on a port NOT listed, must never be reached.
const docs = await startDocumentServer();
const unlisted = await startDocumentServer();
afterAll(() => Promise.all([docs.close(), unlisted.close()]));

// Registration stays `protected` (the default): a metadata document client needs no registration at all.
const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_TENANT: 'tenant-a', OAUTH_CLIENT_METADATA_INSECURE_HOSTS: docs.host },
);

/** Served over plain HTTP (the host is listed), named `https://` as MCP clients name theirs. */
const documentUrl = (path: string) => `https://${docs.host}${path}`;

function documentClient(path: string, extra: Record<string, unknown> = {}): TestClient {
  const clientId = documentUrl(path);
  docs.routes.set(
    path,
    json(
      {
        client_id: clientId,
        // A right-to-left override would let the name display reversed: it is dropped.
        client_name: 'Agent\u202e <script>alert(1)</script> & co',
        redirect_uris: [CLIENT_REDIRECT],
        token_endpoint_auth_method: 'none',
        ...extra,
      },
      'public, max-age=120',
    ),
  );
  return { client_id: clientId, redirect_uris: [CLIENT_REDIRECT] };
}

async function authorizePage(h: GatewayHarness, clientId: string, redirectUri = CLIENT_REDIRECT) {
  const { challenge } = pkcePair();
  return h.app.inject({
    url: authorizePath({ client_id: clientId, redirect_uris: [redirectUri] }, { code_challenge: challenge }),
  });
}

/** The refusal shown on our page: never a redirect to the unverified redirect URI. */
async function refusal(h: GatewayHarness, clientId: string, redirectUri?: string) {
  const page = await authorizePage(h, clientId, redirectUri);
  expect(page.statusCode).toBe(400);
  expect(page.headers.location).toBeUndefined();
  return {
    error: /<code id="error">([^<]*)<\/code>/.exec(page.body)?.[1],
    description: /<span id="error-description">([^<]*)<\/span>/.exec(page.body)?.[1] ?? '',
  };
}

const mcpCall = (h: GatewayHarness, token: string, name: string, args: Record<string, unknown>) =>
  h.app.inject({
    method: 'POST',
    url: '/mcp',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
    },
    payload: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name, arguments: args },
    }),
  });

describe('Client ID Metadata Documents', () => {
  it('the RFC 8414 metadata says they are supported', async () => {
    const metadata = await harness().app.inject({ url: '/.well-known/oauth-authorization-server' });
    expect(metadata.json()).toMatchObject({ client_id_metadata_document_supported: true });
  });

  it('a URL client_id: consent names it and its host as unreviewed, then code, PKCE token, and /mcp works', async () => {
    const h = harness();
    const client = documentClient('/happy/client.json');

    const page = await authorizePage(h, client.client_id);
    expect(page.statusCode).toBe(200);
    // The document's name is shown as text (escaped), next to the host that vouches for it.
    expect(page.body).toContain(
      '<span id="client-name">Agent &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</span>',
    );
    expect(page.body).not.toContain('<script>');
    expect(/<code id="client-host">([^<]*)<\/code>/.exec(page.body)?.[1]).toBe(docs.host);
    expect(page.body).toMatch(/id="client-unreviewed">This application was not registered or reviewed by/);

    const { tokens } = await authorizedTokens(h, client);
    expect(tokens.scope).toBe('posts:write connections:read');
    const { connection_id: connectionId } = tokens as unknown as { connection_id: string };
    await h.keeper.waitFor(connectionId);
    const call = await mcpCall(h, tokens.access_token, 'publish_post', {
      text: 'posted by a metadata document client',
      waitSeconds: 0,
    });
    expect(call.statusCode).toBe(200);
    expect(call.json()).toMatchObject({ id: 1, result: { content: [{ type: 'text' }] } });
    expect(call.json<{ result: { isError?: boolean } }>().result.isError).toBeUndefined();
    // The page, the consent POST and the token request all used one fetch: the document is cached.
    expect(docs.requests.get('/happy/client.json')).toBe(1);
  });

  it('a second authorization within max-age does not fetch again; one after it does', async () => {
    const h = harness();
    const client = documentClient('/cached/client.json');
    expect((await authorizePage(h, client.client_id)).statusCode).toBe(200);
    expect((await authorizePage(h, client.client_id)).statusCode).toBe(200);
    expect(docs.requests.get('/cached/client.json')).toBe(1);
    h.clock.now += 121_000;
    expect((await authorizePage(h, client.client_id)).statusCode).toBe(200);
    expect(docs.requests.get('/cached/client.json')).toBe(2);
  });

  it('the token endpoint re-checks the document: a redirect URI no longer listed is invalid_client', async () => {
    const h = harness();
    const client = documentClient('/changed/client.json');
    const { verifier, challenge } = pkcePair();
    const landed = await authorizeThroughLinkedIn(h, client, { code_challenge: challenge });
    const code = landed.searchParams.get('code') ?? '';
    documentClient('/changed/client.json', { redirect_uris: ['https://agent.example.test/elsewhere'] });
    h.clock.now += 121_000;
    const response = await redeem(h, client, code, verifier);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('Client ID Metadata Documents that are refused (our page, 400, no redirect)', () => {
  it('a document whose client_id is not its URL', async () => {
    const h = harness();
    docs.routes.set(
      '/mismatch.json',
      json({ client_id: documentUrl('/other.json'), redirect_uris: [CLIENT_REDIRECT] }),
    );
    expect(await refusal(h, documentUrl('/mismatch.json'))).toEqual({
      error: 'invalid_client',
      description: 'the client metadata document&#39;s client_id is not the URL it was fetched from',
    });
  });

  it('a redirect_uri the document does not list', async () => {
    const h = harness();
    const client = documentClient('/listed.json');
    expect(await refusal(h, client.client_id, 'https://attacker.example.test/cb')).toEqual({
      error: 'invalid_client',
      description: 'redirect_uri is not listed in the client&#39;s metadata document',
    });
  });

  it('a document larger than 5 KB, streamed without a length', async () => {
    const h = harness();
    docs.routes.set('/large.json', (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(`{"client_id":"${documentUrl('/large.json')}","padding":"`);
      for (let i = 0; i < 6; i++) response.write('x'.repeat(1024));
      response.end('"}');
    });
    expect(await refusal(h, documentUrl('/large.json'))).toEqual({
      error: 'invalid_client',
      description: 'the client metadata document is larger than 5120 bytes',
    });
  });

  it('a document that does not arrive within 5 s', async () => {
    const h = harness();
    // Headers at once, then a space every half second: no single wait is long, the whole fetch is.
    docs.routes.set('/slow.json', (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{');
      const drip = setInterval(() => response.write(' '), 500);
      response.on('close', () => clearInterval(drip));
    });
    expect(await refusal(h, documentUrl('/slow.json'))).toEqual({
      error: 'invalid_client',
      description: 'the client metadata document did not arrive within 5 s',
    });
  });

  it.each([
    ['127.0.0.1 on a port not listed', () => `https://127.0.0.1:${unlisted.host.split(':')[1]}/doc.json`],
    ['localhost', () => `https://localhost:${unlisted.host.split(':')[1]}/doc.json`],
    ['an IPv4-mapped loopback address', () => `https://[::ffff:127.0.0.1]:${unlisted.host.split(':')[1]}/d`],
  ])('%s: refused by the address guard before any connection', async (_name, url) => {
    const h = harness();
    expect(await refusal(h, url())).toEqual({
      error: 'invalid_client',
      description: 'the client metadata document&#39;s host is not a public address',
    });
    expect(unlisted.connections()).toBe(0);
  });

  it('an http:// URL whose host is not listed', async () => {
    const h = harness();
    const result = await refusal(h, `http://${unlisted.host}/doc.json`);
    expect(result).toEqual({
      error: 'invalid_client',
      description: 'client_id is not a usable client metadata document URL: it must be https',
    });
    expect(unlisted.connections()).toBe(0);
  });

  it('a body that is not JSON, or not served as application/json', async () => {
    const h = harness();
    docs.routes.set('/garbage.json', (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"client_id": nope');
    });
    docs.routes.set('/page.html', (response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html></html>');
    });
    expect(await refusal(h, documentUrl('/garbage.json'))).toEqual({
      error: 'invalid_client',
      description: 'the client metadata document is not valid JSON',
    });
    expect(await refusal(h, documentUrl('/page.html'))).toEqual({
      error: 'invalid_client',
      description: 'the client metadata document is text/html, not application/json',
    });
  });

  it('a redirect, a client secret, a confidential auth method, a URL without a path or with dot segments', async () => {
    const h = harness();
    docs.routes.set('/moved.json', (response) => {
      response.writeHead(302, { location: documentUrl('/listed.json') }).end();
    });
    expect((await refusal(h, documentUrl('/moved.json'))).description).toBe(
      'the client metadata document URL answered 302 (redirects are not followed)',
    );
    const secret = documentClient('/secret.json', { client_secret: 'shh' });
    expect((await refusal(h, secret.client_id)).description).toBe(
      'a client metadata document must not carry a client secret',
    );
    const basic = documentClient('/basic.json', { token_endpoint_auth_method: 'client_secret_basic' });
    expect((await refusal(h, basic.client_id)).description).toMatch(
      /^the client metadata document asks for token_endpoint_auth_method client_secret_basic/,
    );
    expect((await refusal(h, `https://${docs.host}/`)).description).toBe(
      'client_id is not a usable client metadata document URL: it has no path',
    );
    expect((await refusal(h, `https://${docs.host}/a/../listed.json`)).description).toBe(
      'client_id is not a usable client metadata document URL: it has a dot segment',
    );
  });
});
