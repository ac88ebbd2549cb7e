import type { ConnectSessionStore } from '../connect/connect-sessions.ts';
import type { ConnectionsDeps } from '../connections/connections-deps.ts';
import type { CallerDeps } from '../http/caller.ts';
import type { MediaStore } from '../posts/media-store.ts';
import type { PostsDeps } from '../posts/posts-deps.ts';

/** The MCP tools call the same operations as `/v1/posts` and `/v1/connections`, with the same deps. */
export type McpDeps = Omit<PostsDeps, 'config' | 'tokenKeeper'> &
  CallerDeps & {
    config: Pick<ConnectionsDeps['config'], 'apiKeys' | 'publicOrigin' | 'connectPage'>;
    tokenKeeper: Pick<ConnectionsDeps['tokenKeeper'], 'status' | 'list'>;
    quota: ConnectionsDeps['quota'];
    /** A connect flow for the token's tenant when the connect page does not serve it. */
    sessions: Pick<ConnectSessionStore, 'createPending'>;
    media: MediaStore;
  };
