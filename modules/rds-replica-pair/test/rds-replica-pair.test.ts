import { Testing, TerraformStack } from 'cdktf';
import { estimatedMaxConnections, isValidInstanceClass, RdsReplicaPair } from '../src';
import { BASE, ofType, only, outputs, synth } from './helpers';

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:alarms';

describe('RdsReplicaPair defaults', () => {
  const { resource, data, json } = synth();
  const writer = only(resource, 'aws_db_instance');

  test('a MySQL writer with the given sizing in private networking', () => {
    expect(writer).toMatchObject({
      identifier: 'lq3-staging01',
      engine: 'mysql',
      engine_version: '8.0',
      instance_class: 'db.t4g.medium',
      allocated_storage: 50,
      storage_type: 'gp3',
      db_subnet_group_name: 'lq3-staging01-db',
      publicly_accessible: false,
      port: 3306,
      multi_az: false,
    });
    expect(writer).not.toHaveProperty('max_allocated_storage');
  });

  test('storage encrypted with the module key, which rotates', () => {
    const key = only(resource, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(writer).toMatchObject({ storage_encrypted: true, kms_key_id: '${aws_kms_key.db_key_1AA3B172.arn}' });
    expect(only(resource, 'aws_kms_alias')).toMatchObject({ name: 'alias/rds/lq3-staging01' });
  });

  test('the key policy lets CloudWatch Logs use it for this database only', () => {
    const policy = JSON.parse(only(resource, 'aws_kms_key').policy as string);
    const logs = policy.Statement.find((s: { Sid: string }) => s.Sid === 'CloudWatchLogsForThisDatabase');
    expect(logs.Principal.Service).toBe('logs.${data.aws_region.db_region_8929683B.region}.amazonaws.com');
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toMatch(/log-group:\/aws\/rds\/instance\/lq3-staging01\*$/);
  });

  test('master password managed by RDS in Secrets Manager, none in the JSON', () => {
    expect(writer).toMatchObject({ manage_master_user_password: true, username: 'dbadmin' });
    expect(writer.master_user_secret_kms_key_id).toBe('${aws_kms_key.db_key_1AA3B172.arn}');
    expect(json).not.toMatch(/"password"|password_wo/);
  });

  test('backups, final snapshot, tags copied to snapshots, deletion protection', () => {
    expect(writer).toMatchObject({
      backup_retention_period: 7,
      backup_window: '02:00-03:00',
      maintenance_window: 'sun:03:30-sun:04:30',
      copy_tags_to_snapshot: true,
      deletion_protection: true,
      skip_final_snapshot: false,
    });
    expect(writer.final_snapshot_identifier).toBe('lq3-staging01-final-${formatdate("YYYYMMDDhhmmss", timestamp())}');
    expect((writer.lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual(['final_snapshot_identifier']);
  });

  test('upgrades: minor automatic, major not allowed, changes wait for the maintenance window', () => {
    expect(writer).toMatchObject({ auto_minor_version_upgrade: true, allow_major_version_upgrade: false, apply_immediately: false, iam_database_authentication_enabled: true });
  });

  test('parameter group family follows the engine version, with slow log to file and TLS required', () => {
    const group = only(resource, 'aws_db_parameter_group');
    expect(group).toMatchObject({ family: 'mysql8.0', name_prefix: 'lq3-staging01-mysql80-', lifecycle: { create_before_destroy: true } });
    expect(group.parameter).toEqual(
      expect.arrayContaining([
        { name: 'slow_query_log', value: '1', apply_method: 'pending-reboot' },
        { name: 'log_output', value: 'FILE', apply_method: 'pending-reboot' },
        { name: 'require_secure_transport', value: '1', apply_method: 'pending-reboot' },
      ]),
    );
    expect(writer.parameter_group_name).toBe('${aws_db_parameter_group.db_parameters_A4732CE6.name}');
  });

  test('error and slow query logs exported to log groups created first, with retention and KMS', () => {
    expect(writer.enabled_cloudwatch_logs_exports).toEqual(['error', 'slowquery']);
    const groups = ofType(resource, 'aws_cloudwatch_log_group');
    expect(groups.map((g) => g.name).sort()).toEqual(['/aws/rds/instance/lq3-staging01/error', '/aws/rds/instance/lq3-staging01/slowquery']);
    for (const group of groups) expect(group).toMatchObject({ retention_in_days: 30, kms_key_id: '${aws_kms_key.db_key_1AA3B172.arn}' });
    expect(writer.depends_on).toEqual(expect.arrayContaining(Object.keys(resource.aws_cloudwatch_log_group).map((k) => `aws_cloudwatch_log_group.${k}`)));
  });

  test('enhanced monitoring every 60 s with its own role', () => {
    expect(writer).toMatchObject({ monitoring_interval: 60, monitoring_role_arn: '${aws_iam_role.db_monitoring-role_0F6AD670.arn}' });
    expect(JSON.parse(only(resource, 'aws_iam_role').assume_role_policy as string).Statement[0].Principal.Service).toBe('monitoring.rds.amazonaws.com');
    expect(only(resource, 'aws_iam_role_policy_attachment').policy_arn).toMatch(/:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/);
  });

  test('Performance Insights on (7 days, module key) for a class that supports it', () => {
    expect(writer).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
      performance_insights_kms_key_id: '${aws_kms_key.db_key_1AA3B172.arn}',
    });
  });

  test('security group admits 3306 only from the client security group; the client group has no rules', () => {
    const groups = resource.aws_security_group;
    expect(Object.values(groups).map((g) => g.name).sort()).toEqual(['lq3-staging01-db', 'lq3-staging01-db-client']);
    for (const group of Object.values(groups)) {
      expect(group).not.toHaveProperty('ingress');
      expect(group).not.toHaveProperty('egress');
    }
    expect(only(resource, 'aws_vpc_security_group_ingress_rule')).toMatchObject({
      security_group_id: '${aws_security_group.db_security-group_E668878D.id}',
      referenced_security_group_id: '${aws_security_group.db_client-security-group_E476EFFC.id}',
      ip_protocol: 'tcp',
      from_port: 3306,
      to_port: 3306,
    });
    expect(resource).not.toHaveProperty('aws_vpc_security_group_egress_rule');
    expect(writer.vpc_security_group_ids).toEqual(['${aws_security_group.db_security-group_E668878D.id}']);
  });

  test('no replicas, alarms, snapshot lookup or refresh trigger unless asked for', () => {
    expect(ofType(resource, 'aws_db_instance')).toHaveLength(1);
    expect(resource).not.toHaveProperty('aws_cloudwatch_metric_alarm');
    expect(resource).not.toHaveProperty('terraform_data');
    expect(data).not.toHaveProperty('aws_db_snapshot');
    expect(writer).not.toHaveProperty('snapshot_identifier');
  });
});

describe('RdsReplicaPair options', () => {
  test('engine 8.4 selects the mysql8.4 parameter group family', () => {
    const { resource } = synth({ engineVersion: '8.4.3', autoMinorVersionUpgrade: false });
    expect(only(resource, 'aws_db_parameter_group')).toMatchObject({ family: 'mysql8.4', name_prefix: 'lq3-staging01-mysql84-' });
    expect(only(resource, 'aws_db_instance').engine_version).toBe('8.4.3');
  });

  test('storage autoscaling, Multi-AZ, major upgrades, immediate apply, no final snapshot', () => {
    const { resource } = synth({
      maxAllocatedStorageGb: 200,
      multiAz: true,
      allowMajorVersionUpgrade: true,
      applyImmediately: true,
      finalSnapshot: false,
      deletionProtection: false,
      autoMinorVersionUpgrade: false,
      iamAuthentication: false,
    });
    expect(only(resource, 'aws_db_instance')).toMatchObject({
      max_allocated_storage: 200,
      multi_az: true,
      allow_major_version_upgrade: true,
      apply_immediately: true,
      skip_final_snapshot: true,
      deletion_protection: false,
      auto_minor_version_upgrade: false,
      iam_database_authentication_enabled: false,
    });
  });

  test('finalSnapshot false with deletionProtection true is allowed: independent safeguards', () => {
    const { resource } = synth({ finalSnapshot: false, deletionProtection: true });
    expect(only(resource, 'aws_db_instance')).toMatchObject({ skip_final_snapshot: true, deletion_protection: true });
  });

  test('Performance Insights is off by default on db.t4g.micro, and can be switched off anywhere', () => {
    expect(only(synth({ instanceClass: 'db.t4g.micro' }).resource, 'aws_db_instance')).toMatchObject({ performance_insights_enabled: false });
    const off = only(synth({ performanceInsights: false }).resource, 'aws_db_instance');
    expect(off.performance_insights_enabled).toBe(false);
    expect(off).not.toHaveProperty('performance_insights_kms_key_id');
  });

  test('monitoring interval 0 switches enhanced monitoring and its role off', () => {
    const { resource } = synth({ monitoringIntervalSeconds: 0 });
    expect(only(resource, 'aws_db_instance')).toMatchObject({ monitoring_interval: 0 });
    expect(only(resource, 'aws_db_instance')).not.toHaveProperty('monitoring_role_arn');
    expect(resource).not.toHaveProperty('aws_iam_role');
  });

  test('log retention, extra parameters, initial database and user', () => {
    const { resource } = synth({ logRetentionDays: 90, parameters: { long_query_time: '1', max_connections: '500' }, databaseName: 'lq3', masterUsername: 'root_admin' });
    for (const group of ofType(resource, 'aws_cloudwatch_log_group')) expect(group.retention_in_days).toBe(90);
    const parameters = only(resource, 'aws_db_parameter_group').parameter as { name: string; value: string }[];
    expect(parameters.find((p) => p.name === 'long_query_time')?.value).toBe('1');
    expect(parameters.find((p) => p.name === 'max_connections')?.value).toBe('500');
    expect(only(resource, 'aws_db_instance')).toMatchObject({ db_name: 'lq3', username: 'root_admin' });
  });

  test('each allowed security group gets its own 3306 rule', () => {
    const { resource } = synth({ allowedSecurityGroupIds: ['sg-bastion', 'sg-runner'] });
    const sources = ofType(resource, 'aws_vpc_security_group_ingress_rule').map((r) => r.referenced_security_group_id);
    expect(sources).toEqual(['${aws_security_group.db_client-security-group_E476EFFC.id}', 'sg-bastion', 'sg-runner']);
  });
});

describe('RdsReplicaPair read replicas', () => {
  const { resource } = synth({ readReplicas: 2, replicaInstanceClass: 'db.t4g.large', maxAllocatedStorageGb: 100 });
  const replicas = Object.entries(resource.aws_db_instance).filter(([key]) => key.includes('replica'));

  test('replicate the writer by identifier, without their own user, secret, key or backups', () => {
    expect(replicas).toHaveLength(2);
    replicas.forEach(([, replica], index) => {
      expect(replica).toMatchObject({
        identifier: `lq3-staging01-replica-${index + 1}`,
        // An identifier is refused by the provider when db_subnet_group_name is set.
        replicate_source_db: '${aws_db_instance.db_writer_074416EA.arn}',
        instance_class: 'db.t4g.large',
        backup_retention_period: 0,
        skip_final_snapshot: true,
        storage_encrypted: true,
        max_allocated_storage: 100,
        parameter_group_name: '${aws_db_parameter_group.db_parameters_A4732CE6.name}',
        enabled_cloudwatch_logs_exports: ['error', 'slowquery'],
        deletion_protection: true,
        publicly_accessible: false,
        multi_az: false,
      });
      for (const absent of ['manage_master_user_password', 'username', 'kms_key_id', 'engine', 'engine_version', 'allocated_storage', 'snapshot_identifier']) {
        expect(replica).not.toHaveProperty(absent);
      }
    });
  });

  test('replica log groups exist too', () => {
    const names = ofType(resource, 'aws_cloudwatch_log_group').map((g) => g.name);
    expect(names).toEqual(expect.arrayContaining(['/aws/rds/instance/lq3-staging01-replica-2/slowquery', '/aws/rds/instance/lq3-staging01-replica-1/error']));
    expect(names).toHaveLength(6);
  });

  test('replica backups when asked for', () => {
    const withBackups = synth({ readReplicas: 1, replicaBackupRetentionDays: 3 }).resource;
    const replica = Object.entries(withBackups.aws_db_instance).find(([key]) => key.includes('replica'))![1];
    expect(replica.backup_retention_period).toBe(3);
  });

  test('outputs: reader endpoints per replica, first replica as the reader endpoint', () => {
    const values = outputs({ readReplicas: 2 }, (pair) => ({
      readerEndpoints: pair.readerEndpoints,
      readerEndpoint: pair.readerEndpoint,
      readerAddress: pair.readerAddress,
    }));
    expect(values).toEqual({
      readerEndpoints: ['${aws_db_instance.db_replica-1_0C378BDE.endpoint}', expect.stringMatching(/^\$\{aws_db_instance\.db_replica-2_[0-9A-F]{8}\.endpoint\}$/)],
      readerEndpoint: '${aws_db_instance.db_replica-1_0C378BDE.endpoint}',
      readerAddress: '${aws_db_instance.db_replica-1_0C378BDE.address}',
    });
  });
});

describe('RdsReplicaPair outputs', () => {
  test('writer endpoint and address, reader falls back to the writer, secret, security groups, key, port', () => {
    const values = outputs({}, (pair) => ({
      writerEndpoint: pair.writerEndpoint,
      writerAddress: pair.writerAddress,
      readerEndpoints: pair.readerEndpoints,
      readerEndpoint: pair.readerEndpoint,
      secretArn: pair.secretArn,
      securityGroupId: pair.securityGroupId,
      clientSecurityGroupId: pair.clientSecurityGroupId,
      kmsKeyArn: pair.kmsKeyArn,
      port: pair.port,
    }));
    expect(values).toEqual({
      writerEndpoint: '${aws_db_instance.db_writer_074416EA.endpoint}',
      writerAddress: '${aws_db_instance.db_writer_074416EA.address}',
      readerEndpoints: [],
      readerEndpoint: '${aws_db_instance.db_writer_074416EA.endpoint}',
      secretArn: '${aws_db_instance.db_writer_074416EA.master_user_secret[0].secret_arn}',
      securityGroupId: '${aws_security_group.db_security-group_E668878D.id}',
      clientSecurityGroupId: '${aws_security_group.db_client-security-group_E476EFFC.id}',
      kmsKeyArn: '${aws_kms_key.db_key_1AA3B172.arn}',
      port: 3306,
    });
  });

  test('announces its module name and version once', () => {
    const { pair } = synth();
    const entries = pair.node.metadata.filter((m) => m.type === 'lq3:module');
    expect(entries).toHaveLength(1);
    expect(entries[0].data).toEqual({ name: '@lq3/rds-replica-pair', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});

describe('RdsReplicaPair alarms', () => {
  test('CPU, free storage and connections on the writer, plus CPU, storage and lag on each replica, to the topic', () => {
    const { resource } = synth({ readReplicas: 2, alarmTopicArn: TOPIC });
    const alarms = ofType(resource, 'aws_cloudwatch_metric_alarm');
    const key = (a: Record<string, unknown>) => `${(a.dimensions as { DBInstanceIdentifier: string }).DBInstanceIdentifier}:${a.metric_name}`;
    expect(alarms.map(key).sort()).toEqual(
      [
        'lq3-staging01:CPUUtilization',
        'lq3-staging01:FreeStorageSpace',
        'lq3-staging01:DatabaseConnections',
        'lq3-staging01-replica-1:CPUUtilization',
        'lq3-staging01-replica-1:FreeStorageSpace',
        'lq3-staging01-replica-1:ReplicaLag',
        'lq3-staging01-replica-2:CPUUtilization',
        'lq3-staging01-replica-2:FreeStorageSpace',
        'lq3-staging01-replica-2:ReplicaLag',
      ].sort(),
    );
    for (const alarm of alarms) expect(alarm).toMatchObject({ namespace: 'AWS/RDS', alarm_actions: [TOPIC], ok_actions: [TOPIC] });
  });

  test('default thresholds: 80% CPU, 10% of storage free, 60 s lag, 80% of estimated max_connections', () => {
    const { resource } = synth({ readReplicas: 1, alarmTopicArn: TOPIC, instanceClass: 'db.r6g.large' });
    const threshold = (metric: string) => ofType(resource, 'aws_cloudwatch_metric_alarm').find((a) => a.metric_name === metric)!.threshold;
    expect(threshold('CPUUtilization')).toBe(80);
    expect(threshold('FreeStorageSpace')).toBe(5 * 1024 ** 3);
    expect(threshold('ReplicaLag')).toBe(60);
    // 16 GiB / 12582880 = 1365 connections; 80 % of that.
    expect(threshold('DatabaseConnections')).toBe(1092);
  });

  test('explicit thresholds win', () => {
    const { resource } = synth({ alarmTopicArn: TOPIC, alarmThresholds: { cpuPercent: 90, freeStorageGb: 20, connections: 150 } });
    const threshold = (metric: string) => ofType(resource, 'aws_cloudwatch_metric_alarm').find((a) => a.metric_name === metric)!.threshold;
    expect([threshold('CPUUtilization'), threshold('FreeStorageSpace'), threshold('DatabaseConnections')]).toEqual([90, 20 * 1024 ** 3, 150]);
  });
});

describe('RdsReplicaPair restore mode', () => {
  test('latest snapshot of another instance via a most_recent lookup, kept after create', () => {
    const { resource, data } = synth({ restoreFrom: { latestSnapshotOf: 'lq3-staging01-source' }, identifier: 'lq3-parallel-back', readReplicas: 1 });
    expect(only(data, 'aws_db_snapshot')).toEqual({ db_instance_identifier: 'lq3-staging01-source', most_recent: true });
    const choice = Object.values(resource.terraform_data).find((d) => 'snapshotArn' in (d.input as object))!;
    expect(choice.input).toEqual({ snapshotArn: '${data.aws_db_snapshot.db_source-snapshot_680006C5.db_snapshot_arn}' });
    const writer = resource.aws_db_instance[Object.keys(resource.aws_db_instance).find((k) => k.includes('writer'))!];
    const copy = only(resource, 'aws_db_snapshot_copy');
    expect(copy.source_db_snapshot_identifier).toMatch(/^\$\{terraform_data\.db_restore-source-choice_\w+\.output\.snapshotArn}$/);
    expect(writer.snapshot_identifier).toMatch(/^\$\{aws_db_snapshot_copy\.db_restore-source_\w+\.id}$/);
    expect((writer.lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual(['final_snapshot_identifier', 'snapshot_identifier', 'storage_encrypted']);
  });

  test('refreshToken lives in a terraform_data that replaces the writer and its replicas when it changes', () => {
    const { resource } = synth({ restoreFrom: { snapshotIdentifier: 'lq3-staging01-2026-11-01' }, refreshToken: '2026-11-22', readReplicas: 1 });
    const key = Object.keys(resource.terraform_data).find((k) => k.includes('refresh'))!;
    expect(resource.terraform_data[key]).toEqual({ input: { refreshToken: '2026-11-22' } });
    const address = `terraform_data.${key}`;
    for (const instance of ofType(resource, 'aws_db_instance')) {
      expect((instance.lifecycle as { replace_triggered_by: string[] }).replace_triggered_by).toEqual([address]);
    }
  });

  test('without a token the trigger still exists (empty), so setting one later is a change, not a create', () => {
    const { resource } = synth({ restoreFrom: { snapshotIdentifier: 'snap-1' } });
    expect(Object.values(resource.terraform_data)).toContainEqual({ input: { refreshToken: '' } });
  });

  test('a restored writer keeps the snapshot key and user: no kms_key_id, username or db_name', () => {
    const { resource, data } = synth({ restoreFrom: { snapshotIdentifier: 'lq3-staging01-2026-11-01' } });
    const writer = only(resource, 'aws_db_instance');
    expect(only(data, 'aws_db_snapshot')).toEqual({ db_snapshot_identifier: 'lq3-staging01-2026-11-01' });
    for (const absent of ['kms_key_id', 'username', 'db_name']) expect(writer).not.toHaveProperty(absent);
    expect(writer).toMatchObject({ storage_encrypted: true, manage_master_user_password: true });
  });

  test('restore with a newer engine version (8.0 snapshot -> 8.4) and major upgrades allowed', () => {
    const { resource } = synth({ restoreFrom: { latestSnapshotOf: 'lq3-production01' }, engineVersion: '8.4', allowMajorVersionUpgrade: true, applyImmediately: true });
    expect(only(resource, 'aws_db_instance')).toMatchObject({ engine_version: '8.4', allow_major_version_upgrade: true });
    expect(only(resource, 'aws_db_parameter_group').family).toBe('mysql8.4');
  });
});

describe('RdsReplicaPair validation', () => {
  const build = (overrides: object) => () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new RdsReplicaPair(stack, 'db', { ...BASE, ...overrides });
  };

  test('replicas without backups', () => {
    expect(build({ readReplicas: 1, backupRetentionDays: 0 })).toThrow(/readReplicas \(1\) need automated backups.*backupRetentionDays to 1 or more/);
  });
  test('backup retention above 35 days', () => {
    expect(build({ backupRetentionDays: 36 })).toThrow(/backupRetentionDays must be an integer from 0 to 35.*36/);
  });
  test('engine outside MySQL 8.0 / 8.4', () => {
    expect(build({ engineVersion: '5.7.44' })).toThrow(/engineVersion '5.7.44' is not supported; expected MySQL 8.0 or 8.4/);
    expect(build({ engineVersion: '8.1' })).toThrow(/engineVersion '8.1'/);
  });
  test('refreshToken without restore mode', () => {
    expect(build({ refreshToken: 'x' })).toThrow(/refreshToken only applies in restore mode/);
  });
  test('restore from both a snapshot and a latest lookup', () => {
    expect(build({ restoreFrom: { snapshotIdentifier: 'a', latestSnapshotOf: 'b' } })).toThrow(/exactly one of/);
  });
  test('restore from an empty snapshot id', () => {
    expect(build({ restoreFrom: { snapshotIdentifier: ' ' } })).toThrow(/restoreFrom.snapshotIdentifier must not be empty/);
  });
  test('restore from its own snapshots', () => {
    expect(build({ restoreFrom: { latestSnapshotOf: 'lq3-staging01' } })).toThrow(/names this database itself/);
  });
  test('restore with a master user or database name', () => {
    expect(build({ restoreFrom: { snapshotIdentifier: 's' }, masterUsername: 'admin' })).toThrow(/come from the snapshot in restore mode/);
  });
  test('Performance Insights forced on a class without it', () => {
    expect(build({ instanceClass: 'db.t4g.small', performanceInsights: true })).toThrow(/performanceInsights is not available for db.t4g.small/);
  });
  test('Performance Insights forced on with a replica class without it', () => {
    expect(build({ readReplicas: 1, replicaInstanceClass: 'db.t3.micro', performanceInsights: true })).toThrow(/db.t4g.medium\/db.t3.micro/);
  });
  test('invalid identifier', () => {
    expect(build({ identifier: 'LQ3_db' })).toThrow(/identifier must be 1-48 lowercase letters/);
    expect(build({ identifier: 'lq3--db' })).toThrow(/identifier must be/);
  });
  test('unknown instance class', () => {
    expect(build({ instanceClass: 't4g.medium' })).toThrow(/instanceClass 't4g.medium' is not an RDS instance class/);
  });
  test('storage below 20 GiB', () => {
    expect(build({ allocatedStorageGb: 10 })).toThrow(/allocatedStorageGb must be an integer from 20/);
  });
  test('autoscaling ceiling not above the allocation', () => {
    expect(build({ maxAllocatedStorageGb: 50 })).toThrow(/maxAllocatedStorageGb \(50\) must be greater than allocatedStorageGb \(50\)/);
  });
  test('negative replica count', () => {
    expect(build({ readReplicas: -1 })).toThrow(/readReplicas must be an integer from 0 to 15/);
  });
  test('replica backup retention out of range', () => {
    expect(build({ readReplicas: 1, replicaBackupRetentionDays: 40 })).toThrow(/replicaBackupRetentionDays must be an integer from 0 to 35/);
  });
  test('malformed or short backup window', () => {
    expect(build({ backupWindow: '2:00-3:00' })).toThrow(/backupWindow '2:00-3:00' must be 'hh24:mi-hh24:mi'/);
    expect(build({ backupWindow: '02:00-02:15' })).toThrow(/at least 30 minutes/);
  });
  test('malformed maintenance window', () => {
    expect(build({ maintenanceWindow: 'sunday:03:00-sunday:04:00' })).toThrow(/maintenanceWindow 'sunday:03:00-sunday:04:00' must be/);
  });
  test('backup window overlapping the maintenance window, including across midnight', () => {
    expect(build({ backupWindow: '03:00-04:00' })).toThrow(/overlaps maintenanceWindow/);
    expect(build({ backupWindow: '23:30-00:30', maintenanceWindow: 'mon:00:00-mon:00:45' })).toThrow(/overlaps/);
    expect(build({ backupWindow: '00:00-00:30', maintenanceWindow: 'sun:23:30-mon:00:15' })).toThrow(/overlaps/);
  });
  test('unsupported monitoring interval', () => {
    expect(build({ monitoringIntervalSeconds: 20 })).toThrow(/monitoringIntervalSeconds must be one of 0, 1, 5, 10, 15, 30, 60, got 20/);
  });
  test('log retention not offered by CloudWatch Logs', () => {
    expect(build({ logRetentionDays: 10 })).toThrow(/logRetentionDays must be a CloudWatch Logs retention/);
  });
  test('alarms on a class whose connections cannot be estimated', () => {
    expect(build({ instanceClass: 'db.c6gd.large', alarmTopicArn: TOPIC })).toThrow(/cannot estimate max_connections of 'db.c6gd.large'; set alarmThresholds.connections/);
  });
  test('CPU threshold outside a percentage', () => {
    expect(build({ alarmTopicArn: TOPIC, alarmThresholds: { cpuPercent: 150 } })).toThrow(/cpuPercent must be in \(0, 100\]/);
  });
});

describe('instance class helpers', () => {
  test.each([
    ['db.t4g.micro', true, 85],
    ['db.r6g.large', true, 1365],
    ['db.m7g.2xlarge', true, 2730],
    ['db.c6gd.large', true, undefined],
    ['t4g.medium', false, undefined],
    ['db.t4g.huge', false, undefined],
  ])('%s: valid %s, max_connections %s', (instanceClass, valid, connections) => {
    expect(isValidInstanceClass(instanceClass)).toBe(valid);
    expect(estimatedMaxConnections(instanceClass)).toBe(connections);
  });
});
