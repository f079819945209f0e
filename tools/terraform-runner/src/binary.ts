/**
 * Finds the Terraform-compatible binary: TF_BINARY, else `tofu`, else
 * `terraform` on PATH, and checks it is new enough for S3 native state locking
 * (the backend's `use_lockfile`).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { ORGANISATION } from '@lq3/live-shared';

/**
 * From the `required_version` every stack declares (">= 1.10": S3 native
 * locking, in Terraform and OpenTofu alike), so the runner fails before
 * Terraform would, with a sentence saying what to install.
 */
export const MINIMUM_TERRAFORM_VERSION = minimumOf(ORGANISATION.requiredTerraformVersion);
const CANDIDATES = ['tofu', 'terraform'];

export interface TerraformBinary {
  /** Absolute path (or the TF_BINARY value as given when it is a path). */
  path: string;
  version: string;
}

export class RunnerError extends Error {}

export function resolveTerraform(env: NodeJS.ProcessEnv): TerraformBinary {
  const path = findBinary(env);
  const version = readVersion(path, env);
  if (compareVersions(version, MINIMUM_TERRAFORM_VERSION) < 0) {
    throw new RunnerError(
      `${path} is version ${version}, but LQ3 needs Terraform or OpenTofu ${MINIMUM_TERRAFORM_VERSION} or newer (S3 state locking); install a newer one or point TF_BINARY at it.`,
    );
  }
  return { path, version };
}

function findBinary(env: NodeJS.ProcessEnv): string {
  const configured = env['TF_BINARY'];
  if (configured) {
    const found = isAbsolute(configured) || configured.includes('/') ? executable(configured) : searchPath(configured, env);
    if (!found) throw new RunnerError(`TF_BINARY is set to ${configured}, but no executable exists there; fix TF_BINARY or unset it to use tofu or terraform from PATH.`);
    return found;
  }
  for (const name of CANDIDATES) {
    const found = searchPath(name, env);
    if (found) return found;
  }
  throw new RunnerError(
    `Neither tofu nor terraform was found on PATH; install Terraform or OpenTofu ${MINIMUM_TERRAFORM_VERSION} or newer, or set TF_BINARY to its path.`,
  );
}

function searchPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const found = executable(join(dir, name));
    if (found) return found;
  }
  return undefined;
}

function executable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/** `version -json` (Terraform >= 0.13, OpenTofu), falling back to the first line of `-version`. */
function readVersion(path: string, env: NodeJS.ProcessEnv): string {
  const run = (args: string[]) => execFileSync(path, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  try {
    const parsed = JSON.parse(run(['version', '-json'])) as { terraform_version?: unknown };
    if (typeof parsed.terraform_version === 'string') return parsed.terraform_version;
  } catch {
    // older or unusual builds: try the plain text form below
  }
  let text: string;
  try {
    text = run(['-version']);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new RunnerError(`Could not run ${path} -version (${reason}); check that it is a working Terraform or OpenTofu binary.`);
  }
  const match = /v(\d+\.\d+\.\d+\S*)/.exec(text);
  if (!match) throw new RunnerError(`Could not read a version from \`${path} -version\`; check that it is Terraform or OpenTofu.`);
  return match[1];
}

function minimumOf(constraint: string): string {
  const match = /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(constraint.trim());
  if (!match) throw new Error(`ORGANISATION.requiredTerraformVersion must look like ">= 1.10", got "${constraint}"`);
  return match[1];
}

/** Compares x.y.z numerically; a pre-release suffix (1.10.0-beta1) sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core, pre] = version.split('-', 2);
    const parts = core.split('.').map((part) => Number.parseInt(part, 10) || 0);
    return { parts: [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0], pre };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < 3; i++) {
    if (left.parts[i] !== right.parts[i]) return left.parts[i] - right.parts[i];
  }
  if (left.pre && !right.pre) return -1;
  if (!left.pre && right.pre) return 1;
  return 0;
}
