/**
 * Reads and validates env.yaml files. Cross-file rules (unique names, no
 * overlapping CIDRs within an account, `network.reuse` pointing at a real base
 * env) are checked against every sibling live project, so a bad config fails
 * the synth of the project that introduced it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cidrsOverlap } from '@lq3/vpc';
import type { z } from 'zod';
import { ACCOUNTS_FILE, checkAccounts } from './accounts';
import { ConfigError, ConfigErrors } from './config-error';
import { envFileSchema, toEnvironment, type Environment } from './environment';
import { readPlainYaml } from './yaml-data';

export const ENV_FILE_NAME = 'env.yaml';

/** Loads the env file of one live project and checks it against its siblings. */
export function loadProjectEnvironments(projectDir: string, workspaceRoot = join(projectDir, '..', '..')): Environment[] {
  checkAccounts(relative(workspaceRoot, ACCOUNTS_FILE));
  const file = join(projectDir, ENV_FILE_NAME);
  const own = parseEnvFile(file, workspaceRoot);
  const siblings = siblingEnvFiles(projectDir)
    .flatMap((sibling) => {
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
  const displayName = relative(workspaceRoot, file) || file;
  if (!existsSync(file)) throw new ConfigError(displayName, '', `file not found; every live project needs one (copy the closest live/*/${ENV_FILE_NAME})`);
  if (!statSync(file).isFile()) throw new ConfigError(displayName, '', 'is not a file; expected the environments of this project as YAML');
  const data = readPlainYaml(readFileSync(file, 'utf8'), displayName);
  const result = envFileSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw fromZod(displayName, result.error);
  return Object.entries(result.data.environments).map(([name, config]) => toEnvironment(name, config, displayName));
}

function fromZod(file: string, error: z.ZodError): ConfigErrors {
  return new ConfigErrors(
    error.issues.map((issue) => {
      const fieldPath = issue.path.map(String).join('.');
      // Echo the offending value when it is a scalar; objects would drown the message.
      const input = 'input' in issue ? issue.input : undefined;
      const received = input !== undefined && typeof input !== 'object' ? ` (got ${JSON.stringify(input)})` : '';
      return new ConfigError(file, fieldPath, `${issue.message}${received}`);
    }),
  );
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
  for (const env of own) {
    const field = (path: string) => `environments.${env.name}.${path}`;
    const duplicate = siblings.find((other) => other.name === env.name);
    if (duplicate) throw new ConfigError(env.sourceFile, `environments.${env.name}`, `environment name already used in ${duplicate.sourceFile}`);

    if ('cidr' in env.network) {
      const cidr = env.network.cidr;
      const clash = all.find(
        (other) => other !== env && other.account === env.account && 'cidr' in other.network && cidrsOverlap(cidr, other.network.cidr),
      );
      if (clash && 'cidr' in clash.network) {
        throw new ConfigError(
          env.sourceFile,
          field('network.cidr'),
          `${cidr} overlaps ${clash.network.cidr} of environment ${clash.name} (${clash.sourceFile}) in the same ${env.account} account; pick a disjoint range`,
        );
      }
    } else {
      const baseName = env.network.reuse;
      const base = all.find((other) => other.name === baseName);
      if (!base || !('cidr' in base.network)) {
        throw new ConfigError(env.sourceFile, field('network.reuse'), `no environment named ${baseName} with its own VPC`);
      }
      if (base.account !== env.account || base.region !== env.region) {
        throw new ConfigError(env.sourceFile, field('network.reuse'), `${baseName} lives in ${base.account}/${base.region}, not ${env.account}/${env.region}`);
      }
    }
    const hostnames = Object.values(env.apps).map((app) => app.hostname);
    for (const [appName, app] of Object.entries(env.apps)) {
      if (!app.hostname.endsWith(`.${env.dnsZone}`) && app.hostname !== env.dnsZone) {
        throw new ConfigError(env.sourceFile, field(`apps.${appName}.hostname`), `${app.hostname} is not inside the dnsZone ${env.dnsZone}`);
      }
      if (hostnames.indexOf(app.hostname) !== hostnames.lastIndexOf(app.hostname)) {
        throw new ConfigError(env.sourceFile, field(`apps.${appName}.hostname`), `${app.hostname} is used by two apps`);
      }
      if (app.origin === 'legacy' && !env.legacyOrigin) {
        throw new ConfigError(env.sourceFile, field(`apps.${appName}.origin`), 'origin legacy needs legacyOrigin set on the environment');
      }
    }
    const otherHost = all.flatMap((other) => (other === env ? [] : Object.values(other.apps).map((app) => ({ other, host: app.hostname }))))
      .find(({ host }) => hostnames.includes(host));
    if (otherHost) {
      throw new ConfigError(env.sourceFile, field('apps'), `hostname ${otherHost.host} is already used by ${otherHost.other.name} (${otherHost.other.sourceFile})`);
    }
  }
}
