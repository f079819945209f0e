import { AuditTrail, type AuditTrailProps } from '../src';
import { ACCOUNT, all, statementsBySid, synthResources, type Resources } from './helpers';

const PROPS: AuditTrailProps = { name: 'lq3-staging', bucketName: 'lq3-cloudtrail-111111111111', accountId: ACCOUNT, region: 'eu-central-1' };
const TRAIL_ARN = `arn:aws:cloudtrail:eu-central-1:${ACCOUNT}:trail/lq3-staging`;

const synth = (overrides: Partial<AuditTrailProps> = {}): Resources => synthResources((stack) => new AuditTrail(stack, 'trail', { ...PROPS, ...overrides }));
const one = (resources: Resources, type: string) => {
  const bodies = all(resources, type);
  if (bodies.length !== 1) throw new Error(`expected one ${type}, found ${bodies.length}`);
  return bodies[0];
};

describe('AuditTrail', () => {
  const resources = synth();
  const trail = one(resources, 'aws_cloudtrail');

  test('one multi-region trail with global services, log file validation and its own KMS key', () => {
    expect(trail).toMatchObject({
      name: 'lq3-staging',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
    });
    expect(trail.kms_key_id).toMatch(/^\$\{aws_kms_key\.trail_key_[0-9A-F]+\.arn\}$/);
    expect(one(resources, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(one(resources, 'aws_kms_alias')).toMatchObject({ name: 'alias/lq3-staging-cloudtrail' });
  });

  test('records every management event; S3 data events only for the listed buckets', () => {
    expect(trail.advanced_event_selector).toEqual([{ name: 'Management events', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] }]);
    const withData = one(synth({ s3DataEventBuckets: ['lq3-staging01-exports-111111111111'] }), 'aws_cloudtrail');
    expect((withData.advanced_event_selector as unknown[])[1]).toEqual({
      name: 'S3 object events of the listed buckets',
      field_selector: [
        { field: 'eventCategory', equals: ['Data'] },
        { field: 'resources.type', equals: ['AWS::S3::Object'] },
        { field: 'resources.ARN', starts_with: ['arn:aws:s3:::lq3-staging01-exports-111111111111/'] },
      ],
    });
  });

  test('delivers to an encrypted CloudWatch Logs group kept a year, through a role only this trail may assume', () => {
    expect(one(resources, 'aws_cloudwatch_log_group')).toMatchObject({ name: '/aws/cloudtrail/lq3-staging', retention_in_days: 365 });
    expect(one(resources, 'aws_cloudwatch_log_group').kms_key_id).toMatch(/aws_kms_key\.trail_key/);
    expect(trail.cloud_watch_logs_group_arn).toMatch(/aws_cloudwatch_log_group\.trail_logs_[0-9A-F]+\.arn\}:\*$/);
    const role = one(resources, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } },
    ]);
    expect(JSON.parse(one(resources, 'aws_iam_role_policy').policy as string).Statement).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/cloudtrail/lq3-staging:log-stream:*` },
    ]);
    expect(trail.depends_on).toHaveLength(2);
  });

  test('the bucket is private, owner-enforced, versioned and encrypted with the trail key', () => {
    expect(one(resources, 'aws_s3_bucket')).toEqual({ bucket: 'lq3-cloudtrail-111111111111', force_destroy: false });
    expect(one(resources, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(one(resources, 'aws_s3_bucket_ownership_controls')).toMatchObject({ rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(one(resources, 'aws_s3_bucket_versioning')).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    const [rule] = one(resources, 'aws_s3_bucket_server_side_encryption_configuration').rule as Record<string, unknown>[];
    expect(rule).toMatchObject({ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' }, bucket_key_enabled: true });
  });

  test('lifecycle: Glacier Instant Retrieval after 90 days, deleted after 730', () => {
    const lifecycle = one(resources, 'aws_s3_bucket_lifecycle_configuration') as { rule: Record<string, unknown>[] };
    expect(lifecycle.rule[0]).toMatchObject({
      status: 'Enabled',
      transition: [{ days: 90, storage_class: 'GLACIER_IR' }],
      expiration: [{ days: 730 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
    expect(lifecycle.rule[1]).toMatchObject({ expiration: [{ expired_object_delete_marker: true }] });
  });

  test('bucket policy: only this trail writes, nobody deletes a log file, no request without TLS', () => {
    const policy = statementsBySid(one(resources, 'aws_s3_bucket_policy').policy);
    expect(policy.CloudTrailWritesLogFiles).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::lq3-cloudtrail-111111111111/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
    });
    expect(policy.CloudTrailChecksTheBucket).toMatchObject({ Action: 's3:GetBucketAcl', Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } });
    expect(policy.NobodyDeletesLogFiles).toEqual({
      Sid: 'NobodyDeletesLogFiles',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: 'arn:aws:s3:::lq3-cloudtrail-111111111111/*',
    });
    expect(policy.DenyInsecureTransport).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test('key policy: CloudTrail encrypts for this trail, the account decrypts, CloudWatch Logs uses it for this log group only', () => {
    const policy = statementsBySid(one(resources, 'aws_kms_key').policy);
    expect(policy.CloudTrailEncryptsLogFiles).toMatchObject({ Action: 'kms:GenerateDataKey*', Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } });
    expect(policy.AccountReadsLogFiles).toMatchObject({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } });
    expect(policy.CloudWatchLogsEncryptsTheLogGroup).toMatchObject({
      Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/cloudtrail/lq3-staging` } },
    });
    expect(Object.values(policy).every((statement) => JSON.stringify(statement.Principal) !== '"*"' && JSON.stringify(statement.Principal) !== '{"AWS":"*"}')).toBe(true);
  });

  test('refuses what AWS would refuse, with every problem in one message', () => {
    expect(() => synth({ accountId: '123', logRetentionDays: 100 })).toThrow(
      'AuditTrail lq3-staging: accountId "123" must be the 12-digit account id; logRetentionDays 100 is not a CloudWatch Logs retention period',
    );
    expect(() => synth({ archiveAfterDays: 90, expireAfterDays: 100 })).toThrow('expireAfterDays must be at least archiveAfterDays + 90 (180), got 100');
    expect(() => synth({ bucketName: 'Not_A_Bucket' })).toThrow('bucketName "Not_A_Bucket"');
  });
});
