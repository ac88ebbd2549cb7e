// HTTP traffic at the gateway for as long as a scenario runs: `POST /v1/posts` (a caller that retries an
// unaccepted request with the same requestId until it gets 202) and `GET /readyz` (a probe), with every answer
// tallied by status code, or by error code when there was no HTTP answer (connection refused while down).
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { API_KEY } from '@li-bus/dev-stack/system';
import { postText } from './delivery-figures.ts';

export interface GatewayTrafficOptions {
  gatewayUrl: string;
  connectionIds: readonly string[];
  /** requestIds are `<prefix>-<n>`. */
  prefix: string;
  /** Callers posting at once (default 4); each waits `pauseMs` between its requests. */
  concurrency?: number;
  pauseMs?: number;
  /** A probe every this many ms (default 50). */
  probeEveryMs?: number;
  /** Tries per requestId before it is given up (default 100, with `pauseMs` between tries). */
  maxTries?: number;
}

export interface GatewayTrafficResult {
  /** The bus requestIds (`busRequestId`) of the requests answered 202. */
  accepted: string[];
  neverAccepted: string[];
  /** `POST /v1/posts` answers: "202", "503", … or an error code such as "ECONNREFUSED". */
  postAnswers: Map<string, number>;
  readyAnswers: Map<string, number>;
  /** Error answers of `POST /v1/posts` by status and error code ("503 token_keeper_unavailable"). */
  postErrors: Map<string, number>;
}

const tally = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

interface Answer {
  statusCode: number;
  body: { text(): Promise<string> };
}

/** The status code (and, for errors, `error.code` of the body into `errors`), or the client error's code. */
/** The status (or the error code) and the body of one request. */
async function answerOf(
  send: () => Promise<Answer>,
  errors?: Map<string, number>,
): Promise<[answer: string, body: string]> {
  try {
    const response = await send();
    const text = await response.body.text();
    if (errors && response.statusCode >= 400) {
      let code = '';
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
      } catch {
        code = '(not JSON)';
      }
      tally(errors, `${response.statusCode} ${code}`.trim());
    }
    return [String(response.statusCode), text];
  } catch (error) {
    return [(error as { code?: string }).code ?? 'error', ''];
  }
}

export function startGatewayTraffic(options: GatewayTrafficOptions) {
  const result: GatewayTrafficResult = {
    accepted: [],
    neverAccepted: [],
    postAnswers: new Map(),
    readyAnswers: new Map(),
    postErrors: new Map(),
  };
  const pauseMs = options.pauseMs ?? 20;
  let running = true;
  let next = 0;

  const postOne = async (requestId: string, connectionId: string) => {
    for (let tries = 0; tries < (options.maxTries ?? 100); tries += 1) {
      const [answer, body] = await answerOf(
        () =>
          request(`${options.gatewayUrl}/v1/posts`, {
            method: 'POST',
            headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify({ requestId, connectionId, text: postText(requestId) }),
            headersTimeout: 30_000,
            bodyTimeout: 30_000,
          }),
        result.postErrors,
      );
      tally(result.postAnswers, answer);
      // Outcomes on the bus name the request by the id the gateway published it under.
      if (answer === '202')
        return result.accepted.push((JSON.parse(body) as { busRequestId: string }).busRequestId);
      await sleep(pauseMs * 5);
    }
    result.neverAccepted.push(requestId);
  };
  const caller = async () => {
    while (running) {
      const n = next++;
      await postOne(`${options.prefix}-${n}`, options.connectionIds[n % options.connectionIds.length] ?? '');
      await sleep(pauseMs);
    }
  };
  const probe = async () => {
    while (running) {
      tally(result.readyAnswers, (await answerOf(() => request(`${options.gatewayUrl}/readyz`)))[0]);
      await sleep(options.probeEveryMs ?? 50);
    }
  };
  const tasks = [probe(), ...Array.from({ length: options.concurrency ?? 4 }, caller)];
  return {
    /** Stops starting new requests, lets the started ones finish (retries included) and returns the tallies. */
    async stop(): Promise<GatewayTrafficResult> {
      running = false;
      await Promise.all(tasks);
      return result;
    },
  };
}

/** Answers with a 5xx status other than 503 (a 503 after close is the designed answer). */
export function unexpected5xx(answers: Map<string, number>): number {
  let count = 0;
  for (const [answer, n] of answers) if (/^5\d\d$/.test(answer) && answer !== '503') count += n;
  return count;
}

/** "202 ×1,200, 503 ×4, ECONNREFUSED ×31" for logs. */
export function describeAnswers(answers: Map<string, number>): string {
  return [...answers].map(([answer, n]) => `${answer} ×${n}`).join(', ');
}
