import { request, type Dispatcher } from 'undici';

export interface DirectGrantOptions {
  /** Must be one of the app's registered redirect URIs. */
  redirectUri: string;
  scope: string;
  /** The member who signs in (the emulator's default member otherwise). */
  memberSub?: string;
  dispatcher?: Dispatcher;
}

/**
 * A real access token from an emulator over HTTP, without a browser or the gateway: the consent answered by
 * `emulator_decision=allow`, then the authorization-code exchange. For tests, benchmarks and scenarios.
 */
export async function grantAccessToken(
  emulator: { url: string; app: { clientId: string; clientSecret: string } },
  options: DirectGrantOptions,
): Promise<string> {
  const dispatcher = options.dispatcher ? { dispatcher: options.dispatcher } : {};
  const consent = new URL('/oauth/v2/authorization', emulator.url);
  consent.search = new URLSearchParams({
    response_type: 'code',
    client_id: emulator.app.clientId,
    redirect_uri: options.redirectUri,
    state: 'direct-grant',
    scope: options.scope,
    emulator_decision: 'allow',
    ...(options.memberSub ? { emulator_member: options.memberSub } : {}),
  }).toString();
  const decided = await request(consent, dispatcher);
  await decided.body.dump();
  const code = new URL(String(decided.headers.location ?? ''), emulator.url).searchParams.get('code');
  if (decided.statusCode !== 302 || !code) throw new Error(`consent answered ${decided.statusCode}`);
  const exchange = await request(`${emulator.url}/oauth/v2/accessToken`, {
    ...dispatcher,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
      client_id: emulator.app.clientId,
      client_secret: emulator.app.clientSecret,
    }).toString(),
  });
  const grant = (await exchange.body.json()) as { access_token?: string };
  if (exchange.statusCode !== 200 || !grant.access_token) {
    throw new Error(`token exchange answered ${exchange.statusCode}`);
  }
  return grant.access_token;
}
