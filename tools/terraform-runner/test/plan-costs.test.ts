import { plan } from '../src/plan';
import { Sandbox } from './helpers';

const STACKS = [
  { name: 'staging01-network' },
  { name: 'staging01-data', dependencies: ['staging01-network'] },
];

/** A plan JSON creating one database instance (and holding a secret value, as real plans do). */
const CREATE_DATABASE = {
  format_version: '1.2',
  resource_changes: [
    {
      address: 'aws_db_instance.writer',
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'writer',
      change: {
        actions: ['create'],
        before: null,
        after: { identifier: 'lq3-staging01-mysql', engine: 'mysql', engine_version: '8.4.4', instance_class: 'db.t4g.small', allocated_storage: 20, password: 'do-not-leak-hunter2' },
        after_unknown: { arn: true },
      },
    },
  ],
};

describe('plan costs in the summary', () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.cleanup());

  it("adds each env's monthly cost before and after the plan, with the drivers that move and no plan value", async () => {
    sandbox = new Sandbox({ stacks: { 'staging01-data': { plan: { planJson: CREATE_DATABASE } } } });
    sandbox.copyRealEnvFiles();
    const run = await plan(sandbox.context(sandbox.project('staging01', STACKS)));
    expect(run.ok).toBe(true);
    const [cost] = run.summary.costs ?? [];
    expect(cost).toMatchObject({ environment: 'staging01', currency: 'USD', before: 0 });
    expect(cost.error).toBeUndefined();
    expect(cost.after).toBeGreaterThan(27);
    expect(cost.drivers.map((driver) => driver.driver)).toEqual(expect.arrayContaining(['RDS instance', 'RDS storage']));
    expect(JSON.stringify(run.summary)).not.toContain('do-not-leak');
  });

  it('records why an env cannot be estimated, and the plan still succeeds', async () => {
    const unknown = { ...CREATE_DATABASE, resource_changes: [{ ...CREATE_DATABASE.resource_changes[0], address: 'aws_elasticache_cluster.cache', type: 'aws_elasticache_cluster', name: 'cache' }] };
    sandbox = new Sandbox({ stacks: { 'staging01-data': { plan: { planJson: unknown } } } });
    sandbox.copyRealEnvFiles();
    const run = await plan(sandbox.context(sandbox.project('staging01', STACKS)));
    expect(run.ok).toBe(true);
    expect(run.summary.costs?.[0].error).toMatch(/aws_elasticache_cluster has no price rule/);
  });
});
