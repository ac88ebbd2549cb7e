import { loadConfig as loadEmulatorConfig } from '../../../packages/linkedin-emulator/src/config.ts';
import { loadConfig as loadGatewayConfig } from '../../../services/auth-gateway/src/config.ts';
import { loadConfig as loadPublisherConfig } from '../../../services/publisher/src/config.ts';
import { loadConfig as loadKeeperConfig } from '../../../services/token-keeper/src/config.ts';

/** Each deployable's own config parser (its zod schema), by the name it has in compose and Kubernetes. */
export const CONFIG_LOADERS: Record<string, (env: NodeJS.ProcessEnv) => unknown> = {
  'auth-gateway': loadGatewayConfig,
  'token-keeper': loadKeeperConfig,
  publisher: loadPublisherConfig,
  'linkedin-emulator': loadEmulatorConfig,
};
