import type { NatsConnection } from '@nats-io/transport-node';
import { SUBJECTS } from '@li-bus/contracts';
import { daysLeft, expectedSunset, parseVersionList, probeVersion } from '@li-bus/linkedin-versions';
import { createKeyring } from '@li-bus/sealing';
import { requestTokenKeeper } from '@li-bus/token-keeper-client';
import type { Output } from './commands.ts';

type Args = Record<string, string | boolean | undefined>;

/** The connection whose stored token makes the probe calls: `--connection`, else the tenant's first active one. */
async function connectionFor(nc: NatsConnection, args: Args): Promise<string | undefined> {
  if (typeof args['connection'] === 'string') return args['connection'];
  const tenantId = typeof args['tenant'] === 'string' ? args['tenant'] : 'default';
  const { connections } = await requestTokenKeeper(nc, SUBJECTS.tokensList, { tenantId });
  return connections.find((view) => view.status === 'active' || view.status === 'expiring')?.connectionId;
}

/**
 * `pnpm cli linkedin-versions`: for each version of `LINKEDIN_VERSION`, whether LinkedIn accepts it now (a cheap
 * versioned call with a stored token, opened with `TOKEN_ENCRYPTION_KEYS`) and its expected sunset.
 */
export async function linkedinVersionsCommand(nc: NatsConnection, args: Args, out: Output): Promise<number> {
  const env = process.env;
  const versions = parseVersionList(env['LINKEDIN_VERSION']);
  const apiBase = env['LINKEDIN_API_BASE'] || 'https://api.linkedin.com';
  const keys = env['TOKEN_ENCRYPTION_KEYS'];
  if (!keys) {
    out.line('TOKEN_ENCRYPTION_KEYS is required (the services’ keys) to open a stored token');
    return 2;
  }
  const connectionId = await connectionFor(nc, args);
  if (!connectionId) {
    out.line('no active connection to call LinkedIn with: pass --connection <id> or --tenant <id>');
    return 2;
  }
  const stored = await requestTokenKeeper(nc, SUBJECTS.tokensGet, { connectionId });
  const accessToken = createKeyring(keys).open(stored.accessToken, connectionId);
  const now = Date.now();
  const rows = [];
  for (const version of versions) {
    const probe = await probeVersion({ apiBase, accessToken, version });
    const sunset = expectedSunset(version);
    rows.push({
      version,
      accepted: probe.accepted ?? null,
      status: probe.status,
      expectedSunset: new Date(sunset.at).toISOString().slice(0, 10),
      sunsetSource: sunset.source,
      daysLeft: daysLeft(version, now),
    });
  }
  if (args['json']) {
    out.json(rows);
  } else {
    out.line(`LINKEDIN_VERSION=${versions.join(',')} at ${apiBase} (token of ${connectionId})`);
    for (const row of rows) {
      const state =
        row.accepted === true
          ? 'accepted'
          : row.accepted === false
            ? 'refused (426)'
            : `unknown (${row.status})`;
      out.line(
        `${row.version}  ${state.padEnd(14)} expected sunset ${row.expectedSunset} (${row.daysLeft} days, ${row.sunsetSource})`,
      );
    }
  }
  if (rows.some((row) => row.accepted === null)) return 1;
  return rows.some((row) => row.accepted === true) ? 0 : 1;
}
