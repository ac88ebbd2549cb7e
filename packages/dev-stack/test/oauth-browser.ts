import { request } from 'undici';

const cookieOf = (setCookie: string | string[] | undefined, name: string) =>
  [setCookie ?? []]
    .flat()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${name}=`)) ?? '';

/**
 * What a member's browser does with an `/oauth/authorize` URL a third-party client sent it to: the gateway's
 * consent page (Allow, straight on to LinkedIn), LinkedIn's consent (the emulator, Allow) and the callback. Returns the client's redirect
 * URI as the gateway finally answered it (with `code` and `state`, or `error`).
 */
export async function authorizeAsBrowser(authorizationUrl: URL | string): Promise<URL> {
  const page = await request(authorizationUrl);
  const html = await page.body.text();
  if (page.statusCode !== 200)
    throw new Error(`authorize answered ${page.statusCode}: ${html.slice(0, 300)}`);
  const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!requestId) throw new Error('no consent form');
  const consent = await request(new URL('/oauth/authorize', authorizationUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieOf(page.headers['set-cookie'], 'oauth_consent'),
    },
    body: new URLSearchParams({ request: requestId, decision: 'allow-member' }).toString(),
  });
  await consent.body.dump();
  if (consent.statusCode !== 303) throw new Error(`consent answered ${consent.statusCode}`);

  // Allow goes straight to LinkedIn, binding the flow to this browser with the `li_connect` cookie.
  const linkedin = new URL(String(consent.headers.location));
  linkedin.searchParams.set('emulator_decision', 'allow');
  const linkedinConsent = await request(linkedin);
  await linkedinConsent.body.dump();
  const callback = await request(String(linkedinConsent.headers.location), {
    headers: { cookie: cookieOf(consent.headers['set-cookie'], 'li_connect') },
  });
  await callback.body.dump();
  if (callback.statusCode !== 302) throw new Error(`callback answered ${callback.statusCode}`);
  return new URL(String(callback.headers.location));
}
