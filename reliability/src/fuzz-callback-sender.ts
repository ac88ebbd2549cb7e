// Sends the generated callback query strings and judges each answer: the documented redirect and error code,
// never a 5xx, and no planted HTML payload coming back unescaped (on the callback or the page it lands on).
import { request } from 'undici';
import { API_KEY, RETURN_TO } from '@li-bus/dev-stack/system';
import { confirmStart } from '@li-bus/dev-stack/testing/connect';
import { buildQuery, expectedCallback, type CallbackCase } from './fuzz-callback-queries.ts';
import { forEachConcurrently } from './pool.ts';

export interface CallbackJudgement {
  sent: number;
  fiveHundred: number;
  wrong: string[];
  unescaped: string[];
  landingPagesChecked: number;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

const KNOWN_CODES = new Set([
  'missing_params',
  'session_expired',
  'authorization_denied',
  'token_exchange_failed',
  'internal_error',
]);

/** A started connect flow: the state LinkedIn would send back, and the browser's cookie. */
async function startFlow(gatewayUrl: string): Promise<{ state: string; cookie: string }> {
  const authorize = await request(`${gatewayUrl}/v1/connections/authorize`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: 'tenant-a', returnTo: RETURN_TO, kind: 'member' }),
  });
  const { authorizeUrl } = (await authorize.body.json()) as { authorizeUrl: string };
  const { linkedinUrl, cookie } = await confirmStart(authorizeUrl);
  return { state: linkedinUrl.searchParams.get('state') ?? '', cookie };
}

export async function sendCallbacks(
  gatewayUrl: string,
  cases: readonly CallbackCase[],
  options: { concurrency: number; seed: number },
): Promise<CallbackJudgement> {
  const result: CallbackJudgement = {
    sent: 0,
    fiveHundred: 0,
    wrong: [],
    unescaped: [],
    landingPagesChecked: 0,
  };
  await forEachConcurrently(cases, options.concurrency, async (c, index) => {
    const flow = c.live === 'none' ? undefined : await startFlow(gatewayUrl);
    const marker = `fz${options.seed}c${index}`;
    const { query, payloads } = buildQuery(c, marker, flow?.state);
    const want = expectedCallback(query, c.live);
    const answer = await request(`${gatewayUrl}/oauth/linkedin/callback?${query}`, {
      headers: c.live === 'with-cookie' && flow ? { cookie: flow.cookie } : {},
    });
    const body = await answer.body.text();
    result.sent++;
    if (answer.statusCode >= 500) result.fiveHundred++;
    const got = answer.statusCode === 302 ? new URL(String(answer.headers.location)).searchParams : undefined;
    const where = `#${index} ${query.slice(0, 150)}`;
    if (answer.statusCode !== want.status) {
      result.wrong.push(
        `${where}: ${answer.statusCode}, expected ${want.status} ${want.code ?? ''}: ${body.slice(0, 120)}`,
      );
    } else if (want.code && (got?.get('error') !== want.code || got.has('connectionId'))) {
      result.wrong.push(`${where}: error=${got?.get('error') ?? ''}, expected ${want.code}`);
    }
    for (const payload of payloads)
      if (body.includes(payload)) result.unescaped.push(`${where}: callback body`);

    // The page a failed flow lands on renders `error`: generated values must come back escaped, unknown ones
    // with the generic message.
    const at = c.params.findIndex(([k, v]) => k === 'error' && v !== '' && v.length < 8_000);
    if (at < 0) return;
    const sentError = (c.params[at]?.[1] ?? '').replaceAll('MARK', `${marker}x${at}`).toWellFormed();
    const page = await request(`${gatewayUrl}/connect?error=${encodeURIComponent(sentError)}`);
    const html = await page.body.text();
    result.landingPagesChecked++;
    if (page.statusCode >= 500) result.fiveHundred++;
    if (page.statusCode !== 200) result.wrong.push(`${where}: /connect answered ${page.statusCode}`);
    else if (!html.includes(escapeHtml(sentError)))
      result.wrong.push(`${where}: /connect does not show the code escaped`);
    else if (!KNOWN_CODES.has(sentError) && !html.includes('The connect attempt failed.'))
      result.wrong.push(`${where}: /connect shows a message for the unknown code ${sentError.slice(0, 40)}`);
    if (/[<>"'&]/.test(sentError) && sentError.includes(marker) && html.includes(sentError))
      result.unescaped.push(`${where}: /connect page`);
  });
  return result;
}
