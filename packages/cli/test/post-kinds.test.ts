import { beforeEach, describe, expect, it } from 'vitest';
import type { TestSystem } from '@li-bus/dev-stack/testing';
import { cli, useConnectedSystem } from './run-cli.ts';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';

describe('cli post: polls, reshares, first comments', () => {
  const connected = useConnectedSystem();
  let system: TestSystem;
  let connectionId: string;
  beforeEach(() => ({ system, connectionId } = connected()));

  it('posts a poll from --poll-question, repeated --poll-option and --poll-duration, then reshares it', async () => {
    const poll = await cli(
      system,
      'post',
      '--connection',
      connectionId,
      '--poll-question',
      'Tea or coffee?',
      '--poll-option',
      'Tea',
      '--poll-option',
      'Coffee',
      '--poll-duration',
      'FOURTEEN_DAYS',
    );
    expect(poll.code).toBe(0);
    const parent = /published (urn:li:share:\d+)/.exec(poll.stdout)?.[1] ?? '';
    const posts = await createEmulatorAdmin(system.emulator.url).posts();
    expect(posts.find((p) => p.urn === parent)?.content).toEqual({
      poll: {
        question: 'Tea or coffee?',
        options: [{ text: 'Tea' }, { text: 'Coffee' }],
        settings: { duration: 'FOURTEEN_DAYS' },
      },
    });
    const reshare = await cli(system, 'post', '--connection', connectionId, '--reshare-of', parent);
    expect(reshare.code).toBe(0);
    expect(reshare.stdout).toMatch(/published urn:li:share:\d+/);
  });

  it('refuses a poll with one option (exit 2), and --first-comment without the comment scope (exit 1)', async () => {
    const bad = await cli(
      system,
      'post',
      '--connection',
      connectionId,
      '--poll-question',
      'Q',
      '--poll-option',
      'only',
      '--poll-duration',
      'ONE_DAY',
    );
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('poll.options');
    const comment = await cli(
      system,
      'post',
      '--connection',
      connectionId,
      '--text',
      'Hi',
      '--first-comment',
      'Link',
    );
    expect(comment.code).toBe(1);
    expect(comment.stdout).toContain('failed: permission_denied');
    expect(comment.stdout).toContain('w_member_social_feed');
  });
});
