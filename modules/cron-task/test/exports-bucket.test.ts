import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { ExportsBucket, type ExportsBucketProps } from '../src';
import { only, statements, synthStack, type Resources } from './helpers';

const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function synthBucket(props: Partial<ExportsBucketProps> = {}, grant?: (bucket: ExportsBucket, role: IamRole) => void): Resources {
  return synthStack((stack) => {
    const bucket = new ExportsBucket(stack, 'exports', { name: 'lq3-staging01-exports', ...props });
    if (grant) grant(bucket, new IamRole(stack, 'api-task', { name: 'api-task', assumeRolePolicy: '{}' }));
  }).resource;
}

describe('ExportsBucket', () => {
  const resource = synthBucket();

  test('a named bucket Terraform will not empty on destroy', () => {
    expect(only(resource, 'aws_s3_bucket')).toEqual({ bucket: 'lq3-staging01-exports', force_destroy: false });
  });

  test('forceDestroy lets a destroy empty a bucket of disposable data', () => {
    expect(only(synthBucket({ forceDestroy: true }), 'aws_s3_bucket')).toEqual({ bucket: 'lq3-staging01-exports', force_destroy: true });
  });

  test('versioned, public access blocked, ACLs disabled by owner enforcement', () => {
    expect(only(resource, 'aws_s3_bucket_versioning')).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    expect(only(resource, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(resource, 'aws_s3_bucket_ownership_controls')).toMatchObject({ rule: { object_ownership: 'BucketOwnerEnforced' } });
  });

  test('encrypted with SSE-S3 by default', () => {
    expect(only(resource, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
  });

  test('encrypted with the given KMS key and a bucket key', () => {
    const kms = synthBucket({ kmsKeyArn: KEY });
    expect(only(kms, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY }, bucket_key_enabled: true },
    ]);
  });

  test('bucket policy denies any request without TLS', () => {
    const [deny] = statements(only(resource, 'aws_s3_bucket_policy').policy);
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(deny.Resource).toHaveLength(2);
  });

  test('lifecycle: exports expire after 365 days, old versions 30 days later, stale uploads and delete markers are cleaned', () => {
    const lifecycle = only(resource, 'aws_s3_bucket_lifecycle_configuration') as { rule: Record<string, unknown>[]; depends_on: string[] };
    expect(lifecycle.rule).toEqual([
      {
        id: 'expire-exports',
        status: 'Enabled',
        filter: [{}],
        expiration: [{ days: 365 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
      { id: 'remove-expired-delete-markers', status: 'Enabled', filter: [{}], expiration: [{ expired_object_delete_marker: true }] },
    ]);
    expect(lifecycle.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\./)]);
  });

  test('custom expiry periods', () => {
    const rule = (only(synthBucket({ expireAfterDays: 90, noncurrentVersionExpireDays: 7 }), 'aws_s3_bucket_lifecycle_configuration').rule as Record<string, unknown>[])[0];
    expect(rule).toMatchObject({ expiration: [{ days: 90 }], noncurrent_version_expiration: [{ noncurrent_days: 7 }] });
  });

  test('no grants, no role policies', () => {
    expect(resource).not.toHaveProperty('aws_iam_role_policy');
  });

  test('announces its module once', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const bucket = new ExportsBucket(stack, 'exports', { name: 'lq3-staging01-exports' });
    expect(bucket.node.metadata.filter((m) => m.type === 'lq3:module').map((m) => m.data)).toEqual([{ name: '@lq3/cron-task', version: expect.any(String) }]);
  });
});

describe('ExportsBucket grants', () => {
  const policyOf = (resource: Resources) => {
    const policy = only(resource, 'aws_iam_role_policy');
    return { role: policy.role, name: policy.name, statements: statements(policy.policy) };
  };

  test('grantRead: list the bucket and read objects, nothing else', () => {
    const { role, name, statements: s } = policyOf(synthBucket({}, (bucket, role) => bucket.grantRead(role)));
    expect(role).toBe('${aws_iam_role.api-task.name}');
    expect(name).toMatch(/^exports-read-[0-9a-f]{8}$/);
    expect(s.map((st) => st.Action)).toEqual([['s3:ListBucket', 's3:GetBucketLocation'], ['s3:GetObject', 's3:GetObjectVersion']]);
    expect(s[1].Resource).toMatch(/^\$\{aws_s3_bucket\..*\.arn\}\/\*$/);
  });

  test('grantReadWrite: also put, delete and multipart uploads', () => {
    const { name, statements: s } = policyOf(synthBucket({}, (bucket, role) => bucket.grantReadWrite(role)));
    expect(name).toMatch(/^exports-read-write-/);
    expect(s[1].Action).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']);
  });

  test('with a KMS key, readers may decrypt and writers also generate data keys', () => {
    const read = policyOf(synthBucket({ kmsKeyArn: KEY }, (bucket, role) => bucket.grantRead(role))).statements;
    expect(read[2]).toEqual({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: KEY });
    const write = policyOf(synthBucket({ kmsKeyArn: KEY }, (bucket, role) => bucket.grantReadWrite(role))).statements;
    expect(write[2]).toEqual({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: KEY });
  });

  test('a role from another stack gets its policy in the bucket stack, by a cross-stack reference', () => {
    const app = Testing.app();
    const services = new TerraformStack(app, 'services');
    const jobs = new TerraformStack(app, 'jobs');
    for (const stack of [services, jobs]) new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const role = new IamRole(services, 'api-task', { name: 'api-task', assumeRolePolicy: '{}' });
    new ExportsBucket(jobs, 'exports', { name: 'lq3-staging01-exports' }).grantReadWrite(role);
    app.synth();
    const stackJson = (name: string) => JSON.parse(readFileSync(join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    expect(only(stackJson('jobs').resource, 'aws_iam_role_policy').role).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-services\.outputs\./);
    expect(stackJson('services').resource).not.toHaveProperty('aws_iam_role_policy');
  });
});

describe('ExportsBucket validation', () => {
  const build = (props: Partial<ExportsBucketProps>) => () =>
    new ExportsBucket(new TerraformStack(Testing.app(), 'test'), 'exports', { name: 'lq3-staging01-exports', ...props });

  test('bucket name', () => {
    expect(build({ name: 'LQ3_Exports' })).toThrow(/name must be 3-63 lowercase letters, digits or hyphens/);
    expect(build({ name: 'ab' })).toThrow(/name must be/);
  });
  test('expiry of 0 days', () => {
    expect(build({ expireAfterDays: 0 })).toThrow(/expireAfterDays must be a whole number of days, 1 or more, got 0/);
  });
  test('noncurrent expiry of a fraction of a day', () => {
    expect(build({ noncurrentVersionExpireDays: 0.5 })).toThrow(/noncurrentVersionExpireDays must be a whole number of days, 1 or more, got 0.5/);
  });
});
