/**
 * Promotion and rollback of one live project: its pin in live/<project>/package.json
 * moves to another shared-layer release (or to the workspace), as a one-line
 * textual edit, and `npm install` brings the lockfile and node_modules along.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pinnedReleaseSet, type ReleaseSet, releaseSetChanges, releaseSetOf } from './release-set';
import { readTarballManifest } from './tarball';
import { artifactPath, describePin, liveProject, type Pin, pinSpec, SHARED_LAYER, sharedLayerReleases } from './workspace';

export interface Promotion {
  readonly project: string;
  readonly file: string;
  readonly from: Pin;
  readonly to: Pin;
  /** `@lq3/vpc 0.2.0 → 0.3.0`, one per package whose version changes. */
  readonly changes: string[];
}

/**
 * Resolves `target` — a shared-layer version, `latest` (the newest release
 * under releases/) or `workspace` — to a pin.
 */
export function resolveTarget(workspaceRoot: string, target: string): Pin {
  if (target === 'workspace') return { kind: 'workspace' };
  const releases = sharedLayerReleases(workspaceRoot);
  const version = target === 'latest' ? releases.at(-1) : target.replace(/^v/, '');
  if (version === undefined) throw new Error('there is no shared layer release under releases/ yet');
  const artifact = artifactPath(SHARED_LAYER, version);
  if (!existsSync(join(workspaceRoot, artifact))) {
    throw new Error(`${SHARED_LAYER}@${version} has no artifact (${artifact}); released versions: ${releases.join(', ') || 'none'}`);
  }
  return { kind: 'release', version, artifact };
}

/** Changes the pin of `project` to `target` and updates the lockfile; `install: false` leaves npm alone (tests, dry runs). */
export function promote(workspaceRoot: string, project: string, target: string, options: { install?: boolean } = {}): Promotion {
  const pkg = liveProject(workspaceRoot, project);
  const file = `${pkg.root}/package.json`;
  const before = pinnedReleaseSet(workspaceRoot, pkg.root);
  const to = resolveTarget(workspaceRoot, target);
  const after = releaseSetOfPin(workspaceRoot, to);
  const text = readFileSync(join(workspaceRoot, file), 'utf8');
  const pattern = new RegExp(`("${SHARED_LAYER.replace('/', '\\/')}"\\s*:\\s*")${escape(pinSpec(before.pin))}"`);
  if (!pattern.test(text)) throw new Error(`${file}: cannot find the pin ${JSON.stringify(pinSpec(before.pin))} to change`);
  writeFileSync(join(workspaceRoot, file), text.replace(pattern, `$1${pinSpec(to)}"`));
  if (options.install !== false) {
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: workspaceRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      execFileSync(process.execPath, [join(workspaceRoot, 'tools', 'complete-lockfile.mjs')], { cwd: workspaceRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      writeFileSync(join(workspaceRoot, file), text);
      const failed = error as { stderr?: Buffer };
      throw new Error(`npm install failed, ${file} left as it was: ${failed.stderr?.toString().trim() ?? String(error)}`);
    }
  }
  return { project: pkg.project, file, from: before.pin, to, changes: releaseSetChanges(before.versions, after) };
}

export function releaseSetOfPin(workspaceRoot: string, pin: Pin): ReleaseSet {
  if (pin.kind === 'release') return releaseSetOf(readTarballManifest(join(workspaceRoot, pin.artifact)));
  return releaseSetOf(JSON.parse(readFileSync(join(workspaceRoot, 'live', 'shared', 'package.json'), 'utf8')));
}

export function describePromotion(promotion: Promotion): string {
  const header = `${promotion.project}: ${SHARED_LAYER} ${describePin(promotion.from)} → ${describePin(promotion.to)} (${promotion.file})`;
  return [header, ...promotion.changes.map((change) => `  ${change}`)].join('\n');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
