import { beforeEach, describe, expect, it } from 'vitest';
import type { TestSystem } from '@li-bus/dev-stack/testing';
import { cli, useConnectedSystem } from './run-cli.ts';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';

describe('cli', () => {
  const connected = useConnectedSystem();
  let system: TestSystem;
  let connectionId: string;
  beforeEach(() => ({ system, connectionId } = connected()));

  it('lists connections of a tenant', async () => {
    const result = await cli(system, 'connections', '--tenant', 'tenant-a');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(connectionId);
    expect(result.stdout).toContain(system.emulator.defaultMember.name);
  });

  it('posts and prints the URN, exit 0', async () => {
    const result = await cli(system, 'post', '--connection', connectionId, '--text', 'From the CLI (1)');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /published urn:li:share:\d+\n {2}https:\/\/www\.linkedin\.com\/feed\/update\//,
    );
  });

  it('refuses an invalid post with exit 2, naming the field', async () => {
    const result = await cli(system, 'post', '--connection', connectionId);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('text: is required');
  });

  it('reports a failed post with exit 1 and its code', async () => {
    const result = await cli(system, 'post', '--connection', 'conn_unknown', '--text', 'nobody');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('failed: connection_not_found');
  });

  it('edits and deletes a post, printing each outcome (exit 0), a failure exit 1, bad input exit 2', async () => {
    const posted = await cli(system, 'post', '--connection', connectionId, '--text', 'To be edited');
    const postUrn = /published (urn:li:share:\d+)/.exec(posted.stdout)?.[1] ?? '';
    expect(postUrn).not.toBe('');
    const edit = ['edit', '--connection', connectionId, '--post', postUrn, '--request-id', 'cli-edit-a'];
    const edited = await cli(system, ...edit, '--text', 'Edited (by the CLI)');
    expect(edited.code).toBe(0);
    expect(edited.stdout).toMatch(new RegExp(`updated ${postUrn} at \\d{4}-`));
    const again = await cli(system, ...edit, '--text', 'Edited (by the CLI)');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('cli-edit-a was requested before');
    const stored = async () =>
      (await createEmulatorAdmin(system.emulator.url).posts()).find((post) => post.urn === postUrn);
    expect(await stored()).toMatchObject({
      submittedCommentary: 'Edited \\(by the CLI\\)',
      isEditedByAuthor: true,
    });

    const invalid = await cli(
      system,
      'edit',
      '--connection',
      connectionId,
      '--post',
      'not-a-urn',
      '--text',
      'x',
    );
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toContain('postUrn');

    const deleted = await cli(system, 'delete', '--connection', connectionId, '--post', postUrn);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`deleted ${postUrn} at `);
    expect((await stored())?.deletedAt).not.toBeNull();
    // The post is gone: editing it fails with LinkedIn's answer.
    const late = await cli(system, 'edit', '--connection', connectionId, '--post', postUrn, '--text', 'late');
    expect(late.code).toBe(1);
    expect(late.stdout).toContain('failed: linkedin_error');
  });

  it('prints usage for an unknown command', async () => {
    const result = await cli(system, 'frobnicate');
    expect(result.code).toBe(2);
  });
});
