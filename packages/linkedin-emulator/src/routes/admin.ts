import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { AppBody, ClockBody, FaultBody, MembersBody, parseAdminBody } from '../admin-schemas.ts';
import type { Member } from '../directory.ts';
import { plainError } from '../linkedin-errors.ts';
import type { AppSettings } from '../settings.ts';
import type { EmulatorState } from '../state.ts';

function memberView(state: EmulatorState, member: Member): Record<string, unknown> {
  const { roles: _roles, ...profile } = member;
  return { ...profile, organizations: state.directory.organizationsOf(member) };
}

function appPatch(body: z.output<typeof AppBody>, current: AppSettings): Partial<AppSettings> {
  const patch: Partial<AppSettings> = {};
  if (body.clientId !== undefined) patch.clientId = body.clientId;
  if (body.clientSecret !== undefined) patch.clientSecret = body.clientSecret;
  if (body.redirectUris !== undefined || body.addRedirectUris !== undefined) {
    const base = body.redirectUris ?? current.redirectUris;
    patch.redirectUris = [...new Set([...base, ...(body.addRedirectUris ?? [])])];
  }
  const { clientId: _id, clientSecret: _secret, redirectUris: _uris, addRedirectUris: _add, ...rest } = body;
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) Object.assign(patch, { [key]: value });
  }
  return patch;
}

/** The fixed admin surface under `/_emulator/*` (design.md). Not part of LinkedIn. */
export function registerAdminRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/_emulator/posts', async () =>
    state.posts.list().map((p) => ({
      urn: p.urn,
      author: p.author,
      commentary: p.commentary,
      visibility: p.visibility,
      content: p.content,
      createdAt: p.createdAt,
      submittedCommentary: p.submittedCommentary,
      lifecycleState: p.lifecycleState,
      distribution: p.distribution,
      isReshareDisabledByAuthor: p.isReshareDisabledByAuthor,
      reshareParent: p.reshareParent,
      lastModifiedAt: p.lastModifiedAt,
      isEditedByAuthor: p.isEditedByAuthor,
      deletedAt: p.deletedAt,
    })),
  );

  app.get('/_emulator/requests', async () => state.requests.entries());

  app.post('/_emulator/reset', async () => {
    state.reset();
    return { reset: true, now: state.clock.now() };
  });

  app.get('/_emulator/clock', async () => ({
    now: state.clock.now(),
    iso: new Date(state.clock.now()).toISOString(),
  }));
  app.post('/_emulator/clock', async (request) => {
    state.clock.advance(parseAdminBody(ClockBody, request.body).advanceSeconds);
    return { now: state.clock.now(), iso: new Date(state.clock.now()).toISOString() };
  });

  app.get('/_emulator/members', async () => ({
    members: [...state.directory.members.values()].map((m) => memberView(state, m)),
  }));
  app.post('/_emulator/members', async (request) => {
    const body = parseAdminBody(MembersBody, request.body);
    const taken = body.members.find((m) => m.sub !== undefined && state.directory.members.has(m.sub));
    if (taken) throw plainError(409, `Member ${taken.sub ?? ''} already exists`);
    const created = body.members.map((input) => state.directory.addMember(input));
    return { members: created.map((m) => memberView(state, m)) };
  });

  app.get('/_emulator/app', async () => state.app);
  app.post('/_emulator/app', async (request) => {
    const body = parseAdminBody(AppBody, request.body);
    return state.updateApp(appPatch(body, state.app));
  });

  app.get('/_emulator/faults', async () => state.faults.list());
  app.post('/_emulator/faults', async (request, reply) => {
    const fault = state.faults.add(parseAdminBody(FaultBody, request.body));
    return reply.code(201).send(fault);
  });
  app.delete('/_emulator/faults', async (_request, reply) => {
    state.faults.clear();
    return reply.code(204).send();
  });
}
