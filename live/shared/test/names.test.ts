/** Env, app and job names follow one rule and never collide in the AWS names made from them. */
import { NAME_RULE } from '../src';
import { baseEnv, envFile, type Config } from './helpers';
import { testRefusals } from './refusals';

const alpha = (patch: (env: Config) => void) => ({ a: envFile({ alpha: baseEnv('alpha', patch) }) });

describe('names', () => {
  const named = (env: string) => ({ a: envFile({ [env]: baseEnv(env) }) });
  testRefusals([
    { name: 'an upper-case env name', files: named('Staging'), project: 'a', prefix: 'live/a/env.yaml: environments.Staging: ', message: `environment name ${NAME_RULE} (got "Staging")`, subprocess: true },
    { name: 'a one-letter env name', files: named('a'), project: 'a', prefix: 'live/a/env.yaml: environments.a: ', message: `environment name ${NAME_RULE} (got "a")` },
    { name: 'a double hyphen (RDS refuses it)', files: named('stage--one'), project: 'a', prefix: 'live/a/env.yaml: environments.stage--one: ', message: `environment name ${NAME_RULE} (got "stage--one")` },
    { name: 'a trailing hyphen', files: named('stage-'), project: 'a', prefix: 'live/a/env.yaml: environments.stage-: ', message: `environment name ${NAME_RULE} (got "stage-")` },
    { name: 'a 24-character env name', files: named('a'.repeat(24)), project: 'a', prefix: `live/a/env.yaml: environments.${'a'.repeat(24)}: `, message: `environment name ${NAME_RULE} (got "${'a'.repeat(24)}")` },
    { name: 'an underscore in an app name', files: alpha((env) => (env.apps = { web_1: (env.apps as Record<string, Config>).web })), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps.web_1: ', message: `app name ${NAME_RULE} (got "web_1")` },
    {
      name: 'an env name extending another of the same account',
      files: { a: envFile({ alpha: baseEnv('alpha') }), b: envFile({ 'alpha-api': baseEnv('alpha-api', (env) => ((env.network as Config).cidr = '10.20.0.0/16')) }) },
      project: 'b',
      prefix: 'live/b/env.yaml: environments.alpha-api: ',
      message: `the name alpha-api extends alpha (live/a/env.yaml) in the same staging account, so resource names lq3-alpha-api-... could collide with alpha's; pick a name that does not start with "alpha-"`,
    },
    { name: 'an env name used by another project', files: { a: envFile({ alpha: baseEnv('alpha') }), b: envFile({ alpha: baseEnv('alpha', (env) => ((env.network as Config).cidr = '10.20.0.0/16')) }) }, project: 'b', prefix: 'live/b/env.yaml: environments.alpha: ', message: 'environment name already used in live/a/env.yaml' },
    {
      name: 'a schedule name longer than AWS allows',
      files: { a: envFile({ 'alpha-staging-twenty-33': baseEnv('alpha-staging-twenty-33', (env) => (env.jobs = { 'nightly-export-orders': { schedule: 'rate(1 day)', command: ['x'] } })) }) },
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha-staging-twenty-33.jobs.nightly-export-orders: ',
      message: 'the schedule name lq3-alpha-staging-twenty-33-nightly-export-orders is 49 characters; AWS names derived from it allow 48, so shorten the job name to 20 characters or fewer',
      subprocess: true,
    },
    { name: 'an app named like the ECS cluster', files: alpha((env) => (env.apps = { cluster: (env.apps as Record<string, Config>).web })), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps.cluster: ', message: "the name cluster is taken by the services unit's own resources (aws, backend, cluster); use another app name" },
    { name: 'a job named like the exports bucket', files: alpha((env) => (env.jobs = { exports: { schedule: 'rate(1 day)', command: ['x'] } })), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.jobs.exports: ', message: "the name exports is taken by the jobs unit's own resources (aws, backend, exports); use another job name" },
  ]);
});
