import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  connectNats,
  DEFAULT_STREAM_OPTIONS,
  ensureStreams,
  registerConsumerMetrics,
} from '@li-bus/messaging';
import { flushTelemetry } from '@li-bus/telemetry';
import { createLogger } from './logger.ts';
import { createMetricsRegistry, type Registry } from './metrics.ts';
import { installShutdown, type ShutdownStep } from './shutdown.ts';

export interface BootstrapConfig {
  natsUrl: string;
  logLevel: string;
  streamReplicas: number;
}

/** A durable JetStream consumer the service runs (its backlog is exported on /metrics). */
export interface DurableConsumerRef {
  stream: string;
  durable: string;
}

export interface ServiceRuntime {
  logger: Logger;
  nc: NatsConnection;
  registry: Registry;
  /**
   * Installs the one ordered shutdown: `intake` (readiness to 503, stop intake, finish in-flight), then NATS
   * drained, then `close` (Redis, HTTP listeners), then telemetry flushed.
   */
  shutdown: (steps: { intake: ShutdownStep[]; close?: ShutdownStep[] }) => void;
}

/**
 * What every service starts with: the root logger, the NATS connection (refused below the minimum server
 * version), the bus streams, the metrics registry with the backlog of the service's durable consumers.
 */
export async function bootstrapService(options: {
  name: string;
  config: BootstrapConfig;
  consumers: DurableConsumerRef[];
}): Promise<ServiceRuntime> {
  const { name, config } = options;
  const logger = createLogger({ service: name, level: config.logLevel });
  const nc = await connectNats({ url: config.natsUrl, name, logger });
  await ensureStreams(nc, { ...DEFAULT_STREAM_OPTIONS, replicas: config.streamReplicas });
  const registry = createMetricsRegistry(name);
  registerConsumerMetrics(registry, nc, options.consumers);
  return {
    logger,
    nc,
    registry,
    shutdown: ({ intake, close = [] }) =>
      installShutdown(logger, [
        ...intake,
        { name: 'drain NATS', run: () => nc.drain() },
        ...close,
        { name: 'flush telemetry', run: flushTelemetry },
      ]),
  };
}
