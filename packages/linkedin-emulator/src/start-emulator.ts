import type { AddressInfo } from 'node:net';
import { buildEmulator } from './build-emulator.ts';
import type { EmulatorOptions } from './settings.ts';
import type { EmulatorState } from './state.ts';

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, no trailing slash; serves both LinkedIn hosts' paths. */
  url: string;
  app: { clientId: string; clientSecret: string };
  defaultMember: {
    sub: string;
    name: string;
    givenName: string;
    familyName: string;
    email: string;
    picture: string;
    urn: string;
  };
  defaultOrganization: { urn: string; name: string };
  state: EmulatorState;
  close(): Promise<void>;
}

export type StartEmulatorOptions = EmulatorOptions & { port?: number; host?: string };

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Builds the emulator and listens (port 0, the default, picks a free port). */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', ...emulatorOptions } = options;
  const { app, state } = buildEmulator(emulatorOptions);
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const member = state.defaultMember;
  return {
    url: `http://${urlHost(host)}:${address.port}`,
    app: { clientId: state.app.clientId, clientSecret: state.app.clientSecret },
    defaultMember: {
      sub: member.sub,
      name: member.name,
      givenName: member.givenName,
      familyName: member.familyName,
      email: member.email,
      picture: member.picture,
      urn: `urn:li:person:${member.sub}`,
    },
    defaultOrganization: { urn: state.defaultOrganization.urn, name: state.defaultOrganization.name },
    state,
    close: () => app.close(),
  };
}
