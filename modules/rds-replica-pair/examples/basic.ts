/**
 * A production-like writer with one replica, and a parallel copy restored from
 * its latest snapshot on MySQL 8.4. Type-checked by the module's `typecheck` target.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { RdsReplicaPair } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'rds-example');

const production = new RdsReplicaPair(stack, 'production', {
  identifier: 'lq3-production01',
  engineVersion: '8.0',
  extendedSupport: true,
  instanceClass: 'db.r6g.large',
  allocatedStorageGb: 100,
  maxAllocatedStorageGb: 500,
  vpcId: 'vpc-0123456789abcdef0',
  dbSubnetGroupName: 'lq3-production01-db',
  multiAz: true,
  readReplicas: 1,
  backupRetentionDays: 14,
  backupWindow: '02:00-03:00',
  maintenanceWindow: 'sun:03:30-sun:04:30',
  deletionProtection: true,
  alarmTopicArn: 'arn:aws:sns:eu-west-1:111111111111:lq3-production01-alarms',
});

new RdsReplicaPair(stack, 'production-back', {
  identifier: 'lq3-production-back',
  engineVersion: '8.4',
  allowMajorVersionUpgrade: true,
  applyImmediately: true,
  instanceClass: 'db.t4g.medium',
  allocatedStorageGb: 100,
  vpcId: 'vpc-0123456789abcdef0',
  dbSubnetGroupName: 'lq3-parallel-back-db',
  multiAz: false,
  readReplicas: 0,
  backupRetentionDays: 1,
  backupWindow: '02:00-03:00',
  maintenanceWindow: 'sun:03:30-sun:04:30',
  deletionProtection: false,
  finalSnapshot: false,
  restoreFrom: { latestSnapshotOf: 'lq3-production01' },
  refreshToken: '2026-11-22',
});

// Services attach the client security group and read the secret.
new TerraformOutput(stack, 'writer-address', { value: production.writerAddress });
new TerraformOutput(stack, 'reader-address', { value: production.readerAddress });
new TerraformOutput(stack, 'client-security-group', { value: production.clientSecurityGroupId });
new TerraformOutput(stack, 'secret-arn', { value: production.secretArn });

app.synth();
