import { describe, expect, it } from 'vitest';
import { parseNatsUrl } from './connection.ts';

describe('parseNatsUrl', () => {
  it('takes credentials out of the URL', () => {
    expect(
      parseNatsUrl('nats://publisher:s%3Acret@nats-0:4222,nats://publisher:s%3Acret@nats-1:4222'),
    ).toEqual({
      servers: ['nats://nats-0:4222', 'nats://nats-1:4222'],
      user: 'publisher',
      pass: 's:cret',
    });
  });

  it('leaves plain URLs alone', () => {
    expect(parseNatsUrl('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
    expect(parseNatsUrl('127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
  });
});
