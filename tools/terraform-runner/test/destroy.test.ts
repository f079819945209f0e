import { main } from '../src/cli';
import { destroy } from '../src/destroy';
import { Sandbox, type StackSpec } from './helpers';

const stacksOf = (environment: string): StackSpec[] => [
  { name: `${environment}-network`, environment },
  { name: `${environment}-data`, environment, dependencies: [`${environment}-network`] },
  { name: `${environment}-services`, environment, dependencies: [`${environment}-data`] },
];

describe('destroy', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = new Sandbox({ default: { destroyPlan: { planJson: 'destroy-data.json' } } });
  });
  afterEach(() => sandbox.cleanup());

  it.each([
    ['staging01', 'staging01'],
    ['production01', 'production01'],
  ])('is refused for %s, whose env.yaml does not mark it disposable', async (project, environment) => {
    sandbox.copyRealEnvFiles();
    const projectDir = sandbox.project(project, stacksOf(environment));
    const exitCode = await main(['destroy', '--auto-approve', '--project-dir', projectDir], sandbox.context(projectDir));

    expect(exitCode).toBe(1);
    expect(sandbox.errors).toEqual([
      `destroy refused: ${environment} in live/${project}/env.yaml is not disposable (disposable.infrastructure is not true); only disposable environments such as the parallel envs can be destroyed.`,
    ]);
    expect(sandbox.calls()).toEqual([]);
  });

  it('destroys a disposable env dependents first; its disposable data skips the stateful guard', async () => {
    sandbox.copyRealEnvFiles();
    const projectDir = sandbox.project('parallel-front', [...stacksOf('staging-front'), ...stacksOf('production-front')]);
    expect(await destroy(sandbox.context(projectDir), { autoApprove: true, concurrency: 2 })).toBe(true);

    const calls = sandbox.calls();
    expect(calls.filter((call) => call.command === 'plan').every((call) => call.args.includes('-destroy'))).toBe(true);
    const applied = calls.filter((call) => call.command === 'apply').map((call) => call.stack);
    expect(applied).toHaveLength(6);
    for (const environment of ['staging-front', 'production-front']) {
      const order = applied.filter((stack) => stack.startsWith(`${environment}-`));
      expect(order).toEqual([`${environment}-services`, `${environment}-data`, `${environment}-network`]);
    }
  });

  it('keeps the stateful guard when the env data is not disposable', async () => {
    sandbox.copyRealEnvFiles({ project: 'parallel-back', transform: (yaml) => yaml.replaceAll('data: true', 'data: false') });
    const projectDir = sandbox.project('parallel-back', stacksOf('staging-back'));
    await expect(destroy(sandbox.context(projectDir), { autoApprove: true })).rejects.toThrow(
      /^destroy refused: the plan would delete or replace 3 stateful resource\(s\)[^]*staging-back-data: delete aws_db_instance\.database/,
    );
    expect(sandbox.calls().filter((call) => call.command === 'apply')).toEqual([]);

    const allowed = ['network', 'data', 'services'].map((unit) => `staging-back-${unit}:aws_db_instance.database`);
    expect(await destroy(sandbox.context(projectDir), { autoApprove: true, allowDestroy: allowed })).toBe(true);
  });

  it('destroys nothing when planning the destroy of any stack fails', async () => {
    sandbox.copyRealEnvFiles();
    sandbox.setScenario({ default: { destroyPlan: { planJson: 'destroy-data.json' } }, stacks: { 'staging-back-network': { destroyPlan: { exitCode: 1 } } } });
    const projectDir = sandbox.project('parallel-back', stacksOf('staging-back'));
    expect(await destroy(sandbox.context(projectDir), { autoApprove: true })).toBe(false);
    expect(sandbox.calls().filter((call) => call.command === 'apply')).toEqual([]);
    expect(sandbox.errors.at(-1)).toBe('destroy stopped: planning the destroy failed for staging-back-network; nothing was destroyed.');
  });
});
