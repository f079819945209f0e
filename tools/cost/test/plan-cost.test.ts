import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planCosts } from '../src/plan-cost';
import { resourcesOfPlan } from '../src/resources';
import { resolveUsage } from '../src/usage';
import { PRICES, USAGE_FILE } from './helpers';

const ENV_YAML = `environments:
  alpha:
    account: staging
    dnsZone: example.com
    network: { cidr: 10.70.0.0/16 }
    apps:
      web: { hostname: alpha.example.com, image: registry.example.com/web, tag: "1.0.0" }
    database: { engineVersion: "8.4", instanceClass: db.t4g.small }
`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lq3-cost-plan-'));
  mkdirSync(join(root, 'live', 'alpha'), { recursive: true });
  mkdirSync(join(root, 'live', 'accounts'), { recursive: true });
  writeFileSync(join(root, 'live', 'accounts', 'accounts.yaml'), 'accounts: {}\n');
  writeFileSync(join(root, 'live', 'alpha', 'env.yaml'), ENV_YAML);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const db = (instanceClass: string) => ({ identifier: 'lq3-alpha-mysql', engine: 'mysql', engine_version: '8.4.4', instance_class: instanceClass, allocated_storage: 20, multi_az: false, password: 'do-not-leak' });

/** A plan JSON: resource changes with before and after values, as `terraform show -json` writes them. */
function planJson(changes: { address: string; actions: string[]; before: unknown; after: unknown; afterUnknown?: unknown }[], expressions: Record<string, unknown> = {}) {
  return {
    format_version: '1.2',
    resource_changes: changes.map((change) => {
      const [type, name] = change.address.split('.');
      return { address: change.address, mode: 'managed', type, name, change: { actions: change.actions, before: change.before, after: change.after, after_unknown: change.afterUnknown ?? {} } };
    }),
    configuration: { root_module: { resources: Object.entries(expressions).map(([address, exprs]) => ({ address, expressions: exprs })) } },
  };
}

describe('plan costs', () => {
  it('prices the before and after values of every resource change, per env, with the drivers that move', () => {
    const plan = planJson([
      { address: 'aws_db_instance.writer', actions: ['update'], before: db('db.t4g.small'), after: db('db.t4g.medium') },
      { address: 'aws_kms_key.key', actions: ['no-op'], before: { description: 'k' }, after: { description: 'k' } },
      { address: 'aws_secretsmanager_secret.old', actions: ['delete'], before: { name: 'old' }, after: null },
    ]);
    const [cost] = planCosts(join(root, 'live', 'alpha'), [{ stack: 'alpha-data', environment: 'alpha', planJson: plan }], { workspaceRoot: root });
    const step = 730 * (PRICES.rdsMySql('db.t4g.medium').usd - PRICES.rdsMySql('db.t4g.small').usd);
    expect(cost.error).toBeUndefined();
    expect(cost.after - cost.before).toBeCloseTo(step - PRICES.usd('secretMonth'), 1);
    expect(cost.drivers[0]).toEqual({ driver: 'RDS instance', before: expect.any(Number), after: expect.any(Number) });
    expect(cost.drivers.map((driver) => driver.driver)).toEqual(['RDS instance', 'Secrets Manager']);
    // Figures and driver names only: nothing of the plan's values.
    expect(JSON.stringify(cost)).not.toContain('do-not-leak');
  });

  it('counts a stack without a plan as configured on both sides, and says so', () => {
    const synthJson = { resource: { aws_kms_key: { key: { description: 'alpha' } } } };
    const [cost] = planCosts(join(root, 'live', 'alpha'), [{ stack: 'alpha-network', environment: 'alpha', synthJson }], { workspaceRoot: root });
    expect(cost).toMatchObject({ before: cost.after, unplanned: ['alpha-network'], drivers: [] });
    expect(cost.after).toBeGreaterThan(0);
  });

  it('links unknown after values through the configuration references (a new service and its task definition)', () => {
    const plan = planJson(
      [
        { address: 'aws_ecs_task_definition.task', actions: ['create'], before: null, after: { family: 'lq3-alpha-web', cpu: '256', memory: '512' }, afterUnknown: { arn: true } },
        { address: 'aws_ecs_service.web', actions: ['create'], before: null, after: { name: 'lq3-alpha-web', desired_count: 1, launch_type: 'FARGATE' }, afterUnknown: { task_definition: true } },
      ],
      { 'aws_ecs_service.web': { task_definition: { references: ['aws_ecs_task_definition.task.arn', 'aws_ecs_task_definition.task'] } } },
    );
    const { after } = resourcesOfPlan('alpha-services', plan);
    expect(after.find((resource) => resource.type === 'aws_ecs_service')!.values['task_definition']).toBe('${aws_ecs_task_definition.task.arn}');
    const [cost] = planCosts(join(root, 'live', 'alpha'), [{ stack: 'alpha-services', environment: 'alpha', planJson: plan }], { workspaceRoot: root });
    expect(cost.before).toBe(0);
    expect(cost.after).toBeCloseTo(730 * (0.25 * PRICES.usd('fargateVcpuHourX86') + 0.5 * PRICES.usd('fargateGbHourX86')), 1);
  });

  it('reports why an env cannot be estimated instead of failing', () => {
    const plan = planJson([{ address: 'aws_elasticache_cluster.cache', actions: ['create'], before: null, after: {} }]);
    const [cost] = planCosts(join(root, 'live', 'alpha'), [{ stack: 'alpha-data', environment: 'alpha', planJson: plan }], { workspaceRoot: root });
    expect(cost.error).toMatch(/aws_elasticache_cluster has no price rule/);
    const [missing] = planCosts(join(root, 'live', 'nowhere'), [{ stack: 'x-data', environment: 'x', planJson: plan }], { workspaceRoot: root });
    expect(missing.error).toMatch(/env\.yaml/);
  });

  it('prices the account layer (accounts.yaml, no env.yaml) per account scope, with its account\'s default usage', () => {
    const detector = planJson([{ address: 'aws_guardduty_detector.baseline', actions: ['create'], before: null, after: { enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' } }]);
    const synthJson = { '//': { lq3: { environment: 'staging-global', account: 'staging' } }, resource: { aws_guardduty_detector: { baseline: { enable: true } } } };
    const costs = planCosts(
      join(root, 'live', 'accounts'),
      [
        { stack: 'production-global-baseline', environment: 'production-global', account: 'production', planJson: detector },
        { stack: 'staging-global-baseline', environment: 'staging-global', synthJson },
      ],
      { workspaceRoot: root },
    );
    const guardDuty = (account: string) => {
      const { guardDuty: usage } = resolveUsage(USAGE_FILE, { account, role: 'base' }, undefined);
      return usage.cloudTrailEventsMillionPerMonth * PRICES.usd('guardDutyCloudTrailEventsMillion') + usage.logsGbPerMonth * PRICES.usd('guardDutyLogsGb');
    };
    expect(costs.map((cost) => cost.error)).toEqual([undefined, undefined]);
    expect(costs[0]).toMatchObject({ environment: 'production-global', before: 0, drivers: [{ driver: 'GuardDuty', before: 0, after: costs[0].after }] });
    expect(costs[0].after).toBeCloseTo(guardDuty('production'), 2);
    // Not planned: the synthesized JSON on both sides, its account read from `//.lq3`.
    expect(costs[1]).toMatchObject({ environment: 'staging-global', unplanned: ['staging-global-baseline'], drivers: [] });
    expect(costs[1].after).toBeCloseTo(guardDuty('staging'), 2);
    const [unknown] = planCosts(join(root, 'live', 'accounts'), [{ stack: 'x-global-baseline', environment: 'x-global', planJson: detector }], { workspaceRoot: root });
    expect(unknown.error).toBe('cannot tell the account of x-global-baseline: no //.lq3.account in the synthesized JSON');
  });
});

