import { afterEach, describe, expect, it } from 'vitest';
import { authorizeUrl, getToken, REDIRECT_URI, setup, type TestEmulator } from './helpers.ts';

let emulator: TestEmulator;
afterEach(async () => {
  await emulator.app.close();
});

describe('GET /oauth/v2/authorization', () => {
  it('renders a consent page with Allow and Cancel and escapes everything it prints', async () => {
    emulator = setup();
    const res = await emulator.app.inject({
      method: 'GET',
      url: authorizeUrl({ state: '"><script>alert(1)</script>', scope: 'openid profile w_member_social' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<button type="submit" name="decision" value="allow">Allow</button>');
    expect(res.body).toContain('<button type="submit" name="decision" value="cancel">Cancel</button>');
    expect(res.body).toContain('action="/oauth/v2/authorization/decision"');
    expect(res.body).toContain('<code>w_member_social</code>');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('ignores query parameters of registered redirect URIs when matching', async () => {
    emulator = setup({ app: { redirectUris: ['http://localhost:3000/cb?tenant=a'] } });
    const res = await emulator.app.inject({
      method: 'GET',
      url: authorizeUrl({ redirect_uri: 'http://localhost:3000/cb?other=b', emulator_decision: 'allow' }),
    });
    expect(res.statusCode).toBe(302);
    expect(String(res.headers.location)).toMatch(
      /^http:\/\/localhost:3000\/cb\?other=b&code=AQ[\w-]+&state=st-1$/,
    );
  });

  it('the consent form buttons post the decision', async () => {
    emulator = setup();
    const form = (decision: string) =>
      new URLSearchParams({
        response_type: 'code',
        client_id: 'emulator-client-id',
        redirect_uri: REDIRECT_URI,
        scope: 'openid profile',
        state: 'form-state',
        decision,
      }).toString();
    const post = (decision: string) =>
      emulator.app.inject({
        method: 'POST',
        url: '/oauth/v2/authorization/decision',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(decision),
      });
    const allow = await post('allow');
    expect(allow.statusCode).toBe(302);
    expect(String(allow.headers.location)).toMatch(/\?code=AQ[\w-]+&state=form-state$/);
    const cancel = await post('cancel');
    expect(cancel.headers.location).toBe(
      `${REDIRECT_URI}?error=user_cancelled_authorize&error_description=The+user+cancelled+the+authorization&state=form-state`,
    );
    const cancelLogin = await post('cancel_login');
    expect(cancelLogin.headers.location).toBe(
      `${REDIRECT_URI}?error=user_cancelled_login&error_description=The+user+cancelled+LinkedIn+login&state=form-state`,
    );
  });

  it('emulator_member picks which member consents', async () => {
    emulator = setup();
    const created = await emulator.app.inject({
      method: 'POST',
      url: '/_emulator/members',
      payload: { members: [{ sub: 'secondMbr1', name: 'Second Member' }] },
    });
    expect(created.statusCode).toBe(200);
    const token = await getToken(emulator.app, 'openid profile', 'secondMbr1');
    const me = await emulator.app.inject({
      method: 'GET',
      url: '/v2/userinfo',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ sub: 'secondMbr1', name: 'Second Member', given_name: 'Second' });
  });
});
