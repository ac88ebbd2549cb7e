import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  checkAuthorizationRequest,
  decide,
  parseDecision,
  type AuthorizationCheck,
} from '../authorization-request.ts';
import { renderConsentPage, renderErrorPage } from '../consent-page.ts';
import { readParam } from '../params.ts';
import type { EmulatorState } from '../state.ts';

const DECISION_PATH = '/oauth/v2/authorization/decision';

function answerProblem(
  reply: FastifyReply,
  check: Exclude<AuthorizationCheck, { kind: 'ok' }>,
): FastifyReply {
  if (check.kind === 'redirect') return reply.redirect(check.location, 302);
  return reply.code(400).type('text/html; charset=utf-8').send(renderErrorPage(check.message));
}

/** `GET /oauth/v2/authorization` (consent page) and the page's form target. */
export function registerOauthAuthorizationRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/oauth/v2/authorization', async (request, reply) => {
    const check = checkAuthorizationRequest(state, request.query);
    if (check.kind !== 'ok') return answerProblem(reply, check);
    const decision = parseDecision(readParam(request.query, 'emulator_decision'));
    if (decision) return reply.redirect(decide(state, check.request, decision), 302);
    const { app: client, member, scopes } = check.request;
    // An existing valid grant for the same scopes skips the consent screen (reference §1.1, §1.3).
    if (state.grants.hasActiveGrant({ clientId: client.clientId, sub: member.sub, scopes })) {
      return reply.redirect(decide(state, check.request, 'allow'), 302);
    }
    const page = renderConsentPage({
      clientId: check.request.app.clientId,
      member: check.request.member,
      scopes: check.request.scopes,
      hidden: check.request.carried,
      action: DECISION_PATH,
    });
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.post(DECISION_PATH, async (request, reply) => {
    const check = checkAuthorizationRequest(state, request.body);
    if (check.kind !== 'ok') return answerProblem(reply, check);
    const decision = parseDecision(readParam(request.body, 'decision'));
    if (!decision) return answerProblem(reply, { kind: 'page-error', message: 'Missing decision' });
    return reply.redirect(decide(state, check.request, decision), 302);
  });
}
