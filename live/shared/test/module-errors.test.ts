/**
 * What the modules would refuse is refused first, naming the env file and field;
 * anything a module still raises is reported at the field that fed it.
 */
import { join } from 'node:path';
import { App } from 'cdktf';
import { composeEnvironment, ConfigError, loadProjectEnvironments, type Environment } from '../src';
import { baseEnv, envFile, tempWorkspace, type Config } from './helpers';
import { testRefusals } from './refusals';

const alpha = (patch: (env: Config) => void) => ({ a: envFile({ alpha: baseEnv('alpha', patch) }) });
const web = (patch: (app: Config) => void) => alpha((env) => patch((env.apps as Record<string, Config>).web));
const database = (patch: (db: Config) => void) => alpha((env) => patch(env.database as Config));
const APP = 'live/a/env.yaml: environments.alpha.apps.web.';

describe('what modules would refuse', () => {
  testRefusals([
    { name: 'a memory size Fargate does not offer for the CPU', files: web((app) => (app.memory = 600)), project: 'a', prefix: `${APP}memory: `, message: 'memory 600 does not fit cpu 256 on Fargate; use 512, 1024, 2048 MiB', subprocess: true },
    { name: 'a CPU size Fargate does not offer', files: web((app) => ((app.cpu = 300), (app.memory = 1024))), project: 'a', prefix: `${APP}cpu: `, message: 'cpu 300 is not a Fargate size; use one of 256, 512, 1024, 2048, 4096, 8192, 16384' },
    { name: 'too little memory for 4 vCPU', files: web((app) => ((app.cpu = 4096), (app.memory = 4096))), project: 'a', prefix: `${APP}memory: `, message: 'memory 4096 does not fit cpu 4096 on Fargate; use 8192-30720 in steps of 1024 MiB' },
    { name: 'a health check path with a space', files: web((app) => (app.healthCheckPath = '/health check')), project: 'a', prefix: `${APP}healthCheckPath: `, message: /^must be a path starting with \// },
    { name: 'more tasks than ECS allows', files: web((app) => (app.desiredCount = 6000)), project: 'a', prefix: `${APP}desiredCount: `, message: /^Too big: expected number to be <=5000/ },
    {
      name: 'a variable the layer sets',
      files: web((app) => (app.environment = { DATABASE_PASSWORD: 'hunter2' })),
      project: 'a',
      prefix: `${APP}environment.DATABASE_PASSWORD: `,
      message: 'is set by the shared layer (database endpoints, credentials, exports bucket, env name); remove it',
    },
    { name: 'a variable name ECS refuses', files: web((app) => (app.environment = { '1ST': 'x' })), project: 'a', prefix: `${APP}environment.1ST: `, message: 'variable name must be letters, digits and underscores, not starting with a digit (got "1ST")' },
    { name: 'an instance class that does not exist', files: database((db) => (db.instanceClass = 'db.t4g.huge')), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.database.instanceClass: ', message: 'must be an RDS instance class like db.t4g.small (got "db.t4g.huge")' },
    {
      name: 'an instance class the connection alarm cannot size',
      files: database((db) => (db.instanceClass = 'db.c6gd.large')),
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.database.instanceClass: ',
      message: 'must be of the t, m, r, x or z families (the connection alarm is sized from the class) (got "db.c6gd.large")',
    },
    { name: 'storage beyond what autoscaling can reach', files: database((db) => (db.allocatedStorageGb = 20000)), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.database.allocatedStorageGb: ', message: /^Too big: expected number to be <=16384/ },
    { name: 'a MySQL 5.7 engine', files: database((db) => (db.engineVersion = '5.7.44')), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.database.engineVersion: ', message: 'must be a MySQL 8.0 or 8.4 version like "8.0" or "8.4", quoted (got "5.7.44")' },
    { name: 'eleven apps on one certificate', files: alpha((env) => (env.apps = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`app${i}`, { hostname: `app${i}.example.com`, image: 'r.example.com/x', tag: '1.0.0' }])))), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps: ', message: 'has more than 10 apps; one ACM certificate holds at most 10 hostnames' },
  ]);
});

describe('errors raised inside modules', () => {
  function loaded(): Environment {
    const root = tempWorkspace(alpha(() => {}));
    return loadProjectEnvironments(join(root, 'live', 'a'), root)[0];
  }

  it.each([
    ['a Fargate size', (env: Environment) => ({ ...env, apps: new Map([['web', { ...env.apps.get('web')!, cpu: 300 }]]) }), 'live/a/env.yaml: environments.alpha.apps.web: EcsService lq3-alpha-web: invalid props: cpu 300 is not a Fargate size'],
    ['a VPC range', (env: Environment) => ({ ...env, network: { cidr: '10.0.0.0/8', azCount: 2, nat: 'single' as const } }), 'live/a/env.yaml: environments.alpha.network: Vpc cidr "10.0.0.0/8" is larger than AWS allows'],
    ['a schedule', (env: Environment) => ({ ...env, jobs: new Map([['nightly', { ...env.jobs.get('nightly')!, schedule: 'cron(0 2 * * * *)' }]]) }), "live/a/env.yaml: environments.alpha.jobs.nightly: ScheduledTask 'lq3-alpha-nightly': schedule 'cron(0 2 * * * *)' cannot set both"],
    ['an instance class', (env: Environment) => ({ ...env, database: { ...env.database, instanceClass: 'large' } }), "live/a/env.yaml: environments.alpha.database: RdsReplicaPair 'lq3-alpha-mysql': instanceClass 'large' is not an RDS instance class"],
  ])('map %s a module refuses to <file>: <field>, on one line', (_case, corrupt, prefix) => {
    let error: unknown;
    try {
      composeEnvironment(new App({ outdir: tempWorkspace({}) }), corrupt(loaded()) as Environment);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(prefix)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});
