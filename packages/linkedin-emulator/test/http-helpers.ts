import { request, type Dispatcher } from 'undici';
import type { RunningEmulator } from '../src/index.ts';
import { REDIRECT_URI } from './helpers.ts';

/** The authorization code flow over real HTTP (`emulator_decision=allow`); returns the access token. */
export async function httpToken(
  emulator: RunningEmulator,
  dispatcher: Dispatcher,
  scope: string,
): Promise<string> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: emulator.app.clientId,
    redirect_uri: REDIRECT_URI,
    scope,
    emulator_decision: 'allow',
  });
  const consent = await request(`${emulator.url}/oauth/v2/authorization?${query.toString()}`, { dispatcher });
  await consent.body.dump();
  const code = new URL(String(consent.headers['location'])).searchParams.get('code') ?? '';
  const res = await request(`${emulator.url}/oauth/v2/accessToken`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: emulator.app.clientId,
      client_secret: emulator.app.clientSecret,
    }).toString(),
  });
  return ((await res.body.json()) as { access_token: string }).access_token;
}
