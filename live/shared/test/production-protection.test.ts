/**
 * The base/copy model (ADR 0009): an env that owns its data is never disposable,
 * and in the production account never weakened; only copies may be either.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectEnvironments } from '../src';
import { baseEnv, copyEnv, envFile, productionEnv, promotedEnvYaml, tempWorkspace, type Config } from './helpers';
import { testRefusals, WORKSPACE_ROOT } from './refusals';

const prod = (patch: (env: Config) => void) => ({ p: envFile({ prod: productionEnv('prod', patch) }) });
const PRODUCTION = 'live/p/env.yaml: environments.prod.';

/** The real env files, with one of them edited. */
function realWorkspace(project: string, edit: (yaml: string) => string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['staging01', 'production01', 'parallel-front', 'parallel-back']) {
    const yaml = promotedEnvYaml(readFileSync(join(WORKSPACE_ROOT, 'live', name, 'env.yaml'), 'utf8'));
    files[name] = name === project ? edit(yaml) : yaml;
  }
  return files;
}

describe('a base env owns its data: never disposable', () => {
  testRefusals([
    {
      name: 'production01 marked disposable',
      files: realWorkspace('production01', (yaml) => yaml.replace('    account: production\n', '    account: production\n    disposable: { infrastructure: true }\n')),
      project: 'production01',
      prefix: 'live/production01/env.yaml: environments.production01.disposable.infrastructure: ',
      message: 'owns its data (it restores no snapshot), so it is a base env and never disposable; only copies (database.restoreFromLatestSnapshotOf) may be',
      subprocess: true,
    },
    {
      name: 'production01 with disposable data',
      files: realWorkspace('production01', (yaml) => yaml.replace('    account: production\n', '    account: production\n    disposable: { data: true }\n')),
      project: 'production01',
      prefix: 'live/production01/env.yaml: environments.production01.disposable.data: ',
      message: 'owns its data (it restores no snapshot), so it is a base env and its data is never disposable; only copies may be',
    },
    {
      name: 'a staging base env marked disposable',
      files: { a: envFile({ alpha: baseEnv('alpha', (env) => (env.disposable = { infrastructure: true, data: true })) }) },
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.disposable.infrastructure: ',
      message: 'owns its data (it restores no snapshot), so it is a base env and never disposable; only copies (database.restoreFromLatestSnapshotOf) may be',
    },
    {
      name: 'disposable production01 with every protection dropped (the first problem is reported)',
      files: realWorkspace('production01', (yaml) =>
        yaml
          .replace('    account: production\n', '    account: production\n    disposable: { infrastructure: true, data: true }\n')
          .replace(/desiredCount: 2/g, 'desiredCount: 1')
          .replace('multiAz: true', 'multiAz: false')
          .replace('backupRetentionDays: 14', 'backupRetentionDays: 1'),
      ),
      project: 'production01',
      prefix: 'live/production01/env.yaml: environments.production01.disposable.infrastructure: ',
      message: /^owns its data/,
    },
  ]);
});

describe('a production base env is never weakened', () => {
  testRefusals([
    {
      name: 'one task per service',
      files: prod((env) => ((env.apps as Record<string, Config>).web.desiredCount = 1)),
      project: 'p',
      prefix: `${PRODUCTION}apps.web.desiredCount: `,
      message: 'production base env: needs at least 2 tasks per service across AZs, got 1',
      subprocess: true,
    },
    { name: 'rolling deploys', files: prod((env) => (env.deployment = { strategy: 'rolling' })), project: 'p', prefix: `${PRODUCTION}deployment.strategy: `, message: 'production base env: deploys blue/green' },
    { name: 'an unprotected ALB', files: prod((env) => (env.alb = {})), project: 'p', prefix: `${PRODUCTION}alb.deletionProtection: `, message: 'production base env: the ALB must have deletion protection' },
    { name: 'a single NAT gateway', files: prod((env) => ((env.network as Config).nat = 'single')), project: 'p', prefix: `${PRODUCTION}network.nat: `, message: 'production base env: needs one NAT gateway per AZ (perAz)' },
    {
      name: 'a reused VPC',
      files: { p: envFile({ prod: productionEnv('prod', (env) => (env.network = { reuse: 'other' })), other: productionEnv('other', (env) => ((env.network as Config).cidr = '10.30.0.0/16')) }) },
      project: 'p',
      prefix: `${PRODUCTION}network.reuse: `,
      message: 'production base env: needs its own VPC with a NAT gateway per AZ',
    },
    { name: 'switched off', files: prod((env) => (env.enabled = false)), project: 'p', prefix: `${PRODUCTION}enabled: `, message: 'production base env: serves production and cannot be switched off' },
    { name: 'office hours', files: prod((env) => (env.officeHours = {})), project: 'p', prefix: `${PRODUCTION}officeHours: `, message: 'production base env: serves production around the clock; remove officeHours' },
    { name: 'a single-AZ database', files: prod((env) => ((env.database as Config).multiAz = false)), project: 'p', prefix: `${PRODUCTION}database.multiAz: `, message: 'production base env: the database must be Multi-AZ' },
    { name: 'no replica', files: prod((env) => ((env.database as Config).readReplicas = 0)), project: 'p', prefix: `${PRODUCTION}database.readReplicas: `, message: 'production base env: needs at least one read replica' },
    {
      name: 'one day of backups',
      files: prod((env) => ((env.database as Config).backupRetentionDays = 1)),
      project: 'p',
      prefix: `${PRODUCTION}database.backupRetentionDays: `,
      message: 'production base env: keeps backups at least 14 days, got 1',
    },
    {
      name: 'an unprotected database',
      files: prod((env) => delete (env.database as Config).deletionProtection),
      project: 'p',
      prefix: `${PRODUCTION}database.deletionProtection: `,
      message: 'production base env: the database must have deletion protection',
    },
  ]);
});

describe('copies may be disposable and small', () => {
  it('accepts a disposable one-task production-account copy of a production base', () => {
    const root = tempWorkspace({
      p: envFile({ prod: productionEnv('prod') }),
      c: envFile({ copy: copyEnv('copy', 'prod', (env) => ((env.account = 'production'), ((env.database as Config).restoreFromLatestSnapshotOf = 'lq3-prod-mysql'))) }),
    });
    const [copy] = loadProjectEnvironments(join(root, 'live', 'c'), root);
    expect(copy).toMatchObject({ role: 'copy', copyOf: 'prod', disposable: { infrastructure: true, data: true } });
    expect(copy.apps.get('web')?.desiredCount).toBe(1);
  });

  it('classifies the real environments: staging01 and production01 are bases, the parallel envs copies', () => {
    const root = tempWorkspace(realWorkspace('none', (yaml) => yaml));
    const roles = ['staging01', 'production01', 'parallel-front', 'parallel-back'].flatMap((project) =>
      loadProjectEnvironments(join(root, 'live', project), root).map((env) => [env.name, env.role, env.copyOf ?? '-', env.disposable.infrastructure]),
    );
    expect(roles).toEqual([
      ['staging01', 'base', '-', false],
      ['production01', 'base', '-', false],
      ['staging-front', 'copy', 'staging01', true],
      ['production-front', 'copy', 'production01', true],
      ['staging-back', 'copy', 'staging01', true],
      ['production-back', 'copy', 'production01', true],
    ]);
  });
});
