export { startTelemetry } from './sdk.ts';
export type { TelemetryHandle } from './sdk.ts';

/** Flushes spans of a process started with `--import @li-bus/telemetry/register` (no-op otherwise). */
export async function flushTelemetry(): Promise<void> {
  await globalThis.__liBusTelemetry?.shutdown();
}
