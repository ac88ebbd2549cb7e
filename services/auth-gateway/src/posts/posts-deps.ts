import type { EventPublisher } from '@li-bus/messaging';
import type { GatewayConfig } from '../config.ts';
import type { CallerDeps } from '../http/caller.ts';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';
import type { MediaStore } from './media-store.ts';
import type { PostStatusStore } from './post-status-store.ts';

/** What post ingress and status (`/v1/posts`, and the MCP tools through the same functions) need. */
export interface PostsDeps extends CallerDeps {
  config: Pick<GatewayConfig, 'apiKeys' | 'publicOrigin'>;
  tokenKeeper: Pick<TokenKeeperClient, 'status'>;
  posts: PostStatusStore;
  events: Pick<EventPublisher, 'publish'>;
  /** Where `POST /v1/media` and `upload_media` store files (upload-media.ts). */
  media: MediaStore;
  now: () => number;
}
