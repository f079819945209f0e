import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { EMULATOR_CLOUDFLARE_TOKEN, emulatorOverride } from '../src/emulator';
import { plan } from '../src/plan';
import { Sandbox, type StackSpec } from './helpers';

const AWS = 'http://127.0.0.1:4566';
const CLOUDFLARE = 'http://127.0.0.1:8787/client/v4';
const FLAGS = ['--emulator-aws', AWS, '--emulator-cloudflare', CLOUDFLARE];

const DNS_STACK: StackSpec = {
  name: 'staging01-dns',
  body: {
    provider: {
      aws: [{ region: 'eu-central-1', assume_role: [{ role_arn: 'arn:aws:iam::111111111111:role/lq3-terraform' }], allowed_account_ids: ['111111111111'] }],
      cloudflare: [{}],
    },
    data: {
      terraform_remote_state: {
        'cross-stack-reference-input-staging01-edge': {
          backend: 's3',
          config: { bucket: 'lq3-terraform-state-111111111111', key: 'staging01/edge.tfstate', region: 'eu-central-1', assume_role: { role_arn: 'arn:aws:iam::111111111111:role/lq3-terraform' } },
          workspace: '${terraform.workspace}',
        },
      },
    },
  },
};

describe('emulator mode', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = new Sandbox()));
  afterEach(() => sandbox.cleanup());
  jest.setTimeout(60_000);

  it.each([
    [['AWS_ACCESS_KEY_ID'], 'AWS_ACCESS_KEY_ID'],
    [['AWS_PROFILE', 'AWS_SESSION_TOKEN'], 'AWS_SESSION_TOKEN, AWS_PROFILE'],
    [['CLOUDFLARE_API_TOKEN'], 'CLOUDFLARE_API_TOKEN'],
  ])('refuses to run while real credentials are in the environment (%s)', async (variables, named) => {
    const projectDir = sandbox.project('staging01', [DNS_STACK]);
    const env = Object.fromEntries(variables.map((name) => [name, 'real-looking-value']));
    const exitCode = await main(['plan', '--project-dir', projectDir, ...FLAGS], sandbox.context(projectDir, env));
    expect(exitCode).toBe(1);
    expect(sandbox.errors).toEqual([
      `emulator mode refuses to run with real credentials in the environment (${named}); unset them — the emulator run uses its own dummy credentials.`,
    ]);
    expect(sandbox.calls()).toEqual([]);
  });

  it.each([
    [['--emulator-aws', 'https://ec2.eu-central-1.amazonaws.com', '--emulator-cloudflare', CLOUDFLARE], '--emulator-aws must point at an emulator on this machine (127.0.0.1, localhost or [::1]), got host "ec2.eu-central-1.amazonaws.com"'],
    [['--emulator-aws', AWS, '--emulator-cloudflare', 'https://api.cloudflare.com/client/v4'], '--emulator-cloudflare must point at an emulator on this machine (127.0.0.1, localhost or [::1]), got host "api.cloudflare.com"'],
    [['--emulator-aws', AWS], 'emulator mode needs both --emulator-aws and --emulator-cloudflare: half a run against real clouds is never what you want.'],
    [['--emulator-aws', '127.0.0.1:4566', '--emulator-cloudflare', CLOUDFLARE], '--emulator-aws must be a URL such as http://127.0.0.1:4566, got "127.0.0.1:4566"'],
  ])('refuses flags that are not a complete pair of loopback URLs (%j)', async (flags, message) => {
    const projectDir = sandbox.project('staging01', [DNS_STACK]);
    expect(await main(['plan', '--project-dir', projectDir, ...flags], sandbox.context(projectDir))).toBe(1);
    expect(sandbox.errors).toEqual([message]);
  });

  it('runs Terraform in a scratch copy with the override, the emulator token and no AWS shared config', async () => {
    const projectDir = sandbox.project('staging01', [DNS_STACK]);
    const context = { ...sandbox.context(projectDir), emulator: { aws: AWS, cloudflare: CLOUDFLARE } };
    expect((await plan(context)).ok).toBe(true);

    const scratch = join(projectDir, 'cdktf.out.emulator', 'stacks', 'staging01-dns');
    const stackCalls = sandbox.calls().filter((call) => call.command !== 'version');
    expect(stackCalls.map((call) => [call.command, call.cwd])).toEqual([
      ['init', scratch],
      ['plan', scratch],
      ['show', scratch],
    ]);
    expect(readFileSync(join(scratch, 'cdk.tf.json'), 'utf8')).toBe(readFileSync(join(projectDir, 'cdktf.out', 'stacks', 'staging01-dns', 'cdk.tf.json'), 'utf8'));
    expect(existsSync(join(scratch, 'emulator_override.tf.json'))).toBe(true);
    // The synthesized directory itself is left alone.
    expect(existsSync(join(projectDir, 'cdktf.out', 'stacks', 'staging01-dns', 'emulator_override.tf.json'))).toBe(false);
    const env = stackCalls[0].env;
    expect(env['CLOUDFLARE_API_TOKEN']).toBe(EMULATOR_CLOUDFLARE_TOKEN);
    expect(env['AWS_ENDPOINT_URL']).toBe(AWS);
    expect(env['AWS_CONFIG_FILE']).toMatch(/no-such-aws-config$/);
  });

  it('points the backend, every remote state and both providers at the emulators, keeping the synthesized settings', () => {
    const stackJson = {
      terraform: { backend: { s3: { bucket: 'lq3-terraform-state-111111111111', key: 'staging01/dns.tfstate', region: 'eu-central-1', encrypt: true, use_lockfile: true } } },
      ...(DNS_STACK.body as object),
    };
    const override = emulatorOverride(stackJson, { aws: AWS, cloudflare: CLOUDFLARE }) as {
      terraform: { backend: { s3: Record<string, unknown> } };
      provider: { aws: Record<string, unknown>[]; cloudflare: Record<string, unknown>[] };
      data: { terraform_remote_state: Record<string, { config: Record<string, unknown> }> };
    };
    expect(override.terraform.backend.s3).toMatchObject({
      bucket: 'lq3-terraform-state-111111111111',
      key: 'staging01/dns.tfstate',
      use_lockfile: true,
      encrypt: true,
      endpoints: { s3: AWS, sts: AWS },
      use_path_style: true,
    });
    expect(override.provider.aws).toHaveLength(1);
    const endpoints = (override.provider.aws[0]['endpoints'] as Record<string, string>[])[0];
    for (const service of ['ec2', 'rds', 's3', 'sts', 'cloudwatch', 'elbv2']) expect(endpoints[service]).toBe(AWS);
    // assume_role and allowed_account_ids are not repeated: the override merges into the synthesized block.
    expect(override.provider.aws[0]).not.toHaveProperty('assume_role');
    expect(override.provider.cloudflare).toEqual([{ base_url: CLOUDFLARE }]);
    expect(override.data.terraform_remote_state['cross-stack-reference-input-staging01-edge'].config).toMatchObject({
      key: 'staging01/edge.tfstate',
      assume_role: { role_arn: 'arn:aws:iam::111111111111:role/lq3-terraform' },
      endpoints: { s3: AWS, sts: AWS },
    });
  });
});
