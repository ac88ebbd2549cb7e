import { request } from 'undici';
import { API_KEY, RETURN_TO } from './start-test-system.ts';

/** Follows the connect redirects the way a browser would (one cookie jar), answering Allow or Cancel. */
export async function connectMember(
  gatewayUrl: string,
  options: {
    tenantId?: string;
    decision?: 'allow' | 'cancel';
    kind?: 'member' | 'organization';
    /** The emulator member who signs in (`emulator_member`; the default member when absent). */
    member?: string;
    /** Sees every gateway answer of the flow (status, headers, body), e.g. to scan them for secrets. */
    onGatewayResponse?: (answer: string) => void;
    /** Sees the authorization code LinkedIn handed the browser. */
    onCode?: (code: string) => void;
  } = {},
): Promise<URL> {
  const authorize = await request(`${gatewayUrl}/v1/connections/authorize`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      tenantId: options.tenantId ?? 'tenant-a',
      returnTo: RETURN_TO,
      kind: options.kind ?? 'member',
    }),
  });
  const authorizeBody = await authorize.body.text();
  options.onGatewayResponse?.(`${JSON.stringify(authorize.headers)}\n${authorizeBody}`);
  const { authorizeUrl } = JSON.parse(authorizeBody) as { authorizeUrl: string };
  if (authorize.statusCode !== 201) throw new Error(`authorize answered ${authorize.statusCode}`);

  const start = await request(authorizeUrl);
  options.onGatewayResponse?.(`${JSON.stringify(start.headers)}\n${await start.body.text()}`);
  const cookie = String(start.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  const consentUrl = new URL(String(start.headers.location));
  consentUrl.searchParams.set('emulator_decision', options.decision ?? 'allow');
  if (options.member) consentUrl.searchParams.set('emulator_member', options.member);

  const consent = await request(consentUrl);
  await consent.body.dump();
  const callbackUrl = String(consent.headers.location);
  const code = new URL(callbackUrl).searchParams.get('code');
  if (code) options.onCode?.(code);

  const callback = await request(callbackUrl, { headers: { cookie } });
  options.onGatewayResponse?.(`${JSON.stringify(callback.headers)}\n${await callback.body.text()}`);
  if (callback.statusCode !== 302) throw new Error(`callback answered ${callback.statusCode}`);
  return new URL(String(callback.headers.location));
}
