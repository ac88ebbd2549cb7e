import { isSpanContextValid, trace, TraceFlags, type Attributes, type Context } from '@opentelemetry/api';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { redactedAttributes } from './redaction.ts';

type Sampler = NonNullable<NonNullable<ConstructorParameters<typeof NodeSDK>[0]>['sampler']>;
type Decision = ReturnType<Sampler['shouldSample']>['decision'];
const NOT_RECORD = 0 as Decision;
const RECORD_AND_SAMPLED = 2 as Decision;

/** The root sampling ratio from `OTEL_TRACES_SAMPLER` / `_ARG` (`parentbased_always_on` when unset). */
export function rootRatio(env: NodeJS.ProcessEnv): number {
  const sampler = env['OTEL_TRACES_SAMPLER'] ?? 'parentbased_always_on';
  if (sampler.endsWith('always_off')) return 0;
  if (!sampler.endsWith('traceidratio')) return 1;
  const ratio = Number(env['OTEL_TRACES_SAMPLER_ARG'] ?? 1);
  return Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1;
}

/**
 * Every span starts here, so no exporter ever sees a secret in a start attribute: `url.query`, `url.full`,
 * `http.url`, `http.target` and any other string attribute get the values of secret parameters (`code`,
 * `state`, `session`, tokens, …) replaced (the returned attributes override the span's). The decision is
 * parent-based: a child follows its parent; a root is sampled at `rootRatio` (1 unless configured).
 */
export function createRedactingSampler(ratio: number): Sampler {
  return {
    shouldSample(context: Context, traceId: string, _name, _kind, attributes: Attributes) {
      const parent = trace.getSpanContext(context);
      const sampled =
        parent && isSpanContextValid(parent)
          ? (parent.traceFlags & TraceFlags.SAMPLED) !== 0
          : ratio >= 1 || Number.parseInt(traceId.slice(-8), 16) / 0xffffffff < ratio;
      return sampled
        ? { decision: RECORD_AND_SAMPLED, attributes: redactedAttributes(attributes) }
        : { decision: NOT_RECORD };
    },
    toString: () => `RedactingParentBased{root=${ratio}}`,
  };
}
