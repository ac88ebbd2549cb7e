import { request } from 'undici';
import { API_KEY, RETURN_TO } from './start-test-system.ts';

const firstCookie = (setCookie: string | string[] | undefined, name: string) =>
  [setCookie ?? []]
    .flat()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${name}=`)) ?? '';

/**
 * What a browser does with a gateway connect link (`/oauth/linkedin/start?…`) or the `/connect` page: shows our
 * confirmation page, then submits its (first) form with the page's cookie. Returns LinkedIn's authorization URL
 * and the `li_connect` cookie the callback needs; `onGatewayResponse` sees both gateway answers.
 */
export async function confirmStart(
  startUrl: string,
  onGatewayResponse?: (answer: string) => void,
): Promise<{ linkedinUrl: URL; cookie: string }> {
  const page = await request(startUrl);
  const html = await page.body.text();
  onGatewayResponse?.(`${JSON.stringify(page.headers)}\n${html}`);
  if (page.statusCode !== 200) throw new Error(`start answered ${page.statusCode}`);
  const form =
    /<form method="post" action="\/oauth\/linkedin\/start"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
    (m) => [m[1] ?? '', m[2] ?? ''] as [string, string],
  );
  const confirm = await request(new URL('/oauth/linkedin/start', startUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: firstCookie(page.headers['set-cookie'], 'li_confirm'),
    },
    body: new URLSearchParams(fields).toString(),
  });
  onGatewayResponse?.(`${JSON.stringify(confirm.headers)}\n${await confirm.body.text()}`);
  if (confirm.statusCode !== 303) throw new Error(`confirm answered ${confirm.statusCode}`);
  return {
    linkedinUrl: new URL(String(confirm.headers.location)),
    cookie: firstCookie(confirm.headers['set-cookie'], 'li_connect'),
  };
}

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

  const { linkedinUrl: consentUrl, cookie } = await confirmStart(authorizeUrl, options.onGatewayResponse);
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
