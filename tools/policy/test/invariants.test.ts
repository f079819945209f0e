import { rmSync } from 'node:fs';
import { ACCOUNTS, REQUIRED_TAG_KEYS, requiredTags } from '@lq3/live-shared';
import { checkInvariants, INVARIANTS, type StackUnderTest } from '../src/invariants';
import type { TerraformJson } from '../src/terraform-json';
import { liveProjects, synthAllEnvironments, type SynthesizedWorkspace } from './support/synth-environments';

describe('invariants over every synthesized environment', () => {
  let workspace: SynthesizedWorkspace;
  beforeAll(() => {
    workspace = synthAllEnvironments();
  }, 120_000);
  afterAll(() => rmSync(workspace.dir, { recursive: true, force: true }));

  it('synthesizes a stack for every environment of every live project', () => {
    expect(liveProjects()).toEqual(expect.arrayContaining(['parallel-back', 'parallel-front', 'production01', 'staging01']));
    const environments = workspace.stacks.map((stack) => stack.name.replace(/-network$/, ''));
    expect(environments).toEqual(expect.arrayContaining(['staging01', 'production01', 'staging-front', 'production-front', 'staging-back', 'production-back']));
    expect(workspace.stacks.some((stack) => stack.account === 'production' && !stack.disposableData)).toBe(true);
  });

  it('includes the account layer, its stacks bound to their accounts and never disposable', () => {
    expect(liveProjects()).toContain('accounts');
    const global = workspace.stacks.filter((stack) => stack.name.includes('-global-'));
    expect(global.map((stack) => stack.name).sort()).toEqual(
      ['production', 'staging'].flatMap((account) => ['audit', 'baseline', 'chat', 'cost'].map((unit) => `${account}-global-${unit}`)),
    );
    for (const stack of global) expect(stack).toMatchObject({ account: stack.name.split('-')[0], disposableData: false, disposableInfrastructure: false });
  });

  it.each(Object.entries(INVARIANTS))('%s holds', (_name, invariant) => {
    expect(invariant.check(workspace.stacks)).toEqual([]);
  });
});

/** A minimal stack that satisfies every invariant; each negative test breaks one thing. */
function goodStack(overrides: Partial<StackUnderTest> = {}, extra: Partial<TerraformJson> = {}): StackUnderTest {
  const name = overrides.name ?? 'production01-data';
  const json: TerraformJson = {
    terraform: {
      backend: { s3: { bucket: ACCOUNTS.production.stateBucket, key: `${name}.tfstate`, region: 'eu-central-1', encrypt: true, use_lockfile: true } },
      required_version: '>= 1.10',
    },
    provider: { aws: [{ region: 'eu-central-1', default_tags: [{ tags: requiredTags('production01') }] }] },
    resource: {
      aws_kms_key: { db: { enable_key_rotation: true } },
      aws_security_group: { db: { name: 'db' }, app: { name: 'app' } },
      aws_vpc_security_group_ingress_rule: {
        db_from_app: { security_group_id: '${aws_security_group.db.id}', referenced_security_group_id: '${aws_security_group.app.id}', from_port: 3306, to_port: 3306, ip_protocol: 'tcp' },
      },
      aws_db_instance: {
        writer: {
          storage_encrypted: true,
          kms_key_id: '${aws_kms_key.db.arn}',
          deletion_protection: true,
          skip_final_snapshot: false,
          final_snapshot_identifier: 'lq3-production01-mysql-final',
          backup_retention_period: 14,
          multi_az: true,
          manage_master_user_password: true,
          vpc_security_group_ids: ['${aws_security_group.db.id}'],
        },
        replica: { replicate_source_db: '${aws_db_instance.writer.identifier}', deletion_protection: true, vpc_security_group_ids: ['${aws_security_group.db.id}'] },
      },
      aws_s3_bucket: { exports: { bucket: 'lq3-production01-exports' } },
      aws_s3_bucket_public_access_block: {
        exports: { bucket: '${aws_s3_bucket.exports.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      },
      aws_s3_bucket_server_side_encryption_configuration: { exports: { bucket: '${aws_s3_bucket.exports.id}', rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } }] } },
      aws_s3_bucket_versioning: { exports: { bucket: '${aws_s3_bucket.exports.bucket}', versioning_configuration: { status: 'Enabled' } } },
      aws_lb: { public: { load_balancer_type: 'application', enable_deletion_protection: true } },
      aws_cloudwatch_log_group: { api: { name: '/lq3/api', retention_in_days: 90, kms_key_id: '${aws_kms_key.db.arn}' } },
      aws_ecs_task_definition: {
        api: { container_definitions: JSON.stringify([{ name: 'api', environment: [{ name: 'APP_ENV', value: 'prod' }], secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:x' }] }]) },
      },
    },
    ...extra,
  };
  return { name, json, account: 'production', disposableData: false, disposableInfrastructure: false, ...overrides };
}

/** `goodStack()` with one resource's config changed (undefined deletes the attribute). */
function withResource(type: string, name: string, change: Record<string, unknown>, overrides: Partial<StackUnderTest> = {}): StackUnderTest {
  const stack = goodStack(overrides);
  const resources = structuredClone(stack.json.resource ?? {});
  const config = { ...(resources[type]?.[name] ?? {}), ...change };
  for (const [key, value] of Object.entries(change)) if (value === undefined) delete config[key];
  resources[type] = { ...(resources[type] ?? {}), [name]: config };
  return { ...stack, json: { ...stack.json, resource: resources } };
}

function problemsOf(name: keyof typeof INVARIANTS, stacks: StackUnderTest[]): string[] {
  return INVARIANTS[name].check(stacks).map((violation) => `${violation.where}: ${violation.problem}`);
}

describe('the hand-made good stack', () => {
  it('passes every invariant, so each negative test below fails for its one broken rule', () => {
    expect(checkInvariants([goodStack(), goodStack({ name: 'staging01-data', account: 'staging' })])).toEqual([]);
  });
});

describe('uniqueStateKeys', () => {
  it('catches two stacks sharing a state key', () => {
    const copy = { ...goodStack(), name: 'production01-data-copy' };
    expect(problemsOf('uniqueStateKeys', [goodStack(), copy])).toEqual([
      `terraform.backend.s3.key: state ${ACCOUNTS.production.stateBucket}/production01-data.tfstate is also used by production01-data`,
    ]);
  });
});

describe('backendEncryptedAndLocked', () => {
  const withBackend = (s3: Record<string, unknown> | undefined) => {
    const stack = goodStack();
    return { ...stack, json: { ...stack.json, terraform: s3 ? { backend: { s3 } } : {} } };
  };
  it('catches an unencrypted backend and a backend without the lockfile', () => {
    expect(problemsOf('backendEncryptedAndLocked', [withBackend({ bucket: 'b', key: 'k', encrypt: false, use_lockfile: true })])).toEqual([
      'terraform.backend.s3: encrypt must be true',
    ]);
    expect(problemsOf('backendEncryptedAndLocked', [withBackend({ bucket: 'b', key: 'k', encrypt: true })])).toEqual(['terraform.backend.s3: use_lockfile must be true']);
  });
  it('catches a stack with local state', () => {
    expect(problemsOf('backendEncryptedAndLocked', [withBackend(undefined)])).toEqual(['terraform.backend.s3: no S3 backend: state would be local and unshared']);
  });
});

describe('noSecretLiterals', () => {
  it('catches a literal database password and a literal secret string', () => {
    expect(problemsOf('noSecretLiterals', [withResource('aws_db_instance', 'writer', { password: 'hunter2' })])).toEqual([
      'aws_db_instance.writer: password holds a literal secret; reference Secrets Manager or SSM instead',
    ]);
    expect(problemsOf('noSecretLiterals', [withResource('aws_secretsmanager_secret_version', 'db', { secret_string: '{"password":"x"}' })])).toEqual([
      'aws_secretsmanager_secret_version.db: secret_string holds a literal secret; reference Secrets Manager or SSM instead',
    ]);
  });
  it('catches a literal token in a provider block and in a nested block', () => {
    const stack = goodStack({}, { provider: { ...goodStack().json.provider, cloudflare: [{ api_token: 'cf-123' }] } });
    expect(problemsOf('noSecretLiterals', [stack])).toEqual(['provider.cloudflare: [0].api_token holds a literal secret; reference Secrets Manager or SSM instead']);
    const nested = withResource('aws_ecs_task_definition', 'api', { proxy_configuration: [{ properties: { client_secret: 's3cr3t' } }] });
    expect(problemsOf('noSecretLiterals', [nested])).toEqual([
      'aws_ecs_task_definition.api: proxy_configuration[0].properties.client_secret holds a literal secret; reference Secrets Manager or SSM instead',
    ]);
  });
  it('catches a secret passed as a plain container environment variable', () => {
    const definitions = JSON.stringify([{ name: 'api', environment: [{ name: 'DATABASE_PASSWORD', value: 'hunter2' }] }]);
    expect(problemsOf('noSecretLiterals', [withResource('aws_ecs_task_definition', 'api', { container_definitions: definitions })])).toEqual([
      'aws_ecs_task_definition.api: container environment variable DATABASE_PASSWORD holds a literal; pass it as a container secret',
    ]);
  });
  it('accepts references, ARNs of secrets and flags', () => {
    const stack = withResource('aws_db_instance', 'writer', { password: '${aws_secretsmanager_secret_version.db.secret_string}', master_user_secret_kms_key_id: 'alias/x' });
    expect(problemsOf('noSecretLiterals', [stack, withResource('aws_ecs_service', 'api', { secret_arn: 'arn:aws:secretsmanager:eu-central-1:1:secret:x' })])).toEqual([]);
  });
});

describe('productionDatabases', () => {
  it('catches a production writer without deletion protection, final snapshot, long backups or a CMK', () => {
    const stack = withResource('aws_db_instance', 'writer', {
      deletion_protection: false,
      skip_final_snapshot: true,
      backup_retention_period: 7,
      kms_key_id: undefined,
      publicly_accessible: true,
      multi_az: false,
    });
    expect(problemsOf('productionDatabases', [stack])).toEqual([
      'aws_db_instance.writer: publicly_accessible must not be true',
      'aws_db_instance.writer: kms_key_id must reference a customer-managed KMS key',
      'aws_db_instance.writer: deletion_protection must be true',
      'aws_db_instance.writer: multi_az must be true for the writer',
      'aws_db_instance.writer: needs a final snapshot: skip_final_snapshot false and final_snapshot_identifier set',
      'aws_db_instance.writer: backup_retention_period must be >= 14 days, got 7',
    ]);
  });
  it('catches an unencrypted writer and a replica without deletion protection', () => {
    expect(problemsOf('productionDatabases', [withResource('aws_db_instance', 'writer', { storage_encrypted: false })])).toEqual([
      'aws_db_instance.writer: storage_encrypted must be true',
    ]);
    expect(problemsOf('productionDatabases', [withResource('aws_db_instance', 'replica', { deletion_protection: false })])).toEqual([
      'aws_db_instance.replica: deletion_protection must be true',
    ]);
  });
  it('still requires a CMK for a disposable copy of production data, but not deletion protection or long backups', () => {
    const copy = withResource('aws_db_instance', 'writer', { deletion_protection: false, backup_retention_period: 1, kms_key_id: undefined }, { disposableData: true });
    expect(problemsOf('productionDatabases', [copy])).toEqual(['aws_db_instance.writer: kms_key_id must reference a customer-managed KMS key']);
  });
  it('accepts a snapshot copy without its own key (it keeps the snapshot key) but not an unencrypted one', () => {
    const copy = { snapshot_identifier: '${data.aws_db_snapshot.latest.id}', kms_key_id: undefined, deletion_protection: false, backup_retention_period: 1 };
    expect(problemsOf('productionDatabases', [withResource('aws_db_instance', 'writer', copy, { disposableData: true })])).toEqual([]);
    expect(problemsOf('productionDatabases', [withResource('aws_db_instance', 'writer', { ...copy, storage_encrypted: false }, { disposableData: true })])).toEqual([
      'aws_db_instance.writer: storage_encrypted must be true',
    ]);
  });
  it('leaves staging databases to the staging rules', () => {
    expect(problemsOf('productionDatabases', [withResource('aws_db_instance', 'writer', { backup_retention_period: 1 }, { account: 'staging' })])).toEqual([]);
  });
});

describe('productionBuckets', () => {
  it('catches a bucket without public access block, encryption or versioning', () => {
    const stack = goodStack();
    const resources = { ...stack.json.resource, aws_s3_bucket: { ...stack.json.resource?.['aws_s3_bucket'], loose: { bucket: 'lq3-loose' } } };
    expect(problemsOf('productionBuckets', [{ ...stack, json: { ...stack.json, resource: resources } }])).toEqual([
      'aws_s3_bucket.loose: needs an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets all true',
      'aws_s3_bucket.loose: needs an aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket.loose: needs an aws_s3_bucket_versioning with status Enabled',
    ]);
  });
  it('catches a partial public access block and suspended versioning', () => {
    const partial = withResource('aws_s3_bucket_public_access_block', 'exports', { restrict_public_buckets: false });
    expect(problemsOf('productionBuckets', [partial])).toHaveLength(1);
    const suspended = withResource('aws_s3_bucket_versioning', 'exports', { versioning_configuration: { status: 'Suspended' } });
    expect(problemsOf('productionBuckets', [suspended])).toEqual(['aws_s3_bucket.exports: needs an aws_s3_bucket_versioning with status Enabled']);
  });
});

describe('productionLogGroups', () => {
  it('catches a log group kept forever and one without KMS', () => {
    expect(problemsOf('productionLogGroups', [withResource('aws_cloudwatch_log_group', 'api', { retention_in_days: undefined, kms_key_id: undefined })])).toEqual([
      'aws_cloudwatch_log_group.api: retention_in_days must be set (logs would be kept forever)',
      'aws_cloudwatch_log_group.api: kms_key_id must be set',
    ]);
  });
});

describe('productionLoadBalancers', () => {
  it('catches a production load balancer without deletion protection, but not in a disposable env', () => {
    expect(problemsOf('productionLoadBalancers', [withResource('aws_lb', 'public', { enable_deletion_protection: undefined })])).toEqual([
      'aws_lb.public: enable_deletion_protection must be true',
    ]);
    expect(problemsOf('productionLoadBalancers', [withResource('aws_lb', 'public', { enable_deletion_protection: false }, { disposableInfrastructure: true })])).toEqual([]);
  });
});

describe('baseContainerInsights', () => {
  it('catches an ECS cluster without Container Insights in a base env, but not in a disposable copy', () => {
    const off = { setting: [{ name: 'containerInsights', value: 'disabled' }] };
    expect(problemsOf('baseContainerInsights', [withResource('aws_ecs_cluster', 'cluster', off)])).toEqual(['aws_ecs_cluster.cluster: setting containerInsights must be enabled or enhanced']);
    expect(problemsOf('baseContainerInsights', [withResource('aws_ecs_cluster', 'cluster', { setting: undefined })])).toHaveLength(1);
    expect(problemsOf('baseContainerInsights', [withResource('aws_ecs_cluster', 'cluster', off, { disposableInfrastructure: true })])).toEqual([]);
    expect(problemsOf('baseContainerInsights', [withResource('aws_ecs_cluster', 'cluster', { setting: [{ name: 'containerInsights', value: 'enhanced' }] })])).toEqual([]);
  });
});

describe('noWorldIngress', () => {
  it('catches world ingress in all three rule forms', () => {
    const inline = withResource('aws_security_group', 'app', { ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] });
    const legacy = withResource('aws_security_group_rule', 'https', { type: 'ingress', security_group_id: '${aws_security_group.app.id}', ipv6_cidr_blocks: ['::/0'] });
    const modern = withResource('aws_vpc_security_group_ingress_rule', 'https', { security_group_id: '${aws_security_group.app.id}', cidr_ipv4: '0.0.0.0/0' });
    expect(problemsOf('noWorldIngress', [inline, legacy, modern])).toEqual([
      'aws_security_group.app.ingress[0]: ingress from 0.0.0.0/0',
      'aws_security_group_rule.https: ingress from ::/0',
      'aws_vpc_security_group_ingress_rule.https: ingress from 0.0.0.0/0',
    ]);
  });
  it('accepts world egress and Cloudflare ranges', () => {
    const stack = withResource('aws_security_group', 'app', {
      ingress: [{ cidr_blocks: ['173.245.48.0/20', '103.21.244.0/22'] }],
      egress: [{ cidr_blocks: ['0.0.0.0/0'] }],
    });
    expect(problemsOf('noWorldIngress', [stack])).toEqual([]);
  });
});

describe('databasesAdmitOnlySecurityGroups', () => {
  it('catches a database security group that admits an address range', () => {
    const stack = withResource('aws_vpc_security_group_ingress_rule', 'db_from_office', { security_group_id: '${aws_security_group.db.id}', cidr_ipv4: '10.20.0.0/16' });
    expect(problemsOf('databasesAdmitOnlySecurityGroups', [stack])).toEqual([
      'aws_vpc_security_group_ingress_rule.db_from_office: database security group aws_security_group.db must admit only app security groups, not address ranges or prefix lists',
    ]);
    const inline = withResource('aws_security_group', 'db', { ingress: [{ from_port: 3306, to_port: 3306, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }] });
    expect(problemsOf('databasesAdmitOnlySecurityGroups', [inline])).toHaveLength(1);
  });
  it('leaves address ranges on other security groups alone', () => {
    const stack = withResource('aws_vpc_security_group_ingress_rule', 'app_from_vpc', { security_group_id: '${aws_security_group.app.id}', cidr_ipv4: '10.20.0.0/16' });
    expect(problemsOf('databasesAdmitOnlySecurityGroups', [stack])).toEqual([]);
  });
});

describe('requiredTags', () => {
  it('catches a provider without default_tags and one missing a tag', () => {
    const bare = goodStack({}, { provider: { aws: [{ region: 'eu-central-1' }] } });
    expect(problemsOf('requiredTags', [bare])).toEqual([`provider.aws[0]: default_tags lacks ${REQUIRED_TAG_KEYS.join(', ')}`]);
    const withoutOwner: Record<string, string> = { ...requiredTags('production01') };
    delete withoutOwner['Owner'];
    const partial = goodStack({}, { provider: { aws: [{ alias: 'us_east_1', default_tags: [{ tags: withoutOwner }] }] } });
    expect(problemsOf('requiredTags', [partial])).toEqual(['provider.aws.us_east_1: default_tags lacks Owner']);
  });
  it('catches a stack without an AWS provider', () => {
    expect(problemsOf('requiredTags', [goodStack({}, { provider: {} })])).toEqual(['provider.aws: no AWS provider']);
  });
  it('catches a resource that blanks a required tag', () => {
    expect(problemsOf('requiredTags', [withResource('aws_s3_bucket', 'exports', { tags: { Name: 'exports', CostCenter: ' ' } })])).toEqual([
      'aws_s3_bucket.exports: tags overrides CostCenter with an empty value',
    ]);
  });
});
