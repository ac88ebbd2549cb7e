import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { startEmulator, type RunningEmulator } from '../src/index.ts';
import { mp4Bytes, PNG_BYTES } from './conformance/fixtures.ts';
import { ACTIVE_VERSION, FIXED_NOW } from './helpers.ts';
import { httpToken } from './http-helpers.ts';

let emulator: RunningEmulator;
let agent: Agent;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ now: () => FIXED_NOW });
  agent = new Agent();
  token = await httpToken(emulator, agent, 'openid w_member_social');
});
afterAll(async () => {
  await agent.close();
  await emulator.close();
});

async function rest<T>(path: string, body: unknown): Promise<T> {
  const res = await request(`${emulator.url}${path}`, {
    method: 'POST',
    dispatcher: agent,
    headers: {
      authorization: `Bearer ${token}`,
      'linkedin-version': ACTIVE_VERSION,
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

describe('uploads over real HTTP', () => {
  it('takes an image PUT at the advertised URL on the emulator origin', async () => {
    const owner = emulator.defaultMember.urn;
    const { value } = await rest<{ value: { uploadUrl: string; image: string } }>(
      '/rest/images?action=initializeUpload',
      { initializeUploadRequest: { owner } },
    );
    expect(value.uploadUrl.startsWith(`${emulator.url}/dms-uploads/`)).toBe(true);
    const res = await request(value.uploadUrl, {
      method: 'PUT',
      dispatcher: agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: PNG_BYTES,
    });
    expect(res.statusCode).toBe(201);
    expect(await res.body.text()).toBe('');
  });

  it('uploads a two-part video with ETags and finalizes it', async () => {
    const size = 4 * 1024 * 1024 + 10;
    const bytes = mp4Bytes(size);
    const { value } = await rest<{
      value: {
        video: string;
        uploadInstructions: { uploadUrl: string; firstByte: number; lastByte: number }[];
      };
    }>('/rest/videos?action=initializeUpload', {
      initializeUploadRequest: { owner: emulator.defaultMember.urn, fileSizeBytes: size },
    });
    const etags: string[] = [];
    for (const part of value.uploadInstructions) {
      const res = await request(part.uploadUrl, {
        method: 'PUT',
        dispatcher: agent,
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes.subarray(part.firstByte, part.lastByte + 1),
      });
      await res.body.dump();
      expect(res.statusCode).toBe(200);
      etags.push(String(res.headers['etag']));
    }
    await rest('/rest/videos?action=finalizeUpload', {
      finalizeUploadRequest: { video: value.video, uploadToken: '', uploadedPartIds: etags },
    });
    const media = (await (
      await request(`${emulator.url}/_emulator/media`, { dispatcher: agent })
    ).body.json()) as {
      urn: string;
      sha256: string;
      uploadedPartIds: string[];
    }[];
    expect(media.find((m) => m.urn === value.video)).toMatchObject({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploadedPartIds: etags,
    });
  });
});
