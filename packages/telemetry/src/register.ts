// `node --import @li-bus/telemetry/register services/<name>/src/main.ts`: telemetry starts before the app.
import { startTelemetry, type TelemetryHandle } from './sdk.ts';

declare global {
  var __liBusTelemetry: TelemetryHandle | undefined;
}

const handle = startTelemetry();
if (handle) {
  // Services flush on their own shutdown (flushTelemetry); this covers a process that exits without one.
  process.once('beforeExit', () => void handle.shutdown());
  globalThis.__liBusTelemetry = handle;
}
