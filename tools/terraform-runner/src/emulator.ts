/**
 * Emulator mode (`--emulator-aws <url> --emulator-cloudflare <url>`): runs the
 * stacks against an AWS emulator (moto, tools/aws-emulator) and the Cloudflare
 * stand-in's fake API instead of the real clouds. Never implicit: only those
 * flags turn it on, the URLs must be loopback, and the run is refused when real
 * credentials are in the environment.
 *
 * Terraform runs in a scratch copy of each stack (`cdktf.out.emulator/stacks/<stack>`)
 * holding the synthesized JSON unchanged plus `emulator_override.tf.json`, a
 * Terraform override file that points the S3 backend, every
 * `terraform_remote_state`, the AWS provider and the Cloudflare provider at the
 * emulators. State lives in the emulator's S3, so the scratch copy can be
 * rebuilt at any time.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunnerError } from './binary';
import type { SynthesizedStack } from './stacks';

export interface EmulatorEndpoints {
  /** moto, e.g. `http://127.0.0.1:4566`. */
  aws: string;
  /** The fake Cloudflare API, e.g. `http://127.0.0.1:8787/client/v4`. */
  cloudflare: string;
}

/** Scratch copies live next to the synth output and, like it, are git-ignored and not Nx inputs. */
export const EMULATOR_DIR = 'cdktf.out.emulator';
export const OVERRIDE_FILE = 'emulator_override.tf.json';
/** The API token the fake Cloudflare API is started with (`--token`); not a secret. */
export const EMULATOR_CLOUDFLARE_TOKEN = 'lq3-emulator-token';
/** moto accepts any key pair; these make it obvious in logs that nothing real is used. */
const EMULATOR_ACCESS_KEY = 'lq3-emulator';
const EMULATOR_SECRET_KEY = 'lq3-emulator-secret';

/**
 * Endpoint names in the AWS provider's `endpoints` block for every service
 * client the stacks' resources use (the AWS SDK clients the trimmed provider
 * build registers: tools/terraform-providers). AWS_ENDPOINT_URL in the
 * environment is the safety net for anything not listed.
 */
export const AWS_ENDPOINT_SERVICES = [
  'acm',
  'account',
  'appautoscaling',
  'backup',
  'cloudwatch',
  'ec2',
  'ecs',
  'elb',
  'elbv2',
  'events',
  'iam',
  'kms',
  'logs',
  'organizations',
  'rds',
  's3',
  's3control',
  'scheduler',
  'sns',
  'sqs',
  'ssm',
  'sts',
  'wafv2',
] as const;

/** Environment variables that would give Terraform real cloud credentials. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'CLOUDFLARE_API_TOKEN',
  'CLOUDFLARE_API_KEY',
  'CLOUDFLARE_API_USER_SERVICE_KEY',
];

/** Checks the flags and the environment; returns the endpoints or throws saying what is wrong. */
export function emulatorEndpoints(aws: string | undefined, cloudflare: string | undefined, env: NodeJS.ProcessEnv): EmulatorEndpoints | undefined {
  if (aws === undefined && cloudflare === undefined) return undefined;
  if (aws === undefined || cloudflare === undefined) {
    throw new RunnerError('emulator mode needs both --emulator-aws and --emulator-cloudflare: half a run against real clouds is never what you want.');
  }
  const present = CREDENTIAL_VARIABLES.filter((name) => env[name]);
  if (present.length > 0) {
    throw new RunnerError(
      `emulator mode refuses to run with real credentials in the environment (${present.join(', ')}); unset them — the emulator run uses its own dummy credentials.`,
    );
  }
  return { aws: loopbackUrl('--emulator-aws', aws), cloudflare: loopbackUrl('--emulator-cloudflare', cloudflare) };
}

function loopbackUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RunnerError(`${flag} must be a URL such as http://127.0.0.1:4566, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RunnerError(`${flag} must be an http(s) URL, got "${value}"`);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new RunnerError(`${flag} must point at an emulator on this machine (127.0.0.1, localhost or [::1]), got host "${url.hostname}"`);
  }
  return value.replace(/\/+$/, '');
}

/** The environment Terraform runs with: no shared config or metadata lookups, the emulator's token. */
export function emulatorEnvironment(env: NodeJS.ProcessEnv, endpoints: EmulatorEndpoints, scratchDir: string): NodeJS.ProcessEnv {
  const missing = join(scratchDir, 'no-such-aws-config');
  return {
    ...env,
    AWS_CONFIG_FILE: missing,
    AWS_SHARED_CREDENTIALS_FILE: missing,
    AWS_EC2_METADATA_DISABLED: 'true',
    // Safety net: any AWS client the override does not name still goes to the emulator.
    AWS_ENDPOINT_URL: endpoints.aws,
    CLOUDFLARE_API_TOKEN: EMULATOR_CLOUDFLARE_TOKEN,
  };
}

interface StackJson {
  terraform?: { backend?: { s3?: Record<string, unknown> } };
  provider?: Record<string, Record<string, unknown>[]>;
  data?: { terraform_remote_state?: Record<string, { backend?: string; config?: Record<string, unknown> }> };
}

/** What the S3 backend and `terraform_remote_state` need to reach the emulator's S3 (and STS for assume_role). */
function s3BackendSettings(endpoints: EmulatorEndpoints): Record<string, unknown> {
  return {
    endpoints: { s3: endpoints.aws, sts: endpoints.aws },
    use_path_style: true,
    access_key: EMULATOR_ACCESS_KEY,
    secret_key: EMULATOR_SECRET_KEY,
    skip_metadata_api_check: true,
  };
}

/** The override file for one stack: same settings as synthesized, pointed at the emulators. */
export function emulatorOverride(stackJson: StackJson, endpoints: EmulatorEndpoints): Record<string, unknown> {
  const override: Record<string, unknown> = {};
  const backend = stackJson.terraform?.backend?.s3;
  // An override's backend block replaces the original whole, so it repeats every setting.
  if (backend) override['terraform'] = { backend: { s3: { ...backend, ...s3BackendSettings(endpoints) } } };

  const providers: Record<string, Record<string, unknown>[]> = {};
  for (const aws of stackJson.provider?.['aws'] ?? []) {
    providers['aws'] ??= [];
    providers['aws'].push({
      ...(aws['alias'] ? { alias: aws['alias'] } : {}),
      access_key: EMULATOR_ACCESS_KEY,
      secret_key: EMULATOR_SECRET_KEY,
      endpoints: [Object.fromEntries(AWS_ENDPOINT_SERVICES.map((service) => [service, endpoints.aws]))],
      s3_use_path_style: true,
      skip_metadata_api_check: true,
      // S3 Control puts the account id in front of the host (111111111111.127.0.0.1), which
      // resolves nowhere; as an HTTP proxy the emulator receives those requests whole and
      // serves them (tools/aws-emulator). Plain 127.0.0.1 requests never go through a proxy.
      http_proxy: endpoints.aws,
      https_proxy: '',
    });
  }
  for (const cloudflare of stackJson.provider?.['cloudflare'] ?? []) {
    providers['cloudflare'] ??= [];
    providers['cloudflare'].push({ ...(cloudflare['alias'] ? { alias: cloudflare['alias'] } : {}), base_url: endpoints.cloudflare });
  }
  if (Object.keys(providers).length > 0) override['provider'] = providers;

  const remoteStates = Object.entries(stackJson.data?.terraform_remote_state ?? {}).filter(([, block]) => block.backend === 's3');
  if (remoteStates.length > 0) {
    override['data'] = {
      terraform_remote_state: Object.fromEntries(remoteStates.map(([name, block]) => [name, { config: { ...block.config, ...s3BackendSettings(endpoints) } }])),
    };
  }
  return override;
}

/**
 * Writes the scratch copy of each stack and returns the stacks with their
 * working directory moved there; `.terraform/` in it survives between runs.
 */
export function prepareEmulatorStacks(projectDir: string, stacks: SynthesizedStack[], endpoints: EmulatorEndpoints): SynthesizedStack[] {
  return stacks.map((stack) => {
    const workingDirectory = join(projectDir, EMULATOR_DIR, 'stacks', stack.name);
    mkdirSync(workingDirectory, { recursive: true });
    copyFileSync(stack.jsonFile, join(workingDirectory, 'cdk.tf.json'));
    const stackJson = JSON.parse(readFileSync(stack.jsonFile, 'utf8')) as StackJson;
    writeFileSync(join(workingDirectory, OVERRIDE_FILE), `${JSON.stringify(emulatorOverride(stackJson, endpoints), null, 2)}\n`);
    return { ...stack, workingDirectory };
  });
}
