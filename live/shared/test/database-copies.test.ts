/** A copy restores the latest snapshot of a base env's database in the same account and region. */
import { baseEnv, copyEnv, envFile, productionEnv, type Config } from './helpers';
import { testRefusals } from './refusals';

const BASES = { s: envFile({ stage: baseEnv('stage') }), p: envFile({ prod: productionEnv('prod') }) };
const copy = (patch: (env: Config) => void, base = 'stage') => ({ ...BASES, c: envFile({ copy: copyEnv('copy', base, patch) }) });
const restoreFrom = (identifier: string) => (env: Config) => ((env.database as Config).restoreFromLatestSnapshotOf = identifier);
const RESTORE = 'live/c/env.yaml: environments.copy.database.restoreFromLatestSnapshotOf: ';

describe('database copies', () => {
  testRefusals([
    {
      name: 'an env name instead of a database identifier',
      files: copy(restoreFrom('stage')),
      project: 'c',
      prefix: RESTORE,
      message: `must be a base environment's database, lq3-<env>-mysql (e.g. lq3-staging01-mysql) (got "stage")`,
      subprocess: true,
    },
    { name: 'a snapshot ARN', files: copy(restoreFrom('arn:aws:rds:eu-central-1:111111111111:snapshot:x')), project: 'c', prefix: RESTORE, message: /^must be a base environment's database, lq3-<env>-mysql/ },
    { name: 'an identifier with an invalid env name', files: copy(restoreFrom('lq3-Stage--1-mysql')), project: 'c', prefix: RESTORE, message: /^must be a base environment's database/ },
    { name: 'an env that does not exist', files: copy(restoreFrom('lq3-nowhere-mysql')), project: 'c', prefix: RESTORE, message: 'no environment named nowhere, so there is no database lq3-nowhere-mysql to copy' },
    {
      name: 'a production snapshot in a staging-account copy',
      files: copy(restoreFrom('lq3-prod-mysql')),
      project: 'c',
      prefix: RESTORE,
      message:
        "prod's database lives in production/eu-central-1, not staging/eu-central-1; its snapshots cannot be restored here without sharing, so copy a base env of the same account and region",
      subprocess: true,
    },
    {
      name: 'a base in another region',
      files: { s: envFile({ stage: baseEnv('stage', (env) => (env.region = 'eu-west-1')) }), c: envFile({ copy: copyEnv('copy', 'stage', (env) => (env.network = { cidr: '10.40.0.0/16' })) }) },
      project: 'c',
      prefix: RESTORE,
      message: /^stage's database lives in staging\/eu-west-1, not staging\/eu-central-1/,
    },
    {
      name: 'a copy of a copy',
      files: { ...BASES, c: envFile({ copy: copyEnv('copy', 'stage') }), d: envFile({ again: copyEnv('again', 'stage', restoreFrom('lq3-copy-mysql')) }) },
      project: 'd',
      prefix: 'live/d/env.yaml: environments.again.database.restoreFromLatestSnapshotOf: ',
      message: "copy (live/c/env.yaml) is itself a copy of stage; restore from the base env's database instead",
    },
    { name: 'its own database', files: copy(restoreFrom('lq3-copy-mysql')), project: 'c', prefix: RESTORE, message: "names this environment's own database; a copy restores another (base) environment's" },
    {
      name: 'an engine older than the base',
      files: { s: envFile({ stage: baseEnv('stage', (env) => ((env.database as Config).engineVersion = '8.4')) }), c: envFile({ copy: copyEnv('copy', 'stage') }) },
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.database.engineVersion: ',
      message: "8.0 is older than stage's 8.4; a snapshot restores at its own major version and cannot be downgraded",
    },
    {
      name: 'a refresh token on a base env',
      files: { s: envFile({ stage: baseEnv('stage', (env) => ((env.database as Config).refreshToken = '2026-12-01')) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.database.refreshToken: ',
      message: 'only applies to a copy (a database restored with restoreFromLatestSnapshotOf); remove it',
    },
    {
      name: 'an empty refresh token',
      files: copy((env) => ((env.database as Config).refreshToken = '')),
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.database.refreshToken: ',
      message: 'Too small: expected string to have >=1 characters (got "")',
    },
    {
      name: 'reusing the VPC of a copy',
      files: { ...BASES, c: envFile({ copy: copyEnv('copy', 'stage', (env) => (env.network = { cidr: '10.50.0.0/16' })) }), d: envFile({ again: copyEnv('again', 'stage', (env) => (env.network = { reuse: 'copy' })) }) },
      project: 'd',
      prefix: 'live/d/env.yaml: environments.again.network.reuse: ',
      message: "copy (live/c/env.yaml) is a copy and may be destroyed; reuse a base env's VPC",
    },
  ]);
});
