import { context, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createRedactingSampler, rootRatio } from '../src/redacting-sampler.ts';
import { redactedAttributes, redactSecretParams } from '../src/redaction.ts';

describe('redactSecretParams', () => {
  it('replaces the values of secret parameters in queries, full URLs and form bodies, keeping the rest', () => {
    expect(redactSecretParams('code=abc123&state=xyz&scope=openid')).toBe(
      'code=REDACTED&state=REDACTED&scope=openid',
    );
    expect(redactSecretParams('https://gw.test/oauth/linkedin/start?session=s3cr3t&kind=member')).toBe(
      'https://gw.test/oauth/linkedin/start?session=REDACTED&kind=member',
    );
    expect(redactSecretParams('?Code=a&X-Amz-Signature=b&next=/x')).toBe(
      '?Code=REDACTED&X-Amz-Signature=REDACTED&next=/x',
    );
    // A parameter whose name only ends like a secret one is kept.
    expect(redactSecretParams('zipcode=12345&unicode=yes')).toBe('zipcode=12345&unicode=yes');
    expect(redactSecretParams('no query here')).toBe('no query here');
  });
});

describe('redactedAttributes', () => {
  it('returns only the attributes that change, captured credential headers whole', () => {
    expect(
      redactedAttributes({
        'url.query': 'code=abc&state=def',
        'url.path': '/oauth/linkedin/callback',
        'http.request.header.authorization': ['Bearer lbat_x'],
        'http.response.status_code': 302,
      }),
    ).toEqual({
      'url.query': 'code=REDACTED&state=REDACTED',
      'http.request.header.authorization': ['REDACTED'],
    });
  });
});

describe('the redacting sampler', () => {
  const parent = (sampled: boolean) =>
    trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    });

  it('samples a root span and overrides its secret attributes', () => {
    const result = createRedactingSampler(1).shouldSample(
      context.active(),
      '0af7651916cd43dd8448eb211c80319c',
      'GET',
      SpanKind.SERVER,
      { 'url.full': 'http://gw/oauth/authorize?state=s&client_id=c', 'url.path': '/oauth/authorize' },
      [],
    );
    expect(result.decision).toBe(2);
    expect(result.attributes).toEqual({ 'url.full': 'http://gw/oauth/authorize?state=REDACTED&client_id=c' });
  });

  it('follows its parent: a child of an unsampled span is not recorded', () => {
    const sampler = createRedactingSampler(1);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    expect(sampler.shouldSample(parent(false), traceId, 'x', SpanKind.CLIENT, {}, []).decision).toBe(0);
    expect(sampler.shouldSample(parent(true), traceId, 'x', SpanKind.CLIENT, {}, []).decision).toBe(2);
  });

  it('reads the root ratio from OTEL_TRACES_SAMPLER', () => {
    expect(rootRatio({})).toBe(1);
    expect(rootRatio({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).toBe(0);
    expect(
      rootRatio({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }),
    ).toBe(0.25);
  });
});
