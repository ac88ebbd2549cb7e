import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { createKeyring, generateKeySpec } from '@li-bus/sealing';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

describe('publisher: requests that end in post.failed', () => {
  it('connection_not_found when token-keeper does not know the connection', async () => {
    const h = harness();
    await h.startPublisher();
    await h.requestPost({ requestId: 'nf-1', connectionId: 'conn_unknown', text: 'hello' });
    const [outcome] = await h.outcomeOf('nf-1');
    expect(outcome?.subject).toBe(SUBJECTS.postFailed);
    expect(outcome?.body).toMatchObject({
      code: 'connection_not_found',
      connectionId: 'conn_unknown',
      attempts: 1,
    });
    expect(outcome?.body).not.toHaveProperty('linkedin');
    expect(await h.postRequests()).toHaveLength(0);
  });

  it('reauth_required when the connection was revoked', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_revoked');
    h.keeper.revoke('conn_revoked');
    await h.requestPost({ requestId: 'revoked-1', connectionId: 'conn_revoked', text: 'hello' });
    const [outcome] = await h.outcomeOf('revoked-1');
    expect(outcome?.subject).toBe(SUBJECTS.postFailed);
    expect(outcome?.body).toMatchObject({ code: 'reauth_required', attempts: 1 });
    expect(await h.postRequests()).toHaveLength(0);
  });

  it('reauth_required at once when the stored token does not open with the configured keys', async () => {
    const h = harness();
    await h.startPublisher();
    const reply = await h.connect('conn_other_key');
    // Sealed under a key this publisher does not have (e.g. rotated out of TOKEN_ENCRYPTION_KEYS too early).
    const foreign = createKeyring(generateKeySpec('gone')).seal('AQX-some-token', 'conn_other_key');
    h.keeper.store({ ...reply, accessToken: foreign, issuedAt: new Date().toISOString() });
    await h.requestPost({ requestId: 'sealed-1', connectionId: 'conn_other_key', text: 'hello' });
    const [outcome] = await h.outcomeOf('sealed-1');
    expect(outcome?.body).toMatchObject({ code: 'reauth_required', attempts: 1 });
    expect(await h.postRequests()).toHaveLength(0);
  });

  it('permission_denied for a Page the connection does not administer, without calling LinkedIn', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_member');
    const author = 'urn:li:organization:99999999';
    await h.requestPost({ requestId: 'org-1', connectionId: 'conn_member', author, text: 'hello' });
    const [outcome] = await h.outcomeOf('org-1');
    expect(outcome?.subject).toBe(SUBJECTS.postFailed);
    expect(outcome?.body).toMatchObject({ code: 'permission_denied', attempts: 1 });
    expect(outcome?.body).toHaveProperty('message', expect.stringContaining(author));
    expect(await h.postRequests()).toHaveLength(0);
  });

  it('permission_denied with LinkedIn 403 when LinkedIn refuses the Page', async () => {
    const h = harness();
    await h.startPublisher();
    const members = await h.emulatorAdmin.addMembers([
      { name: 'Other Admin', organizations: [{ name: 'Other Page', role: 'ADMINISTRATOR' }] },
    ]);
    const page = members[0]?.organizations[0];
    if (!page) throw new Error('the emulator created no page');
    // token-keeper still lists the Page (stale role), but at LinkedIn the member is not its admin.
    await h.connect('conn_stale', {
      organizations: [{ urn: page.urn, name: page.name, role: 'ADMINISTRATOR' }],
    });
    await h.requestPost({ requestId: 'org-2', connectionId: 'conn_stale', author: page.urn, text: 'hello' });
    const [outcome] = await h.outcomeOf('org-2');
    expect(outcome?.subject).toBe(SUBJECTS.postFailed);
    expect(outcome?.body).toMatchObject({
      code: 'permission_denied',
      attempts: 1,
      linkedin: { status: 403, code: 'ACCESS_DENIED' },
    });
    expect((await h.postRequests()).map((r) => r.status)).toEqual([403]);
    expect(await h.posts()).toHaveLength(0);
  });

  it('linkedin_version_unsupported (426) for a sunset LinkedIn-Version, not retried', async () => {
    const h = harness();
    await h.startPublisher({ version: '202001' });
    await h.connect('conn_old');
    await h.requestPost({ requestId: 'old-1', connectionId: 'conn_old', text: 'hello' });
    const [outcome] = await h.outcomeOf('old-1');
    expect(outcome?.subject).toBe(SUBJECTS.postFailed);
    expect(outcome?.body).toMatchObject({
      code: 'linkedin_version_unsupported',
      attempts: 1,
      linkedin: { status: 426, code: 'NONEXISTENT_VERSION' },
    });
    const creates = await h.postRequests();
    expect(creates.map((r) => [r.status, r.headers['linkedin-version']])).toEqual([[426, '202001']]);
  });
});
