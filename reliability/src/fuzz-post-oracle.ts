// How a generated body is sent and judged: made unique per case and path, and classified by the contract's zod
// schema (the oracle) exactly as the receiver will parse it.
import { postRequested } from '@li-bus/contracts';
import type { BodyCase } from './fuzz-post-bodies.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The case as one client sends it: a valid-looking `requestId` made unique (`<id>.<tag>`), and the text marked
 * with `<tag> ` so the post LinkedIn stores can be traced back to its case. Other fields are left as generated.
 */
export function finalizeCase(sent: BodyCase, tag: string): BodyCase {
  const body = sent.body;
  if (sent.kind === 'not-json' || typeof body !== 'object' || body === null || Array.isArray(body))
    return sent;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const requestId = copy['requestId'];
  if (typeof requestId === 'string' && REQUEST_ID.test(requestId))
    copy['requestId'] = `${requestId.slice(0, 100)}.${tag}`;
  if (typeof copy['text'] === 'string') copy['text'] = `${tag} ${copy['text']}`;
  return { kind: sent.kind, body: copy };
}

/** The exact text a client sends for a case. */
export function bodyText(sent: BodyCase): string {
  return sent.kind === 'not-json' ? String(sent.body) : (JSON.stringify(sent.body) ?? 'null');
}

/** The oracle: valid exactly when the text is JSON and the contract's schema accepts what it parses to. */
export function classifyText(text: string): { valid: boolean; parsed: unknown; json: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { valid: false, parsed: undefined, json: false };
  }
  return { valid: postRequested.safeParse(parsed).success, parsed, json: true };
}

/** The marker `finalizeCase` puts in front of the text: `FZ.<index>.<path>`. */
export const caseTag = (index: number, path: 'n' | 'h') => `FZ.${index}.${path}`;
export const CASE_TAG = /^FZ\.(\d+)\.([nh]) /;
