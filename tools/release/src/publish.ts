/**
 * Publishes release artifacts — the committed tarballs themselves, byte for
 * byte — to the private npm registry (AWS CodeArtifact in production; any npm
 * registry works). Idempotent: a version the registry already holds with the
 * same integrity is skipped, with a different one is an error (versions are
 * immutable). The public registry is refused: @lq3 packages never leave LQ3.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactPath, releasePackages } from './workspace';

export interface PublishOptions {
  readonly registry: string;
  /** Nx project names; default every released package at its current version. */
  readonly projects?: readonly string[];
  readonly tag?: string;
  readonly dryRun?: boolean;
  /** Extra environment for npm (e.g. npm_config_userconfig in tests). */
  readonly env?: NodeJS.ProcessEnv;
}

export type PublishOutcome = 'published' | 'already published' | 'would publish';

export interface PublishResult {
  readonly name: string;
  readonly version: string;
  readonly artifact: string;
  readonly outcome: PublishOutcome;
}

const PUBLIC_REGISTRIES = [/^https?:\/\/registry\.npmjs\.(org|com)\b/i, /^https?:\/\/registry\.yarnpkg\.com\b/i];

export function checkRegistry(registry: string | undefined): string {
  if (!registry) throw new Error('no registry: pass --registry <url> or set LQ3_NPM_REGISTRY (the private registry, e.g. the CodeArtifact repository endpoint)');
  if (!/^https?:\/\//.test(registry)) throw new Error(`registry ${registry} is not an http(s) URL`);
  if (PUBLIC_REGISTRIES.some((pattern) => pattern.test(registry))) throw new Error(`refusing to publish @lq3 packages to the public registry ${registry}`);
  return registry.endsWith('/') ? registry : `${registry}/`;
}

/** npm's `integrity` of a file: sha512, base64. */
export function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

export function publish(workspaceRoot: string, options: PublishOptions): PublishResult[] {
  const registry = checkRegistry(options.registry);
  const selected = releasePackages(workspaceRoot).filter((pkg) => !options.projects?.length || options.projects.includes(pkg.project));
  const unknown = (options.projects ?? []).filter((project) => !selected.some((pkg) => pkg.project === project));
  if (unknown.length > 0) throw new Error(`not released packages: ${unknown.join(', ')}`);
  const npm = (args: string[]) =>
    execFileSync('npm', [...args, '--registry', registry], { cwd: workspaceRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  return selected.map((pkg) => {
    const artifact = artifactPath(pkg.name, pkg.version);
    const file = join(workspaceRoot, artifact);
    if (!existsSync(file)) throw new Error(`${pkg.name}@${pkg.version} has no artifact ${artifact}; release it first (nx release)`);
    const local = integrityOf(file);
    const published = publishedIntegrity(npm, `${pkg.name}@${pkg.version}`);
    if (published !== undefined) {
      if (published !== local) throw new Error(`${pkg.name}@${pkg.version} is already in ${registry} with different contents (${published}, ours ${local}); versions are immutable`);
      return { name: pkg.name, version: pkg.version, artifact, outcome: 'already published' };
    }
    if (options.dryRun) return { name: pkg.name, version: pkg.version, artifact, outcome: 'would publish' };
    npm(['publish', file, '--ignore-scripts', '--tag', options.tag ?? 'latest']);
    return { name: pkg.name, version: pkg.version, artifact, outcome: 'published' };
  });
}

function publishedIntegrity(npm: (args: string[]) => string, spec: string): string | undefined {
  try {
    const output = npm(['view', spec, 'dist.integrity', '--json']).trim();
    return output ? (JSON.parse(output) as string) : undefined;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    if (/E404|404 Not Found|is not in this registry/.test(`${failed.stdout ?? ''}${failed.stderr ?? ''}`)) return undefined;
    throw new Error(`cannot read ${spec} from the registry: ${`${failed.stderr ?? ''}`.trim() || String(error)}`);
  }
}
