/** Which snapshot a copy restores: only an available one, and the copy says which. */
import { outputs, synth } from './helpers';

describe('RdsReplicaPair restore source', () => {
  const { resource, data } = synth({ identifier: 'lq3-staging-back', restoreFrom: { latestSnapshotOf: 'lq3-staging01' } });
  const candidate = `data.aws_db_snapshot.${Object.keys(data.aws_db_snapshot)[0]}`;
  const choice = `terraform_data.${Object.keys(resource.terraform_data).find((k) => k.includes('restore-source-choice'))}`;
  const [precondition] = (Object.values(resource.aws_db_snapshot_copy)[0].lifecycle as { precondition: { condition: string; error_message: string }[] }).precondition;

  test('refuses to copy a snapshot that is not available yet (the provider cannot filter by status)', () => {
    expect(precondition.condition).toBe(`\${${candidate}.status == "available" || ${choice}.output.snapshotArn != ${candidate}.db_snapshot_arn}`);
  });

  test('says which snapshot and why in the error', () => {
    expect(precondition.error_message).toBe(
      `lq3-staging-back: the newest snapshot of lq3-staging01 (\${${candidate}.id}) is \${${candidate}.status}, not available, so it cannot be copied yet; plan again when it is available (after the source's backup window) or restore a named snapshot.`,
    );
  });

  test('exposes the snapshot the copy was restored from, fixed until the next refresh', () => {
    expect(outputs({ identifier: 'lq3-staging-back', restoreFrom: { latestSnapshotOf: 'lq3-staging01' } }, (pair) => ({ source: pair.restoredFromSnapshotArn }))).toEqual({
      source: expect.stringMatching(/^\$\{terraform_data\.db_restore-source-choice_\w+\.output\.snapshotArn}$/),
    });
    expect(synth().pair.restoredFromSnapshotArn).toBeUndefined();
  });
});
