import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_KEY, useGatewayHarness } from './harness.ts';

const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { RATE_LIMIT_PER_MINUTE: '5' },
);

describe('OpenAPI and hardening', () => {
  it('serves an OpenAPI 3.1 document generated from the route schemas, and a self-hosted UI', async () => {
    const h = harness();
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }
        >
      >;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/v1/connections/authorize',
      '/v1/connections',
      '/v1/connections/{connectionId}',
      '/v1/connections/{connectionId}/refresh',
      '/v1/posts',
      '/v1/posts/{requestId}',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const authorize =
      doc.paths['/v1/connections/authorize']?.['post']?.requestBody?.content['application/json']?.schema;
    expect(authorize?.properties['kind']).toMatchObject({ enum: ['member', 'organization'] });
    const posts = doc.paths['/v1/posts']?.['post']?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(posts?.properties ?? {})).toEqual(
      expect.arrayContaining(['requestId', 'connectionId', 'text', 'media']),
    );

    const edit =
      doc.paths['/v1/posts/{requestId}']?.['patch']?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(edit?.properties ?? {})).toEqual(['text']);
    expect(Object.keys(doc.paths['/v1/posts/{requestId}'] ?? {})).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
    // DELETE documents both meanings: cancel before LinkedIn (202 cancelling, 200 cancelled), delete after.
    const removal = doc.paths['/v1/posts/{requestId}']?.['delete'] as unknown as {
      summary: string;
      responses: Record<string, unknown>;
    };
    expect(removal.summary).toMatch(/Cancel the post if it is not yet on LinkedIn, delete it if it is/);
    expect(Object.keys(removal.responses)).toEqual(expect.arrayContaining(['200', '202', '404', '409']));

    const ui = await h.app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-security-policy']).toContain("default-src 'none'");
    expect(ui.body).toContain('POST /v1/posts');
    expect(ui.body).not.toMatch(/<script|https?:\/\/(?!localhost)[a-z]+\.[a-z]+\/[^"]*\.(js|css)/);
  });

  it('sets security headers on API answers and rate-limits per key with 429 rate_limited', async () => {
    const h = harness();
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await h.app.inject({
        method: 'GET',
        url: '/v1/connections?tenantId=tenant-b',
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(last?.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(last?.headers['x-content-type-options']).toBe('nosniff');
    expect(last?.headers['referrer-policy']).toBe('no-referrer');
    const health = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
  });
});
