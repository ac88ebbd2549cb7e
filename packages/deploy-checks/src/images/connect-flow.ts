// A browser's connect through the gateway, with fetch and one cookie per step: authorize (API key), the
// gateway's confirmation page and its form POSTed back, LinkedIn's (the emulator's) consent answered Allow,
// then the callback. Returns where the gateway finally sent the browser.

const cookie = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${name}=`)) ?? '';

async function expectStatus(response: Response, status: number, step: string): Promise<Response> {
  if (response.status !== status) {
    throw new Error(
      `${step}: expected ${status}, got ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
  }
  return response;
}

export async function connectThroughGateway(options: {
  gatewayUrl: string;
  apiKey: string;
  tenantId: string;
  returnTo: string;
}): Promise<URL> {
  const authorize = await fetch(`${options.gatewayUrl}/v1/connections/authorize`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: options.tenantId, returnTo: options.returnTo, kind: 'member' }),
  });
  const { authorizeUrl } = (await (await expectStatus(authorize, 201, 'authorize')).json()) as {
    authorizeUrl: string;
  };

  const page = await expectStatus(
    await fetch(authorizeUrl, { redirect: 'manual' }),
    200,
    'confirmation page',
  );
  const html = await page.text();
  const form = /<form method="post" action="\/oauth\/linkedin\/start"[^>]*>([\s\S]*?)<\/form>/.exec(
    html,
  )?.[1];
  if (form === undefined) throw new Error('confirmation page: no form posting to /oauth/linkedin/start');
  const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
    (m) => [m[1] ?? '', m[2] ?? ''] as [string, string],
  );
  const confirm = await fetch(new URL('/oauth/linkedin/start', authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(page, 'li_confirm') },
    body: new URLSearchParams(fields).toString(),
  });
  await expectStatus(confirm, 303, 'confirmation form');
  const consentUrl = new URL(confirm.headers.get('location') ?? '');
  consentUrl.searchParams.set('emulator_decision', 'allow');

  const consent = await fetch(consentUrl, { redirect: 'manual' });
  await consent.body?.cancel();
  const callbackUrl = consent.headers.get('location');
  if (consent.status !== 302 || callbackUrl === null) throw new Error(`consent: answered ${consent.status}`);

  const callback = await fetch(callbackUrl, {
    redirect: 'manual',
    headers: { cookie: cookie(confirm, 'li_connect') },
  });
  await expectStatus(callback, 302, 'callback');
  return new URL(callback.headers.get('location') ?? '');
}
