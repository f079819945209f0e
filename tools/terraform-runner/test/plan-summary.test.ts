import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { destroysStatefulResource, STATEFUL_RESOURCE_TYPES, summarizePlan } from '../src/plan-summary';
import { PLAN_FIXTURES } from './helpers';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(PLAN_FIXTURES, name), 'utf8'));
const byAddress = (summary: ReturnType<typeof summarizePlan>, address: string) => {
  const change = summary.changes.find((c) => c.address === address);
  if (!change) throw new Error(`no change for ${address}`);
  return change;
};

describe('summarizePlan', () => {
  const network = summarizePlan(fixture('network-changes.json'));
  const data = summarizePlan(fixture('data-destructive.json'));

  it('counts create, update, import and move on their own, and leaves out plain no-ops', () => {
    expect(network.counts).toEqual({ create: 1, update: 1, delete: 0, replace: 0, import: 1, move: 1 });
    expect(network.changes.map((c) => c.address)).not.toContain('aws_internet_gateway.igw');
  });

  it('counts a replacement once as replace, in either order', () => {
    expect(data.counts).toEqual({ create: 1, update: 2, delete: 1, replace: 2, import: 0, move: 0 });
    expect(byAddress(data, 'aws_db_instance.database')).toMatchObject({
      action: 'replace',
      actions: ['delete', 'create'],
      replaceOrder: 'delete-before-create',
      actionReason: 'replace_because_cannot_update',
    });
    expect(byAddress(data, 'aws_kms_key.data')).toMatchObject({ action: 'replace', replaceOrder: 'create-before-delete', actionReason: 'replace_because_tainted' });
  });

  it('marks imports and moves, keeping the previous address', () => {
    expect(byAddress(network, 'aws_security_group.alb')).toMatchObject({ action: 'no-op', importing: true, moved: false });
    const moved = byAddress(network, 'aws_route_table.private');
    expect(moved).toMatchObject({ moved: true, previousAddress: 'aws_route_table.private_old', importing: false });
  });

  it('lists top-level attribute names that change or become unknown', () => {
    expect(byAddress(network, 'aws_vpc.vpc').changedAttributes).toEqual(['enable_dns_hostnames', 'tags', 'tags_all']);
    expect(byAddress(network, 'aws_subnet.private_a').changedAttributes).toEqual([
      'arn',
      'availability_zone',
      'cidr_block',
      'id',
      'map_public_ip_on_launch',
      'tags',
      'vpc_id',
    ]);
    expect(byAddress(data, 'aws_s3_bucket.exports').changedAttributes).toEqual([]);
  });

  it('never copies values, sensitive ones included', () => {
    const text = JSON.stringify(data);
    expect(text).not.toContain('do-not-leak');
    expect(byAddress(data, 'aws_secretsmanager_secret_version.database').changedAttributes).toEqual(['secret_string']);
    expect(byAddress(data, 'aws_db_instance.database').changedAttributes).toEqual(['arn', 'endpoint', 'password', 'storage_encrypted']);
  });

  it('flags managed resources of stateful types, and only deletes/replaces of them as destructive', () => {
    expect(STATEFUL_RESOURCE_TYPES).toContain('aws_db_instance');
    const destructive = data.changes.filter(destroysStatefulResource).map((c) => c.address);
    expect(destructive).toEqual(['aws_db_instance.database', 'aws_kms_key.data', 'aws_s3_bucket.exports']);
    expect(byAddress(data, 'aws_cloudwatch_log_group.database')).toMatchObject({ stateful: true, action: 'update' });
    expect(byAddress(network, 'data.aws_availability_zones.available')).toMatchObject({ action: 'read', stateful: false });
  });

  it('reads resource_drift separately', () => {
    expect(network.drift).toEqual([expect.objectContaining({ address: 'aws_vpc.vpc', action: 'update', changedAttributes: ['enable_dns_hostnames'] })]);
  });

  it('accepts older 0.x/1.x formats and unknown action reasons', () => {
    const plan = {
      format_version: '0.1',
      resource_changes: [
        { address: 'aws_ecr_repository.api', mode: 'managed', type: 'aws_ecr_repository', action_reason: 'replace_because_of_something_new', change: { actions: ['delete', 'create'], before: {}, after: {} } },
      ],
    };
    expect(summarizePlan(plan).changes[0]).toMatchObject({ action: 'replace', actionReason: 'replace_because_of_something_new', stateful: true });
    expect(summarizePlan({ format_version: '1.0' })).toEqual({ counts: { create: 0, update: 0, delete: 0, replace: 0, import: 0, move: 0 }, changes: [], drift: [] });
  });

  // Excerpts of `terraform show -json` from Terraform 1.11.4 (terraform_data, local backend).
  it('reads output_changes (names and actions only) and leaves unchanged outputs out', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [{ address: 'terraform_data.zone', mode: 'managed', type: 'terraform_data', change: { actions: ['no-op'], before: {}, after: {} } }],
      output_changes: {
        api_url: { actions: ['update'], before: 'https://api.example/v1', after: 'https://api.example/v2', after_unknown: false, before_sensitive: false, after_sensitive: false },
        legacy_origin: { actions: ['delete'], before: '203.0.113.10', after: null, after_unknown: false, before_sensitive: false, after_sensitive: false },
        release: { actions: ['create'], before: null, after: '2026.11', after_unknown: false, before_sensitive: false, after_sensitive: false },
        region: { actions: ['no-op'], before: 'eu-west-1', after: 'eu-west-1', after_unknown: false, before_sensitive: false, after_sensitive: false },
      },
    };
    const summary = summarizePlan(plan);
    expect(summary.changes).toEqual([]);
    expect(summary.outputChanges).toEqual([
      { name: 'api_url', actions: ['update'], action: 'update' },
      { name: 'legacy_origin', actions: ['delete'], action: 'delete' },
      { name: 'release', actions: ['create'], action: 'create' },
    ]);
    expect(JSON.stringify(summary)).not.toMatch(/api\.example|203\.0\.113|2026\.11/);
    // No output change: the field stays out, as in summaries written before it existed.
    expect(summarizePlan({ format_version: '1.2', output_changes: { region: plan.output_changes.region } })).not.toHaveProperty('outputChanges');
  });

  it('keeps a forget (`removed` with destroy = false) as its own action and count, never as a destroy', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_s3_bucket.legacy_exports',
          mode: 'managed',
          type: 'aws_s3_bucket',
          action_reason: 'delete_because_no_resource_config',
          change: { actions: ['forget'], before: { bucket: 'lq3-legacy' }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
        },
        { address: 'terraform_data.kept', mode: 'managed', type: 'terraform_data', change: { actions: ['no-op'], before: {}, after: {} } },
      ],
    };
    const summary = summarizePlan(plan);
    expect(summary.counts).toEqual({ create: 0, update: 0, delete: 0, replace: 0, import: 0, move: 0, forget: 1 });
    expect(summary.changes).toEqual([
      expect.objectContaining({ address: 'aws_s3_bucket.legacy_exports', action: 'forget', actions: ['forget'], stateful: true, changedAttributes: [] }),
    ]);
    expect(summary.changes.filter(destroysStatefulResource)).toEqual([]);
    expect(network.counts).not.toHaveProperty('forget');
  });

  it('rejects input that is not a plan JSON of a known major version', () => {
    expect(() => summarizePlan({ format_version: '2.0', resource_changes: [] })).toThrow('format_version 2.0 is not supported; expected 0.x or 1.x');
    expect(() => summarizePlan({ resource_changes: [] })).toThrow('plan JSON has no format_version');
    expect(() => summarizePlan('not json')).toThrow('plan JSON must be an object');
  });
});
