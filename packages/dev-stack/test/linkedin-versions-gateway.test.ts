// The gateway's versioned calls (a Company Page connect reads organizationAcls and organizations) use the same
// LINKEDIN_VERSION failover as the publisher, through the shared state in NATS KV.
import { jetstreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { useTestSystem } from './system.ts';

describe('auth-gateway LinkedIn-Version failover', () => {
  const current = useTestSystem({ commonEnv: { LINKEDIN_VERSION: '202601,202609' } });

  it('connects a Company Page after 202601 sunsets: one 426, then 202609, and the event', async () => {
    const system = current();
    const now = system.emulator.state.clock.now();
    system.emulator.state.clock.advance((Date.UTC(2027, 0, 15, 1) - now) / 1000);

    const landed = await connectMember(system.gatewayUrl, { kind: 'organization' });
    expect(landed.searchParams.get('connected')).toBe('true');
    const connectionId = landed.searchParams.get('connectionId') ?? '';
    const tokens = await waitFor(() => requestTokens(system.nc, connectionId).catch(() => null), {
      timeoutMs: 10_000,
    });
    expect(tokens.organizations.map((org) => org.urn)).toEqual([system.emulator.defaultOrganization.urn]);

    const rest = system.emulator.state.requests.entries().filter((entry) => entry.path.startsWith('/rest/'));
    expect(rest.map((entry) => [entry.status, entry.headers['linkedin-version']])).toEqual([
      [426, '202601'],
      [200, '202609'],
      [200, '202609'],
    ]);
    const jsm = await jetstreamManager(system.nc);
    const message = await jsm.streams.getMessage(STREAMS.linkedin.name, {
      last_by_subj: SUBJECTS.linkedinVersionChanged,
    });
    expect(message?.json()).toMatchObject({ from: '202601', to: '202609', service: 'auth-gateway' });
  });
});
