import { describe, expect, it } from 'vitest';
import { generateKeySpec } from '@li-bus/sealing';
import { loadConfig } from '../config.ts';
import { linkedInAppFor } from './apps.ts';
import { authorizationUrl } from './oauth-client.ts';

const config = loadConfig({
  LINKEDIN_CLIENT_ID: 'member-app',
  LINKEDIN_CLIENT_SECRET: 'member-secret',
  LINKEDIN_ORGANIZATION_CLIENT_ID: 'pages-app',
  LINKEDIN_ORGANIZATION_CLIENT_SECRET: 'pages-secret',
  TOKEN_ENCRYPTION_KEYS: generateKeySpec('k1'),
});

describe('linkedInAppFor', () => {
  it('uses the Page app and scopes for organizations, the member app otherwise; never a prompt', () => {
    const member = linkedInAppFor(config, 'member');
    const pages = linkedInAppFor(config, 'organization');
    expect([member.clientId, pages.clientId]).toEqual(['member-app', 'pages-app']);
    expect(pages.clientSecret).toBe('pages-secret');
    const url = new URL(authorizationUrl(pages, 'state', pages.scopes));
    expect(url.searchParams.get('client_id')).toBe('pages-app');
    expect(url.searchParams.get('scope')).toContain('rw_organization_admin');
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(new URL(authorizationUrl(member, 's', member.scopes)).searchParams.get('scope')).toBe(
      'openid profile email w_member_social',
    );
  });
});
