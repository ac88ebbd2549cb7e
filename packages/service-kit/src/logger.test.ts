import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.ts';

function capture(level = 'debug') {
  const lines: string[] = [];
  const logger = createLogger(
    { service: 'test', level, pretty: false },
    { write: (line) => void lines.push(line) },
  );
  return {
    logger,
    output: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as unknown),
  };
}

const SECRETS = {
  accessToken: 'AT-top-level-1111',
  refreshToken: 'RT-top-level-2222',
  nestedAccess: 'AT-nested-3333',
  nestedRefresh: 'RT-nested-4444',
  clientSecret: 'CS-5555',
  authorization: 'Bearer AUTH-6666',
  snakeAccess: 'AT-snake-7777',
};

describe('createLogger', () => {
  it('never writes token, secret or authorization values', () => {
    const { logger, output, records } = capture();
    logger.info(
      {
        accessToken: SECRETS.accessToken,
        refreshToken: SECRETS.refreshToken,
        event: {
          accessToken: SECRETS.nestedAccess,
          refreshToken: SECRETS.nestedRefresh,
          connectionId: 'conn-1',
        },
        client_secret: SECRETS.clientSecret,
        body: { access_token: SECRETS.snakeAccess },
        headers: { authorization: SECRETS.authorization, accept: 'application/json' },
      },
      'tokens received',
    );
    logger.child({ component: 'ingest' }).warn({ accessToken: SECRETS.accessToken }, 'child line');

    const text = output();
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    const [first, second] = records() as Record<string, unknown>[];
    expect(first).toMatchObject({
      service: 'test',
      msg: 'tokens received',
      accessToken: '[redacted]',
      event: { accessToken: '[redacted]', refreshToken: '[redacted]', connectionId: 'conn-1' },
      client_secret: '[redacted]',
      headers: { authorization: '[redacted]', accept: 'application/json' },
    });
    expect(second).toMatchObject({ component: 'ingest', accessToken: '[redacted]' });
  });

  it("keeps request headers and URL secrets out of a request's log line", () => {
    const { logger, output } = capture();
    logger.info({
      req: {
        method: 'GET',
        url: '/oauth/linkedin/callback?code=CODE-8888&state=STATE-9999',
        headers: { authorization: SECRETS.authorization, cookie: 'sid=COOKIE-0000' },
      },
    });
    const text = output();
    expect(text).toContain('/oauth/linkedin/callback?code=[redacted]&state=[redacted]');
    for (const secret of ['CODE-8888', 'STATE-9999', 'AUTH-6666', 'COOKIE-0000'])
      expect(text).not.toContain(secret);
  });

  it('honours the level', () => {
    const { logger, output } = capture('warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(output()).not.toContain('quiet');
    expect(output()).toContain('loud');
  });
});

describe('redactUrl', () => {
  it('hides code and state values and keeps everything else', () => {
    expect(redactUrl('https://app.example/cb?code=AQT-abc_123&state=s7a73&connected=true#top')).toBe(
      'https://app.example/cb?code=[redacted]&state=[redacted]&connected=true#top',
    );
    expect(redactUrl('/cb?state=xyz&error=authorization_denied')).toBe(
      '/cb?state=[redacted]&error=authorization_denied',
    );
  });

  it('hides other secret parameters and leaves look-alike names alone', () => {
    expect(redactUrl('/x?access_token=A1&refresh_token=R1&client_secret=C1')).toBe(
      '/x?access_token=[redacted]&refresh_token=[redacted]&client_secret=[redacted]',
    );
    expect(redactUrl('/x?zipcode=12345&statement=ok')).toBe('/x?zipcode=12345&statement=ok');
    expect(redactUrl('/healthz')).toBe('/healthz');
  });
});
