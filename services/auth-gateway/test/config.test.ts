import { describe, expect, it } from 'vitest';
import { ConfigError } from '@li-bus/service-kit';
import { generateKeySpec } from '@li-bus/sealing';
import { loadConfig } from '../src/config.ts';

const good = {
  LINKEDIN_CLIENT_ID: 'client-id',
  LINKEDIN_CLIENT_SECRET: 'client-secret-value',
  TOKEN_ENCRYPTION_KEYS: generateKeySpec('k1'),
  GATEWAY_API_KEYS: 'a-long-enough-api-key:tenant-a|tenant-b,another-long-api-key:*',
  RETURN_TO_ALLOWLIST: 'https://app.example.test/done, https://other.example.test/cb',
};

describe('auth-gateway loadConfig', () => {
  it('applies the design defaults and parses lists', () => {
    const config = loadConfig(good);
    expect(config.port).toBe(8080);
    expect(config.natsUrl).toBe('nats://127.0.0.1:4222');
    expect(config.linkedin.redirectUri).toBe('http://localhost:8080/oauth/linkedin/callback');
    expect(config.publicOrigin).toBe('http://localhost:8080');
    expect(config.linkedin.authBase).toBe('https://www.linkedin.com');
    expect(config.linkedin.apiBase).toBe('https://api.linkedin.com');
    expect(config.linkedin.version).toEqual(['202609']);
    expect(config.returnToAllowlist).toEqual([
      'https://app.example.test/done',
      'https://other.example.test/cb',
    ]);
    expect(config.apiKeys).toHaveLength(2);
  });

  it('throws one error naming every bad variable, without echoing secret values', () => {
    const bad = {
      PORT: 'eighty',
      LINKEDIN_CLIENT_SECRET: '',
      LINKEDIN_REDIRECT_URI: 'not a url',
      LINKEDIN_VERSION: '2026-01',
      TOKEN_ENCRYPTION_KEYS: 'k1:too-short-secret-key',
      GATEWAY_API_KEYS: 'short-secret:tenant-a',
      STREAM_REPLICAS: '9',
      CONNECT_PAGE_ENABLED: 'maybe',
    };
    let thrown: unknown;
    try {
      loadConfig(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    for (const name of [...Object.keys(bad), 'LINKEDIN_CLIENT_ID']) expect(message).toContain(name);
    expect((thrown as ConfigError).problems).toHaveLength(Object.keys(bad).length + 1);
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('too-short-secret-key');
  });

  it('has separate scope sets per kind, and a second app for Pages only when both of its keys are set', () => {
    const config = loadConfig(good);
    expect(config.linkedin.memberScopes).toEqual(['openid', 'profile', 'email', 'w_member_social']);
    expect(config.linkedin.organizationScopes).toEqual(
      expect.arrayContaining(['w_organization_social', 'rw_organization_admin']),
    );
    expect(config.linkedin.organizationClient).toEqual({
      clientId: 'client-id',
      clientSecret: 'client-secret-value',
    });
    const second = loadConfig({
      ...good,
      LINKEDIN_ORGANIZATION_SCOPES: 'w_organization_social,rw_organization_admin',
      LINKEDIN_ORGANIZATION_CLIENT_ID: 'pages-app',
      LINKEDIN_ORGANIZATION_CLIENT_SECRET: 'pages-secret',
    });
    expect(second.linkedin.organizationScopes).toEqual(['w_organization_social', 'rw_organization_admin']);
    expect(second.linkedin.organizationClient).toEqual({
      clientId: 'pages-app',
      clientSecret: 'pages-secret',
    });
    expect(() => loadConfig({ ...good, LINKEDIN_ORGANIZATION_CLIENT_ID: 'pages-app' })).toThrow(
      /LINKEDIN_ORGANIZATION_CLIENT_SECRET/,
    );
  });
});
