import type { CallToolResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { HttpError } from '../http/errors.ts';

/** A tool's answer: `structuredContent` for clients that read it, the same JSON as text for those that do not. */
export function answer(value: Record<string, unknown>, summary?: string): CallToolResult {
  const json = JSON.stringify(value, null, 2);
  return {
    content: [{ type: 'text', text: summary === undefined ? json : `${summary}\n${json}` }],
    structuredContent: value,
  };
}

/** A refusal the agent can read and act on: `code: message` as text, `{ error: { code, message, … } }` structured. */
export function refusal(code: string, message: string, more: Record<string, unknown> = {}): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: `${code}: ${message}` }],
    structuredContent: { error: { code, message, ...more } },
  };
}

/** Tool failures are answers the agent can read and act on, never transport errors. */
export async function asTool<Result extends object = CallToolResult>(
  run: () => Promise<Result | CallToolResult>,
): Promise<Result | CallToolResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) return refusal(error.code, error.message);
    throw error;
  }
}

/** What `refusal` puts in `structuredContent`. */
const toolError = z.object({
  error: z.object({ code: z.string(), message: z.string(), connectUrl: z.string().optional() }).loose(),
});

/**
 * A tool's `outputSchema`: its answer, or a refusal. Clients check `structuredContent` against the schema even
 * when `isError` is set (the SDK's 1.x client does, and refuses the whole result if it does not match), so the
 * refusal's shape is part of it; the root stays `type: "object"` as MCP asks of every output schema.
 */
export function toolOutput(schema: z.ZodType<Record<string, unknown>>) {
  return z.union([schema, toolError]).meta({ type: 'object' });
}
