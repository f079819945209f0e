/** RDS cannot restore a snapshot into less storage than it holds. */
import { ofType, only, synth } from './helpers';

describe('RdsReplicaPair restore mode storage', () => {
  const { resource } = synth({ restoreFrom: { latestSnapshotOf: 'lq3-production01' }, identifier: 'lq3-production-back', allocatedStorageGb: 20, maxAllocatedStorageGb: 80, readReplicas: 1 });
  const snapshotStorage = `aws_db_snapshot_copy.${Object.keys(resource.aws_db_snapshot_copy)[0]}.allocated_storage`;

  test('takes the snapshot\'s storage when it is larger than the configured size', () => {
    const writer = ofType(resource, 'aws_db_instance').find((instance) => !instance.replicate_source_db)!;
    expect(writer.allocated_storage).toBe(`\${max(20, ${snapshotStorage})}`);
  });

  test('keeps the autoscaling ceiling above it, at the configured headroom, on the writer and its replicas', () => {
    for (const instance of ofType(resource, 'aws_db_instance')) {
      expect(instance.max_allocated_storage).toBe(`\${min(65536, max(80, ceil((max(20, ${snapshotStorage}) * 4))))}`);
    }
  });

  test('a new database keeps the configured sizes', () => {
    expect(only(synth({ maxAllocatedStorageGb: 200 }).resource, 'aws_db_instance')).toMatchObject({ allocated_storage: 50, max_allocated_storage: 200 });
  });
});
