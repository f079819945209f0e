/** The data unit: what the MySQL writer of a base env and of a copy look like after day 1. */
import { join } from 'node:path';
import { resourcesOf, synthesizeProject, type StackJson } from '../src/testing';
import { baseEnv, copyEnv, envFile, tempWorkspace, type Config } from './helpers';

export function synthData(patchBase: (env: Config) => void = () => {}, patchCopy: (env: Config) => void = () => {}): { base: StackJson; copy: StackJson } {
  const root = tempWorkspace({ b: envFile({ stage: baseEnv('stage', patchBase) }), c: envFile({ copy: copyEnv('copy', 'stage', patchCopy) }) });
  return {
    base: synthesizeProject(join(root, 'live', 'b')).stacks['stage-data'],
    copy: synthesizeProject(join(root, 'live', 'c')).stacks['copy-data'],
  };
}

export const writerOf = (stack: StackJson) => resourcesOf(stack, 'aws_db_instance').find((instance) => !instance.replicate_source_db)!;

describe('data unit', () => {
  const { base, copy } = synthData();

  it('keeps a base env\'s point-in-time backups when its database is deleted; a disposable copy\'s go with it', () => {
    expect(writerOf(base).delete_automated_backups).toBe(false);
    expect(writerOf(copy).delete_automated_backups).toBe(true);
  });

  it('re-encrypts a copy with its own key, so it never depends on the base env\'s key', () => {
    const [snapshotCopy] = resourcesOf(copy, 'aws_db_snapshot_copy');
    expect(snapshotCopy).toMatchObject({ target_db_snapshot_identifier: 'lq3-copy-mysql-restore-source', kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.mysql_key_\w+\.arn}$/) });
    expect(writerOf(copy).snapshot_identifier).toMatch(/^\$\{aws_db_snapshot_copy\./);
  });
});

describe('data unit of a copy of a larger base', () => {
  const { copy } = synthData((env) => ((env.database as Config).allocatedStorageGb = 100));

  it('restores into at least the snapshot\'s storage, whatever the copy configures', () => {
    expect(writerOf(copy).allocated_storage).toMatch(/^\$\{max\(20, aws_db_snapshot_copy\.\S+\.allocated_storage\)}$/);
    expect(writerOf(copy).max_allocated_storage).toMatch(/^\$\{min\(65536, max\(80, ceil\(\(max\(20, aws_db_snapshot_copy\.\S+\.allocated_storage\) \* 4\)\)\)\)}$/);
  });
});

describe('data unit outputs', () => {
  const { base, copy } = synthData();
  const outputsOf = (stack: StackJson) => (stack as { output?: Record<string, { value: string }> }).output ?? {};

  it('a copy reports the snapshot of its base it was restored from; a base has none', () => {
    expect(outputsOf(copy)['restored-from-snapshot'].value).toMatch(/^\$\{terraform_data\.mysql_restore-source-choice_\w+\.output\.snapshotArn}$/);
    expect(outputsOf(base)).not.toHaveProperty('restored-from-snapshot');
  });
});

describe('data unit apply timing', () => {
  it('a copy applies changes (its 8.0 -> 8.4 upgrade) at once; a base waits for its maintenance window', () => {
    const { base, copy } = synthData();
    expect(writerOf(copy)).toMatchObject({ apply_immediately: true, allow_major_version_upgrade: true });
    expect(writerOf(base)).toMatchObject({ apply_immediately: false, allow_major_version_upgrade: false });
  });

  it('a base env\'s deliberate major upgrade applies at once too', () => {
    const { base } = synthData(
      (env) => Object.assign(env.database as Config, { engineVersion: '8.4', allowMajorVersionUpgrade: true }),
      (env) => ((env.database as Config).engineVersion = '8.4'),
    );
    expect(writerOf(base)).toMatchObject({ apply_immediately: true, allow_major_version_upgrade: true });
  });
});
