import { request } from 'undici';
import { API_KEY, RETURN_TO } from './system.ts';

/** Follows the connect redirects the way a browser would (one cookie jar), answering Allow or Cancel. */
export async function connectMember(
  gatewayUrl: string,
  options: { tenantId?: string; decision?: 'allow' | 'cancel'; kind?: 'member' | 'organization' } = {},
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
  const { authorizeUrl } = (await authorize.body.json()) as { authorizeUrl: string };
  if (authorize.statusCode !== 201) throw new Error(`authorize answered ${authorize.statusCode}`);

  const start = await request(authorizeUrl);
  await start.body.dump();
  const cookie = String(start.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  const consentUrl = new URL(String(start.headers.location));
  consentUrl.searchParams.set('emulator_decision', options.decision ?? 'allow');

  const consent = await request(consentUrl);
  await consent.body.dump();
  const callbackUrl = String(consent.headers.location);

  const callback = await request(callbackUrl, { headers: { cookie } });
  await callback.body.dump();
  if (callback.statusCode !== 302) throw new Error(`callback answered ${callback.statusCode}`);
  return new URL(String(callback.headers.location));
}
