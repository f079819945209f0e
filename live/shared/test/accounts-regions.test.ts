/** Account ids are 12 digits, one account per id; role and state bucket follow from the id; regions are real. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNTS, ConfigError, ConfigErrors, checkAccounts } from '../src';
import { baseEnv, envFile, tempWorkspace, type Config } from './helpers';
import { previousOutput, SHARED_SRC, synthSubprocess, testRefusals, treeOf } from './refusals';

const region = (name: unknown, patch: (env: Config) => void = () => {}) => ({ a: envFile({ alpha: baseEnv('alpha', (env) => ((env.region = name), patch(env))) }) });

describe('regions', () => {
  testRefusals([
    {
      name: 'a region that does not exist',
      files: region('eu-central-3'),
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.region: ',
      message: 'must be an AWS region of the aws partition like eu-central-1 (list: live/shared/src/aws-regions.ts) (got "eu-central-3")',
      subprocess: true,
    },
    { name: 'an upper-case region', files: region('EU-CENTRAL-1'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.region: ', message: /^must be an AWS region of the aws partition/ },
    { name: 'a China region', files: region('cn-north-1'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.region: ', message: /^must be an AWS region of the aws partition/ },
    { name: 'an availability zone as region', files: region('eu-central-1a'), project: 'a', prefix: 'live/a/env.yaml: environments.alpha.region: ', message: /^must be an AWS region/ },
    {
      name: 'pinned AZs of another region',
      files: region('eu-west-1', (env) => (env.network = { cidr: '10.10.0.0/16', availabilityZones: ['eu-central-1a', 'eu-central-1b'] })),
      project: 'a',
      prefix: 'live/a/env.yaml: environments.alpha.network.availabilityZones.0: ',
      message: "eu-central-1a is not an AZ of the env's region eu-west-1; expected names like eu-west-1a",
    },
  ]);
});

describe('account definitions', () => {
  it('derives each role ARN and state bucket from the account id', () => {
    for (const account of Object.values(ACCOUNTS)) {
      expect(account.id).toMatch(/^\d{12}$/);
      expect(account.roleArn).toBe(`arn:aws:iam::${account.id}:role/lq3-terraform`);
      expect(account.stateBucket).toBe(`lq3-terraform-state-${account.id}`);
    }
    expect(() => checkAccounts('accounts.ts')).not.toThrow();
  });

  it.each([
    ['an id too short', { staging: { id: '12345' }, production: { id: '222222222222' } }, 'accounts.ts: ACCOUNT_DEFINITIONS.staging.id: must be the 12-digit AWS account id, digits only (got "12345")'],
    ['an id with letters', { staging: { id: '111111111111' }, production: { id: '22222222222O' } }, 'accounts.ts: ACCOUNT_DEFINITIONS.production.id: must be the 12-digit AWS account id, digits only (got "22222222222O")'],
    ['an id as a number', { staging: { id: 111111111111 }, production: { id: '222222222222' } }, 'accounts.ts: ACCOUNT_DEFINITIONS.staging.id: Invalid input: expected string, received number'],
    ['one id for both accounts', { staging: { id: '111111111111' }, production: { id: '111111111111' } }, 'accounts.ts: ACCOUNT_DEFINITIONS.production.id: 111111111111 is also the id of another account; staging and production must be separate AWS accounts'],
    ['a literal role ARN beside the id', { staging: { id: '111111111111', roleArn: 'arn:aws:iam::999999999999:role/x' }, production: { id: '222222222222' } }, 'accounts.ts: ACCOUNT_DEFINITIONS.staging: Unrecognized key: "roleArn"'],
  ])('refuses %s', (_case, definitions, message) => {
    let error: unknown;
    try {
      checkAccounts('accounts.ts', definitions);
    } catch (caught) {
      error = caught;
    }
    expect(error instanceof ConfigError || error instanceof ConfigErrors).toBe(true);
    expect((error as Error).message).toBe(message);
  });

  it(
    'fails synth naming accounts.ts and the field, exit 1, previous output kept (subprocess, edited copy of the shared layer)',
    () => {
      const root = tempWorkspace({ a: envFile({ alpha: baseEnv('alpha') }) });
      const sharedSrc = join(root, 'live', 'shared', 'src');
      cpSync(SHARED_SRC, sharedSrc, { recursive: true });
      cpSync(join(SHARED_SRC, '..', 'package.json'), join(sharedSrc, '..', 'package.json'));
      const accounts = join(sharedSrc, 'accounts.ts');
      writeFileSync(accounts, readFileSync(accounts, 'utf8').replace("staging: { id: '111111111111' }", "staging: { id: '1111-1111-1111' }"));
      const projectDir = join(root, 'live', 'a');
      const before = previousOutput(projectDir);
      const run = synthSubprocess(projectDir, {}, sharedSrc);
      expect(run.stderr).toBe('synth failed: live/shared/src/accounts.ts: ACCOUNT_DEFINITIONS.staging.id: must be the 12-digit AWS account id, digits only (got "1111-1111-1111")\n');
      expect(run.status).toBe(1);
      expect(treeOf(join(projectDir, 'cdktf.out'))).toEqual(before);
    },
    180_000,
  );
});
