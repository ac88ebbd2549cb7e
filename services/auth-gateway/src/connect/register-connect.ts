import type { HttpApp } from '@li-bus/service-kit';
import { registerOAuthCallback } from './callback-route.ts';
import type { ConnectDeps } from './connect-deps.ts';
import { registerConnectPage } from './connect-page-route.ts';
import { registerOAuthStart } from './start-routes.ts';

/** Connecting a LinkedIn member or Company Page: `/connect`, `/oauth/linkedin/start`, `/oauth/linkedin/callback`. */
export function registerConnect(app: HttpApp, deps: ConnectDeps): void {
  registerConnectPage(app, deps.config);
  registerOAuthStart(app, deps);
  registerOAuthCallback(app, deps);
}
