import { jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS } from '@li-bus/contracts';
import { requestTokens } from '@li-bus/token-keeper-client';
import { startTestSystem, type TestSystem } from '@li-bus/dev-stack/testing';
import { connectMember } from '@li-bus/dev-stack/testing/connect';
import { waitFor } from '@li-bus/testkit';
import {
  InvalidPostError,
  onPostOutcome,
  putMedia,
  requestDelete,
  requestPost,
  requestUpdate,
} from '../src/index.ts';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';

const emulatorPosts = (system: TestSystem) => createEmulatorAdmin(system.emulator.url).posts();

describe('client against the running pipeline', () => {
  let system: TestSystem;
  let nc: NatsConnection;
  let connectionId: string;

  beforeAll(async () => {
    system = await startTestSystem();
    nc = await connect({ servers: system.nats.url });
    connectionId = (await connectMember(system.gatewayUrl)).searchParams.get('connectionId') ?? '';
    await waitFor(() => requestTokens(nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await nc?.close();
    await system?.close();
  });

  it('publishes and resolves with the URN; the same requestId again gives the same URN and no second post', async () => {
    const seen: string[] = [];
    const stop = onPostOutcome(nc, (event, subject) => void seen.push(`${subject}:${event.requestId}`));
    const first = await requestPost(nc, {
      requestId: 'client-1',
      connectionId,
      text: 'From the client (typed)',
    });
    expect(first.status).toBe('published');
    expect(first.duplicate).toBe(false);
    const urn = first.status === 'published' ? first.event.postUrn : '';
    expect(urn).toMatch(/^urn:li:share:\d+$/);

    const again = await requestPost(nc, {
      requestId: 'client-1',
      connectionId,
      text: 'From the client (typed)',
    });
    expect(again).toMatchObject({ status: 'published', duplicate: true, event: { postUrn: urn } });
    const posts = await emulatorPosts(system);
    expect(posts.map((post) => post.urn)).toEqual([urn]);
    expect(posts[0]?.commentary).toBe('From the client \\(typed\\)');
    await waitFor(() => seen.includes('post.published:client-1'));
    stop();
  });

  it('edits and deletes a published post, each once per requestId, and waits for the outcomes', async () => {
    const created = await requestPost(nc, { requestId: 'client-edit-1', connectionId, text: 'Before' });
    const postUrn = created.status === 'published' ? created.event.postUrn : '';
    expect(postUrn).toMatch(/^urn:li:share:\d+$/);
    const edit = { requestId: 'client-edit-1:edit', connectionId, postUrn, text: 'After (edited)' };
    const updated = await requestUpdate(nc, edit);
    expect(updated).toMatchObject({
      status: 'updated',
      duplicate: false,
      event: { requestId: edit.requestId, postUrn },
    });
    const again = await requestUpdate(nc, edit);
    expect(again).toMatchObject({ status: 'updated', duplicate: true, event: { postUrn } });
    const stored = async () =>
      (await createEmulatorAdmin(system.emulator.url).posts()).find((post) => post.urn === postUrn);
    expect(await stored()).toMatchObject({
      submittedCommentary: 'After \\(edited\\)',
      isEditedByAuthor: true,
      deletedAt: null,
    });

    const removal = { requestId: 'client-edit-1:delete', connectionId, postUrn };
    expect(await requestDelete(nc, removal)).toMatchObject({ status: 'deleted', event: { postUrn } });
    expect((await stored())?.deletedAt).not.toBeNull();
    // Editing the deleted post fails (LinkedIn's 404), and the failure is the outcome.
    const late = await requestUpdate(nc, { ...edit, requestId: 'client-edit-1:edit-late' });
    expect(late).toMatchObject({ status: 'failed', event: { requestId: 'client-edit-1:edit-late' } });

    await expect(requestUpdate(nc, { ...edit, postUrn: 'urn:li:share:x', text: '' })).rejects.toThrow(
      /postUrn[\s\S]*text|text[\s\S]*postUrn/,
    );
    await expect(requestDelete(nc, { ...removal, requestId: 'has space' })).rejects.toBeInstanceOf(
      InvalidPostError,
    );
  });

  it('rejects invalid input before publishing, naming the field', async () => {
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info(STREAMS.posts.name)).state.messages;
    const attempt = requestPost(nc, { requestId: 'bad id', connectionId, text: 'x' });
    await expect(attempt).rejects.toThrow(InvalidPostError);
    await expect(attempt).rejects.toThrow(/requestId:/);
    expect((await jsm.streams.info(STREAMS.posts.name)).state.messages).toBe(before);
  });

  it('resolves a timeout as a timeout, not a failure', async () => {
    const notBefore = new Date(Date.now() + 3600_000).toISOString();
    const result = await requestPost(
      nc,
      { requestId: 'client-later', connectionId, text: 'scheduled', notBefore },
      { timeoutMs: 300 },
    );
    expect(result).toEqual({ status: 'timeout', requestId: 'client-later', duplicate: false });
  });

  it('does not wait when asked not to', async () => {
    const result = await requestPost(
      nc,
      { requestId: 'client-nowait', connectionId, text: 'fire and forget' },
      { wait: false },
    );
    expect(result).toEqual({ status: 'requested', requestId: 'client-nowait', duplicate: false });
  });

  it("puts media into the object store under the tenant's prefix and returns its nats-object URL", async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4 tiny');
    const url = await putMedia(nc, {
      bucket: 'client-media',
      tenantId: 'acme',
      name: 'report.pdf',
      data: bytes,
    });
    expect(url).toBe('nats-object://client-media/acme/report.pdf');
    const stored = await (await new Objm(nc).open('client-media')).getBlob('acme/report.pdf');
    expect(Buffer.from(stored ?? [])).toEqual(Buffer.from(bytes));
    // A tenant id with a slash is encoded: tenant `acme` can never reach tenant `acme/eu`'s files.
    const nested = await putMedia(nc, {
      bucket: 'client-media',
      tenantId: 'acme/eu',
      name: 'x.pdf',
      data: bytes,
    });
    expect(nested).toBe('nats-object://client-media/acme%2Feu/x.pdf');
  });
});
