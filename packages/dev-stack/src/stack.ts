import { spawnService, type ServiceName, type ServiceProcess } from './service-process.ts';

export interface StackOptions {
  natsUrl: string;
  redisUrl: string;
  linkedin: { authBase: string; apiBase: string; clientId: string; clientSecret: string; version?: string };
  ports: Record<ServiceName, number>;
  /** Each service's `METRICS_PORT` (`/metrics`); a free port for a service not named. */
  metricsPorts?: Partial<Record<ServiceName, number>>;
  /** The gateway's public origin, e.g. `http://localhost:8080`. */
  publicOrigin: string;
  tokenEncryptionKeys: string;
  gatewayApiKeys: string;
  returnToAllowlist?: string;
  logLevel?: string;
  /** Environment for every service (e.g. `OTEL_EXPORTER_OTLP_ENDPOINT`). */
  commonEnv?: Record<string, string>;
  /** Per-service environment additions (e.g. a test's short retry delays). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  onLine?: (name: ServiceName, line: string) => void;
}

export interface Stack {
  services: Record<ServiceName, ServiceProcess>;
  stop(): Promise<void>;
}

export const SERVICE_NAMES: readonly ServiceName[] = ['token-keeper', 'publisher', 'auth-gateway'];

/** The environment each service gets (design names only). */
export function serviceEnv(options: StackOptions, name: ServiceName): Record<string, string> {
  const common = {
    NATS_URL: options.natsUrl,
    TOKEN_ENCRYPTION_KEYS: options.tokenEncryptionKeys,
    LOG_LEVEL: options.logLevel ?? 'info',
    ...(options.linkedin.version ? { LINKEDIN_VERSION: options.linkedin.version } : {}),
  };
  const own: Record<ServiceName, Record<string, string>> = {
    'token-keeper': { REDIS_URL: options.redisUrl },
    publisher: { LINKEDIN_API_BASE: options.linkedin.apiBase },
    'auth-gateway': {
      LINKEDIN_CLIENT_ID: options.linkedin.clientId,
      LINKEDIN_CLIENT_SECRET: options.linkedin.clientSecret,
      LINKEDIN_AUTH_BASE: options.linkedin.authBase,
      LINKEDIN_API_BASE: options.linkedin.apiBase,
      LINKEDIN_REDIRECT_URI: `${options.publicOrigin}/oauth/linkedin/callback`,
      GATEWAY_API_KEYS: options.gatewayApiKeys,
      ...(options.returnToAllowlist ? { RETURN_TO_ALLOWLIST: options.returnToAllowlist } : {}),
    },
  };
  // `natsUrl` is the server the start command settled on (its own when NATS_URL's is too old): a NATS_URL among
  // the shared settings must not replace it.
  return { ...common, ...options.commonEnv, NATS_URL: options.natsUrl, ...own[name], ...options.env?.[name] };
}

/** Starts the three services as separate processes, keeper first, and waits until each is ready. */
export async function startServices(options: StackOptions): Promise<Stack> {
  const started: ServiceProcess[] = [];
  const stopAll = async () => {
    for (const service of [...started].reverse()) await service.stop();
  };
  try {
    for (const name of SERVICE_NAMES) {
      started.push(
        await spawnService({
          name,
          port: options.ports[name],
          ...(options.metricsPorts?.[name] ? { metricsPort: options.metricsPorts[name] } : {}),
          env: serviceEnv(options, name),
          ...(options.onLine ? { onLine: options.onLine } : {}),
        }),
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const services = Object.fromEntries(started.map((service) => [service.name, service])) as Record<
    ServiceName,
    ServiceProcess
  >;
  return { services, stop: stopAll };
}
