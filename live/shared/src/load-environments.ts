/**
 * Reads and validates env.yaml files. Cross-file rules (unique names, no
 * overlapping CIDRs within an account, copies pointing at a real base env in
 * the same account and region) are checked against every sibling live project,
 * so a bad config fails the synth of the project that introduced it; the Nx
 * graph makes a copy depend on its bases, so a change to a base re-checks them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cidrsOverlap } from '@lq3/vpc';
import type { z } from 'zod';
import { ACCOUNTS_FILE, checkAccounts } from './accounts';
import { ConfigError, ConfigErrors } from './config-error';
import { envFileSchema, toEnvironment, type Environment } from './environment';
import { sharedLoadBalancerProblems } from './copy-environments';
import { isProductionBase } from './edge-config';
import { MAX_JOB_RESOURCE_NAME } from './environment-rules';
import { resourceName } from './organisation';
import { readPlainYaml } from './yaml-data';

export const ENV_FILE_NAME = 'env.yaml';

/** Loads the env file of one live project and checks it against its siblings. */
export function loadProjectEnvironments(projectDir: string, workspaceRoot = join(projectDir, '..', '..')): Environment[] {
  checkAccounts(displayName(ACCOUNTS_FILE, workspaceRoot));
  const file = join(projectDir, ENV_FILE_NAME);
  const own = parseEnvFile(file, workspaceRoot);
  const siblings = siblingEnvFiles(projectDir).flatMap((sibling) => {
    try {
      return parseEnvFile(sibling, workspaceRoot);
    } catch {
      return []; // a broken sibling fails its own synth, not this one
    }
  });
  checkAcrossFiles(own, siblings);
  return own;
}

export function parseEnvFile(file: string, workspaceRoot: string): Environment[] {
  const shown = displayName(file, workspaceRoot);
  if (!existsSync(file)) throw new ConfigError(shown, '', `file not found; every live project needs one (copy the closest live/*/${ENV_FILE_NAME})`);
  if (!statSync(file).isFile()) throw new ConfigError(shown, '', 'is not a file; expected the environments of this project as YAML');
  const data = readPlainYaml(readFileSync(file, 'utf8'), shown);
  const result = envFileSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw fromZod(shown, result.error);
  return Object.entries(result.data.environments).map(([name, config]) => toEnvironment(name, config, shown));
}

function displayName(file: string, workspaceRoot: string): string {
  return relative(workspaceRoot, file) || file;
}

export function fromZod(file: string, error: z.ZodError): ConfigErrors {
  return new ConfigErrors(flattenIssues(error.issues).map(({ path, message }) => new ConfigError(file, path.map(String).join('.'), message)));
}

/**
 * One message per issue. A union that fails in every branch is reported from the
 * branch that came closest (fewest issues), or by its own message when no branch
 * stands out; an invalid record key by the key rule.
 */
function flattenIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const sizes = issue.errors.map((branch) => branch.length);
      const fewest = Math.min(...sizes);
      if (sizes.filter((size) => size === fewest).length === 1) return flattenIssues(issue.errors[sizes.indexOf(fewest)], path);
    }
    if (issue.code === 'invalid_key') {
      return [{ path, message: `${issue.issues[0]?.message ?? issue.message} (got ${JSON.stringify(issue.input)})` }];
    }
    // Echo the offending value when it is a scalar the message does not name yet; objects would drown it.
    const input = 'input' in issue ? issue.input : undefined;
    const shown = input !== undefined && input !== null && typeof input !== 'object' && !issue.message.includes(JSON.stringify(input));
    const received = shown ? ` (got ${JSON.stringify(input)})` : '';
    return [{ path, message: `${issue.message}${received}` }];
  });
}

function siblingEnvFiles(projectDir: string): string[] {
  const liveDir = join(projectDir, '..');
  return readdirSync(liveDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(liveDir, entry.name, ENV_FILE_NAME))
    .filter((file) => file !== join(projectDir, ENV_FILE_NAME) && existsSync(file));
}

function checkAcrossFiles(own: Environment[], siblings: Environment[]): void {
  const all = [...own, ...siblings];
  const byName = new Map(all.map((env) => [env.name, env]));
  for (const env of own) {
    const field = (path: string) => `environments.${env.name}${path ? `.${path}` : ''}`;
    const duplicate = siblings.find((other) => other.name === env.name);
    if (duplicate) throw new ConfigError(env.sourceFile, field(''), `environment name already used in ${duplicate.sourceFile}`);
    checkNameCollisions(env, all, field);
    checkNetworkAcrossFiles(env, all, byName, field);
    checkCopy(env, byName, field);
    for (const [path, message] of sharedLoadBalancerProblems(env, all)) throw new ConfigError(env.sourceFile, field(path), message);
    // The production base env serving a zone owns its zone-wide settings (ADR 0015): one per zone.
    const zoneOwner = isProductionBase(env) && all.find((other) => other !== env && other.dnsZone === env.dnsZone && isProductionBase(other));
    if (zoneOwner) {
      throw new ConfigError(
        env.sourceFile,
        field('dnsZone'),
        `${zoneOwner.name} (${zoneOwner.sourceFile}) is already the production base env of zone ${env.dnsZone} and owns its settings (SSL, TLS, HSTS; ADR 0015); a second would fight over them, so put this env in another zone or make it a copy`,
      );
    }
    const hostnames = [...env.apps.values()].map((app) => app.hostname);
    const otherHost = all
      .flatMap((other) => (other === env ? [] : [...other.apps.values()].map((app) => ({ other, host: app.hostname }))))
      .find(({ host }) => hostnames.includes(host));
    if (otherHost) {
      throw new ConfigError(env.sourceFile, field('apps'), `hostname ${otherHost.host} is already used by ${otherHost.other.name} (${otherHost.other.sourceFile})`);
    }
  }
}

/** Resource names are `lq3-<env>-<thing>`: limits that depend on the env name, and names that would collide. */
function checkNameCollisions(env: Environment, all: Environment[], field: (path: string) => string): void {
  for (const job of env.jobs.keys()) {
    const name = resourceName(env.name, job);
    if (name.length > MAX_JOB_RESOURCE_NAME) {
      throw new ConfigError(
        env.sourceFile,
        field(`jobs.${job}`),
        `the schedule name ${name} is ${name.length} characters; AWS names derived from it allow ${MAX_JOB_RESOURCE_NAME}, so shorten the job name to ${job.length - (name.length - MAX_JOB_RESOURCE_NAME)} characters or fewer`,
      );
    }
  }
  const extended = all.find((other) => other !== env && other.account === env.account && env.name.startsWith(`${other.name}-`));
  if (extended) {
    throw new ConfigError(
      env.sourceFile,
      field(''),
      `the name ${env.name} extends ${extended.name} (${extended.sourceFile}) in the same ${env.account} account, so resource names lq3-${env.name}-... could collide with ${extended.name}'s; pick a name that does not start with "${extended.name}-"`,
    );
  }
}

function checkNetworkAcrossFiles(env: Environment, all: Environment[], byName: Map<string, Environment>, field: (path: string) => string): void {
  if ('cidr' in env.network) {
    const cidr = env.network.cidr;
    const clash = all.find((other) => other !== env && other.account === env.account && 'cidr' in other.network && cidrsOverlap(cidr, other.network.cidr));
    if (clash && 'cidr' in clash.network) {
      throw new ConfigError(
        env.sourceFile,
        field('network.cidr'),
        `${cidr} overlaps ${clash.network.cidr} of environment ${clash.name} (${clash.sourceFile}) in the same ${env.account} account; pick a disjoint range`,
      );
    }
    return;
  }
  const base = byName.get(env.network.reuse);
  if (!base || !('cidr' in base.network)) {
    throw new ConfigError(env.sourceFile, field('network.reuse'), `no environment named ${env.network.reuse} with its own VPC`);
  }
  if (base.role === 'copy') {
    throw new ConfigError(env.sourceFile, field('network.reuse'), `${base.name} (${base.sourceFile}) is a copy and may be destroyed; reuse a base env's VPC`);
  }
  if (base.account !== env.account || base.region !== env.region) {
    throw new ConfigError(env.sourceFile, field('network.reuse'), `${base.name} lives in ${base.account}/${base.region}, not ${env.account}/${env.region}`);
  }
}

/** A copy restores a base env's snapshot: the base must exist, own its data, and share account and region. */
function checkCopy(env: Environment, byName: Map<string, Environment>, field: (path: string) => string): void {
  if (env.role !== 'copy' || env.copyOf === undefined) return;
  const path = field('database.restoreFromLatestSnapshotOf');
  const base = byName.get(env.copyOf);
  if (!base) throw new ConfigError(env.sourceFile, path, `no environment named ${env.copyOf}, so there is no database ${env.database.restoreFromLatestSnapshotOf} to copy`);
  if (base === env) throw new ConfigError(env.sourceFile, path, 'names this environment\'s own database; a copy restores another (base) environment\'s');
  if (base.role === 'copy') {
    throw new ConfigError(env.sourceFile, path, `${base.name} (${base.sourceFile}) is itself a copy of ${base.copyOf}; restore from the base env's database instead`);
  }
  if (base.account !== env.account || base.region !== env.region) {
    throw new ConfigError(
      env.sourceFile,
      path,
      `${base.name}'s database lives in ${base.account}/${base.region}, not ${env.account}/${env.region}; its snapshots cannot be restored here without sharing, so copy a base env of the same account and region`,
    );
  }
  const major = (version: string) => version.split('.').slice(0, 2).join('.');
  if (Number(major(env.database.engineVersion)) < Number(major(base.database.engineVersion))) {
    throw new ConfigError(
      env.sourceFile,
      field('database.engineVersion'),
      `${env.database.engineVersion} is older than ${base.name}'s ${base.database.engineVersion}; a snapshot restores at its own major version and cannot be downgraded`,
    );
  }
}
