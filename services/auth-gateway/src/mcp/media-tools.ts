import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Caller } from '../http/caller.ts';
import { UPLOAD_MAX_BASE64_LENGTH, UPLOAD_MAX_BYTES, uploadedMedia } from '../http/api-schemas.ts';
import { uploadMedia } from '../posts/upload-media.ts';
import type { McpDeps } from './mcp-deps.ts';
import { answer, asTool, toolOutput } from './mcp-results.ts';

type OAuthCaller = Extract<Caller, { kind: 'oauth' }>;

/** `upload_media`: a file the agent holds, stored for a later `publish_post`. */
export function registerMediaTools(server: McpServer, deps: McpDeps, caller: OAuthCaller): void {
  server.registerTool(
    'upload_media',
    {
      title: 'Upload an image, video or document',
      description:
        `Stores a file (base64, at most ${UPLOAD_MAX_BYTES} bytes) for a post: pass the returned url and type ` +
        'in publish_post media. Only this connection’s tenant can post it.',
      inputSchema: z.object({
        fileName: z.string().min(1).max(200).describe('The file name, e.g. chart.png'),
        contentType: z
          .string()
          .describe(
            'image/jpeg, image/png, image/gif, video/mp4, application/pdf or an Office document type',
          ),
        base64: z.string().min(1).max(UPLOAD_MAX_BASE64_LENGTH).describe('The file content, base64'),
      }),
      outputSchema: toolOutput(uploadedMedia),
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    (input) => asTool(async () => answer({ ...(await uploadMedia(deps, caller, input)) })),
  );
}
