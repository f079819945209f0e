import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const workspaces: string[] = [];

// Every throwaway workspace of a test file goes when the file is done.
afterAll(() => {
  for (const root of workspaces.splice(0)) rmSync(root, { recursive: true, force: true });
});

/**
 * A throwaway workspace with live/<project>/env.yaml files (a project given
 * `null` gets a folder without env.yaml), removed after the test file.
 */
export function tempWorkspace(files: Record<string, string | null>): string {
  const root = mkdtempSync(join(tmpdir(), 'lq3-live-'));
  workspaces.push(root);
  for (const [project, yaml] of Object.entries(files)) {
    mkdirSync(join(root, 'live', project), { recursive: true });
    if (yaml !== null) writeFileSync(join(root, 'live', project, 'env.yaml'), yaml);
  }
  return root;
}

/** A valid single-environment env.yaml, with overridable parts. */
export function envYaml(name: string, overrides: { account?: string; cidr?: string; body?: string } = {}): string {
  const { account = 'staging', cidr = '10.10.0.0/16', body } = overrides;
  return (
    body ??
    `environments:
  ${name}:
    account: ${account}
    dnsZone: example.com
    network:
      cidr: ${cidr}
    apps:
      web:
        hostname: ${name}.example.com
        image: registry.example.com/web
        tag: "1.0.0"
    database:
      engineVersion: "8.0"
      extendedSupport: true
`
  );
}

export type Config = Record<string, unknown>;

/** A staging base env: own VPC, one web app and an API using the database. */
export function baseEnv(name: string, patch: (env: Config) => void = () => {}): Config {
  return changed(
    {
      account: 'staging',
      dnsZone: 'example.com',
      network: { cidr: '10.10.0.0/16' },
      apps: {
        web: { hostname: `${name}.example.com`, image: 'registry.example.com/web', tag: '1.0.0' },
        api: { hostname: `${name}-api.example.com`, image: 'registry.example.com/api', tag: '1.0.0', usesDatabase: true },
      },
      database: { engineVersion: '8.0', extendedSupport: true },
      jobs: { nightly: { schedule: 'cron(0 4 * * ? *)', command: ['bin/console', 'app:export'] } },
    },
    patch,
  );
}

/** A production base env with every safeguard production needs. */
export function productionEnv(name: string, patch: (env: Config) => void = () => {}): Config {
  return baseEnv(name, (env) => {
    env.account = 'production';
    env.network = { cidr: '10.20.0.0/16', azCount: 3, nat: 'perAz' };
    env.deployment = { strategy: 'blueGreen' };
    env.alb = { deletionProtection: true };
    for (const app of Object.values(env.apps as Record<string, Config>)) app.desiredCount = 2;
    env.database = { engineVersion: '8.0', extendedSupport: true, multiAz: true, readReplicas: 1, backupRetentionDays: 14, deletionProtection: true };
    patch(env);
  });
}

/** A disposable copy of `base`: its VPC, a restore of its database, office hours. */
export function copyEnv(name: string, base: string, patch: (env: Config) => void = () => {}): Config {
  return baseEnv(name, (env) => {
    env.disposable = { infrastructure: true, data: true };
    env.network = { reuse: base };
    env.database = { engineVersion: '8.0', extendedSupport: true, restoreFromLatestSnapshotOf: `lq3-${base}-mysql` };
    env.officeHours = {};
    // Its database is stopped outside office hours (ADR 0013): the job runs inside them.
    env.jobs = { nightly: { schedule: 'cron(0 12 ? * MON-FRI *)', command: ['bin/console', 'app:export'] } };
    patch(env);
  });
}

/** `env.yaml` text holding these environments. */
export function envFile(environments: Record<string, Config>): string {
  return stringify({ environments });
}

function changed(config: Config, patch: (env: Config) => void): Config {
  const copy = structuredClone(config);
  patch(copy);
  return copy;
}

/**
 * A pinned env's env.yaml as the workspace schema needs it: the edits its promotion to
 * a release of this shared layer makes (docs/operations.md, "Promoting the day-2 release").
 * Pinned envs keep the schema of the release they run until then (ADR 0011).
 */
export function promotedEnvYaml(yaml: string): string {
  return yaml.replace(/^( +)engineVersion: "8\.0\.\d+"$/gm, '$1engineVersion: "8.0"');
}
