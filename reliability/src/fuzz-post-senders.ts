// Sends generated `post.requested` bodies the two ways a client can (JetStream, the gateway's `POST /v1/posts`)
// and judges every answer against the contract: what the right answer is follows from the zod oracle alone.
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { request } from 'undici';
import { SUBJECTS } from '@li-bus/contracts';
import { API_KEY } from '@li-bus/dev-stack/system';
import type { BodyCase } from './fuzz-post-bodies.ts';
import { bodyText, caseTag, classifyText, finalizeCase } from './fuzz-post-oracle.ts';
import { forEachConcurrently } from './pool.ts';

/** What must happen to one sent body. */
export type Expectation = 'published' | 'invalid_request' | 'refused';

export interface SentBody {
  index: number;
  path: 'n' | 'h';
  kind: BodyCase['kind'];
  valid: boolean;
  expect: Expectation;
  /** The requestId the outcome carries when the body has a well-formed one. */
  requestId: string | undefined;
  /** NATS only: the `Nats-Msg-Id` it was published with (`post.failed` for a body without a requestId names it). */
  msgId?: string;
  /** What the sender saw: the HTTP status, or `published`/`publish failed: …` for NATS. */
  answer: string;
  /** Set when the immediate answer was wrong (5xx, wrong code, bad problem body, unexpected publish failure). */
  wrong?: string;
  fiveHundred?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function prepare(sent: BodyCase, index: number, path: 'n' | 'h') {
  const final = finalizeCase(sent, caseTag(index, path));
  const text = bodyText(final);
  const verdict = classifyText(text);
  const id = (verdict.parsed as { requestId?: unknown } | null | undefined)?.requestId;
  const requestId = typeof id === 'string' && REQUEST_ID.test(id) ? id : undefined;
  return { final, text, verdict, requestId };
}

/** Raw JetStream publishes (not the client library, which would refuse invalid bodies before sending). */
export async function sendOverNats(
  nc: NatsConnection,
  cases: readonly BodyCase[],
  options: { seed: number; concurrency: number },
): Promise<SentBody[]> {
  const js = jetstream(nc, { timeout: 30_000 });
  const maxPayload = nc.info?.max_payload ?? 1024 * 1024;
  const out: SentBody[] = [];
  await forEachConcurrently(cases, options.concurrency, async (sent, index) => {
    const { text, verdict, requestId } = prepare(sent, index, 'n');
    const bytes = Buffer.byteLength(text);
    // Like a naive client, a malformed but printable requestId is still used as the message id (made unique).
    const raw = (verdict.parsed as { requestId?: unknown } | null | undefined)?.requestId;
    const naive = typeof raw === 'string' && /^[\x21-\x7e]+$/.test(raw) ? `${raw}#${index}` : undefined;
    const msgId = requestId ?? naive ?? `fz.${options.seed}.${index}.n`;
    const h = natsHeaders();
    h.set('Nats-Msg-Id', msgId);
    const record: SentBody = {
      index,
      path: 'n',
      kind: sent.kind,
      valid: verdict.valid,
      expect: verdict.valid ? 'published' : 'invalid_request',
      requestId,
      msgId,
      answer: '',
    };
    try {
      await js.publish(SUBJECTS.postRequested, text, { msgID: msgId, headers: h });
      record.answer = 'published';
    } catch (error) {
      // Over the server's max_payload the client is told at once: the right answer for an oversized body.
      record.answer = `publish failed: ${error instanceof Error ? error.message : String(error)}`;
      record.expect = 'refused';
      if (bytes <= maxPayload - 1024) record.wrong = record.answer;
    }
    out.push(record);
  });
  return out.sort((a, b) => a.index - b.index);
}

const HTTP_BODY_LIMIT = 64 * 1024;

/** `POST /v1/posts`: 202 for a valid body, 400 `invalid_request` for an invalid one, 413 over the body limit. */
export async function sendOverHttp(
  gatewayUrl: string,
  cases: readonly BodyCase[],
  options: { concurrency: number },
): Promise<SentBody[]> {
  const out: SentBody[] = [];
  await forEachConcurrently(cases, options.concurrency, async (sent, index) => {
    const { text, verdict, requestId } = prepare(sent, index, 'h');
    const tooBig = Buffer.byteLength(text) > HTTP_BODY_LIMIT;
    // The contract takes `nats-object://` media; HTTP callers may not name objects (they are per tenant).
    const valid = verdict.valid && !namesObjectStore(verdict.parsed);
    const [status, code] = tooBig
      ? [413, 'payload_too_large']
      : valid
        ? [202, undefined]
        : [400, 'invalid_request'];
    const record: SentBody = {
      index,
      path: 'h',
      kind: sent.kind,
      valid: valid && !tooBig,
      expect: tooBig ? 'refused' : valid ? 'published' : 'invalid_request',
      // Until the 202 names it: an HTTP request travels on the bus under the gateway's `busRequestId`.
      requestId: valid ? undefined : requestId,
      answer: '',
    };
    try {
      const answer = await request(`${gatewayUrl}/v1/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: text,
        // The server may close the socket after refusing an unread body: never hand it to the next request.
        reset: tooBig,
      });
      const body = await answer.body.text();
      record.answer = String(answer.statusCode);
      record.fiveHundred = answer.statusCode >= 500;
      // Problem bodies echo generated field names: they must never be served as something a browser renders.
      const json = String(answer.headers['content-type'] ?? '').startsWith('application/json');
      const wrong = json
        ? judgeHttp(answer.statusCode, body, status, code)
        : `answered ${answer.statusCode} as ${String(answer.headers['content-type'])}, not JSON`;
      if (wrong) record.wrong = `${wrong} (${sent.kind}: ${text.slice(0, 120)})`;
      else if (status === 202)
        record.requestId = (JSON.parse(body) as { busRequestId?: string }).busRequestId;
    } catch (error) {
      record.answer = `no answer: ${String(error)}`;
      record.wrong = record.answer;
    }
    out.push(record);
  });
  return out.sort((a, b) => a.index - b.index);
}

function judgeHttp(
  status: number,
  body: string,
  wantStatus: number,
  wantCode: string | undefined,
): string | undefined {
  if (status !== wantStatus) return `answered ${status}, expected ${wantStatus}: ${body.slice(0, 200)}`;
  let parsed: {
    error?: { code?: unknown; message?: unknown };
    requestId?: unknown;
    busRequestId?: unknown;
    status?: unknown;
  };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return `answered ${status} without a JSON body`;
  }
  if (wantCode === undefined) {
    return typeof parsed.requestId === 'string' && typeof parsed.busRequestId === 'string'
      ? undefined
      : `202 without a requestId and busRequestId`;
  }
  if (parsed.error?.code !== wantCode)
    return `problem code ${String(parsed.error?.code)}, expected ${wantCode}`;
  if (typeof parsed.error.message !== 'string' || parsed.error.message === '')
    return 'problem without a message';
  return undefined;
}

/** Whether a body names a `nats-object://` source (media or article thumbnail). */
function namesObjectStore(parsed: unknown): boolean {
  const body = parsed as { media?: { url?: unknown }[]; article?: { thumbnailUrl?: unknown } } | null;
  const urls = [
    ...(Array.isArray(body?.media) ? body.media.map((m) => m?.url) : []),
    body?.article?.thumbnailUrl,
  ];
  return urls.some((url) => typeof url === 'string' && url.startsWith('nats-object://'));
}
