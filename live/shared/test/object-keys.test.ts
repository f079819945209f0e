/**
 * Names that are JavaScript object keys (`__proto__`, `constructor`, `toString`,
 * `hasOwnProperty`, `valueOf`) are either refused by the name rule with their
 * field, or are plain names end to end: never dropped, never a crash.
 */
import { join } from 'node:path';
import { loadProjectEnvironments, NAME_RULE } from '../src';
import { resourcesOf, synthesizeProject } from '../src/testing';
import { baseEnv, envFile, envYaml, tempWorkspace, type Config } from './helpers';
import { testRefusals } from './refusals';

const ALPHA = envYaml('alpha');
const appNamed = (name: string) => ({ a: ALPHA.replace('      web:\n', `      ${name}:\n`) });

describe('built-in property names', () => {
  testRefusals([
    { name: 'an app named __proto__', files: appNamed('__proto__'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps.__proto__: ', message: '__proto__ cannot be used as a key (line 8)', subprocess: true },
    { name: 'an env named __proto__', files: { a: ALPHA.replace('  alpha:\n', '  __proto__:\n') }, project: 'a', prefix: 'live/a/env.yaml: environments.__proto__: ', message: '__proto__ cannot be used as a key (line 2)' },
    { name: 'an app named toString', files: appNamed('toString'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps.toString: ', message: `app name ${NAME_RULE} (got "toString")` },
    { name: 'an app named hasOwnProperty', files: appNamed('hasOwnProperty'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.apps.hasOwnProperty: ', message: `app name ${NAME_RULE} (got "hasOwnProperty")` },
    { name: 'an env named valueOf', files: { a: ALPHA.replace('  alpha:\n', '  valueOf:\n') }, project: 'a', prefix: 'live/a/env.yaml: environments.valueOf: ', message: `environment name ${NAME_RULE} (got "valueOf")` },
    { name: 'a job named toString', files: { a: envFile({ alpha: baseEnv('alpha', (env) => (env.jobs = { toString: { schedule: 'rate(1 day)', command: ['x'] } })) }) }, project: 'a', prefix: 'live/a/env.yaml: environments.alpha.jobs.toString: ', message: `job name ${NAME_RULE} (got "toString")` },
    {
      name: 'a job running an app named constructor that does not exist',
      files: { a: envFile({ alpha: baseEnv('alpha', (env) => ((env.jobs as Record<string, Config>).nightly.app = 'constructor')) }) },
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.jobs.nightly.app: ',
      message: 'no app named constructor in apps',
      subprocess: true,
    },
    {
      name: 'an app named constructor',
      files: appNamed('constructor'),
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.apps.constructor: ',
      message: 'the name constructor is a JavaScript object property, which the construct library cannot use as an id; use another app name',
    },
    {
      name: 'a job named constructor',
      files: { a: envFile({ alpha: baseEnv('alpha', (env) => (env.jobs = { constructor: { schedule: 'rate(1 day)', command: ['x'] } })) }) },
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.jobs.constructor: ',
      message: 'the name constructor is a JavaScript object property, which the construct library cannot use as an id; use another job name',
    },
    {
      name: 'a variable named __proto__',
      files: { a: ALPHA.replace('tag: "1.0.0"\n', 'tag: "1.0.0"\n        environment:\n          __proto__: x\n') },
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.apps.web.environment.__proto__: ',
      message: '__proto__ cannot be used as a key (line 13)',
    },
  ]);

  it('synthesizes an env named constructor, with variables named like built-ins', () => {
    const env = baseEnv('constructor', (config) => {
      (config.apps as Record<string, Config>).api.environment = { constructor: 'c', toString: 't', valueOf: 'v', hasOwnProperty: 'h' };
    });
    const root = tempWorkspace({ a: envFile({ constructor: env }) });
    const [loaded] = loadProjectEnvironments(join(root, 'live', 'a'), root);
    expect([loaded.name, [...loaded.apps.keys()], [...loaded.jobs.keys()]]).toEqual(['constructor', ['web', 'api'], ['nightly']]);
    const { stacks } = synthesizeProject(join(root, 'live', 'a'));
    const task = resourcesOf(stacks['constructor-services'], 'aws_ecs_task_definition').find((definition) => definition.family === 'lq3-constructor-api')!;
    const [container] = JSON.parse(task.container_definitions as string) as { environment: { name: string; value: string }[] }[];
    expect(container.environment.filter((variable) => /^[a-z]/.test(variable.name))).toEqual([
      { name: 'constructor', value: 'c' },
      { name: 'hasOwnProperty', value: 'h' },
      { name: 'toString', value: 't' },
      { name: 'valueOf', value: 'v' },
    ]);
  });
});
