import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.ts';

/** `GET /_emulator/comments`: every comment as LinkedIn stored it (deleted ones too, with `deletedAt`). */
export function registerAdminCommentRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/_emulator/comments', async () =>
    state.comments.list().map((c) => ({
      urn: c.urn,
      object: c.object,
      actor: c.actor,
      text: c.text,
      createdAt: c.createdAt,
      deletedAt: c.deletedAt,
    })),
  );
}
