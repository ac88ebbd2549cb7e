import { loadConfig as loadEmulatorConfig } from '@li-bus/linkedin-emulator/config';
import { loadConfig as loadGatewayConfig } from '@li-bus/auth-gateway/config';
import { loadConfig as loadPublisherConfig } from '@li-bus/publisher/config';
import { loadConfig as loadKeeperConfig } from '@li-bus/token-keeper/config';

/** Each deployable's own config parser (its zod schema), by the name it has in compose and Kubernetes. */
export const CONFIG_LOADERS: Record<string, (env: NodeJS.ProcessEnv) => unknown> = {
  'auth-gateway': loadGatewayConfig,
  'token-keeper': loadKeeperConfig,
  publisher: loadPublisherConfig,
  'linkedin-emulator': loadEmulatorConfig,
};
