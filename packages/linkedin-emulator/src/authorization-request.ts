import type { Member } from './directory.ts';
import { escapeHtml } from './html.ts';
import { appendQuery, readParam } from './params.ts';
import type { AppSettings } from './settings.ts';
import type { EmulatorState } from './state.ts';

export interface AuthorizationRequest {
  app: AppSettings;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  member: Member;
  /** The parameters to carry from the consent page to the decision endpoint. */
  carried: Record<string, string | undefined>;
}

export type AuthorizationCheck =
  | { kind: 'ok'; request: AuthorizationRequest }
  | { kind: 'page-error'; message: string }
  | { kind: 'redirect'; location: string };

function withoutQuery(uri: string): string {
  return uri.split('?')[0] ?? uri;
}

/** Query strings of registered URIs are ignored when matching; a fragment never matches. */
export function isRegisteredRedirect(app: AppSettings, redirectUri: string): boolean {
  if (redirectUri.includes('#')) return false;
  const wanted = withoutQuery(redirectUri);
  return app.redirectUris.some((registered) => withoutQuery(registered) === wanted);
}

/** `{redirect_uri}?error=…&error_description=…&state=…` */
export function errorRedirect(
  redirectUri: string,
  error: string,
  description: string,
  state?: string,
): string {
  return appendQuery(redirectUri, { error, error_description: description, state });
}

/** Validates `/oauth/v2/authorization` parameters (query or the consent form's fields) in LinkedIn's order. */
export function checkAuthorizationRequest(state: EmulatorState, source: unknown): AuthorizationCheck {
  const clientId = readParam(source, 'client_id');
  const app = clientId === undefined ? undefined : state.findApp(clientId);
  if (!app) return { kind: 'page-error', message: "Client_id doesn't match" };
  const redirectUri = readParam(source, 'redirect_uri');
  if (redirectUri === undefined || !isRegisteredRedirect(app, redirectUri)) {
    return { kind: 'page-error', message: "Redirect_uri doesn't match" };
  }
  if (readParam(source, 'response_type') !== 'code') {
    return { kind: 'page-error', message: 'Invalid response_type: only "code" is supported' };
  }
  const oauthState = readParam(source, 'state');
  const scope = readParam(source, 'scope') ?? '';
  // Documented as space-delimited (reference §1.1); LinkedIn's own JavaScript client joins scopes with commas,
  // which LinkedIn accepts in practice, so both delimiters are accepted (see the README).
  const scopes = [...new Set(scope.split(/[ ,]/).filter((s) => s !== ''))];
  if (scopes.length === 0) return { kind: 'page-error', message: 'Invalid scope' };
  const unauthorized = scopes.find((s) => !app.allowedScopes.includes(s));
  if (unauthorized !== undefined) {
    // LinkedIn HTML-escapes the quotes before URL-encoding the description.
    const description = escapeHtml(`Scope "${unauthorized}" is not authorized for your application`);
    return {
      kind: 'redirect',
      location: errorRedirect(redirectUri, 'unauthorized_scope_error', description, oauthState),
    };
  }
  const memberSub = readParam(source, 'emulator_member');
  const member = state.directory.members.get(memberSub ?? state.defaultMember.sub);
  if (!member) return { kind: 'page-error', message: `Unknown emulator_member "${memberSub ?? ''}"` };
  return {
    kind: 'ok',
    request: {
      app,
      redirectUri,
      scopes,
      state: oauthState,
      member,
      carried: {
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: redirectUri,
        scope,
        state: oauthState,
        emulator_member: member.sub,
      },
    },
  };
}

export type Decision = 'allow' | 'cancel' | 'cancel_login';

export function parseDecision(value: string | undefined): Decision | undefined {
  return value === 'allow' || value === 'cancel' || value === 'cancel_login' ? value : undefined;
}

/**
 * Allow issues a code bound to the app, redirect URI, member and scopes. Cancel is the member refusing the
 * permissions (`user_cancelled_authorize`); cancel_login is the member declining to sign in (`user_cancelled_login`).
 */
export function decide(state: EmulatorState, request: AuthorizationRequest, decision: Decision): string {
  if (decision === 'cancel') {
    return errorRedirect(
      request.redirectUri,
      'user_cancelled_authorize',
      'The user cancelled the authorization',
      request.state,
    );
  }
  if (decision === 'cancel_login') {
    return errorRedirect(
      request.redirectUri,
      'user_cancelled_login',
      'The user cancelled LinkedIn login',
      request.state,
    );
  }
  const code = state.grants.issueCode({
    clientId: request.app.clientId,
    redirectUri: request.redirectUri,
    sub: request.member.sub,
    scopes: request.scopes,
  });
  return appendQuery(request.redirectUri, { code: code.code, state: request.state });
}
