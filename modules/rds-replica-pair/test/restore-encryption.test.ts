/** A copy never depends on its source database's key, and a deleted base keeps its backups. */
import { only, synth } from './helpers';

const KEY = /^\$\{aws_kms_key\.db_key_\w+\.arn}$/;

describe('RdsReplicaPair restore mode encryption', () => {
  const { resource } = synth({ identifier: 'lq3-staging-back', restoreFrom: { latestSnapshotOf: 'lq3-staging01' }, readReplicas: 1 });
  const copy = only(resource, 'aws_db_snapshot_copy');
  const refresh = `terraform_data.${Object.keys(resource.terraform_data).find((k) => k.includes('refresh'))}`;

  test('restores from a copy of the source snapshot re-encrypted with the module key', () => {
    expect(copy).toMatchObject({ target_db_snapshot_identifier: 'lq3-staging-back-restore-source', kms_key_id: expect.stringMatching(KEY) });
    const writer = Object.values(resource.aws_db_instance).find((instance) => instance.identifier === 'lq3-staging-back')!;
    expect(writer.snapshot_identifier).toBe(`\${aws_db_snapshot_copy.${Object.keys(resource.aws_db_snapshot_copy)[0]}.id}`);
  });

  test('copies once: a newer source snapshot is ignored, the refresh token replaces the copy', () => {
    const choice = Object.entries(resource.terraform_data).find(([k]) => k.includes('restore-source-choice'))!;
    expect(choice[1].lifecycle).toEqual({ ignore_changes: ['input'], replace_triggered_by: [refresh] });
    expect(copy.source_db_snapshot_identifier).toBe(`\${terraform_data.${choice[0]}.output.snapshotArn}`);
  });
});

describe('RdsReplicaPair automated backups on deletion', () => {
  test('are kept by default, so a deleted database can still be restored to a point in time', () => {
    expect(only(synth().resource, 'aws_db_instance').delete_automated_backups).toBe(false);
  });

  test('go with the database when asked (disposable copies)', () => {
    expect(only(synth({ deleteAutomatedBackups: true }).resource, 'aws_db_instance').delete_automated_backups).toBe(true);
  });
});
