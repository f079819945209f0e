/**
 * The release set of a live project: the shared layer version it runs and the
 * exact module versions that version depends on, read from what its pin points
 * at — the shared layer's package.json in the workspace, or the one inside the
 * pinned tarball. Read from disk or from any git commit, so the plan can show
 * the versions before and after a change (`vpc 0.2.0 → 0.3.0`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { tarballManifest } from './tarball';
import { parsePin, type PackageJson, type Pin, SHARED_LAYER, SHARED_LAYER_ROOT } from './workspace';

/** Package name -> version: the shared layer and every @lq3 module it bundles or links. */
export type ReleaseSet = Record<string, string>;

export interface PinnedReleaseSet {
  readonly pin: Pin;
  readonly versions: ReleaseSet;
}

type ReadFile = (path: string) => Buffer;

/** Reads workspace-relative files from the working tree, or from `commit` when given. */
export function fileReader(workspaceRoot: string, commit?: string): ReadFile {
  if (commit === undefined) return (path) => readFileSync(join(workspaceRoot, path));
  return (path) => execFileSync('git', ['show', `${commit}:${path}`], { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The release set of the shared layer described by `manifest` (its own version plus its @lq3 dependencies). */
export function releaseSetOf(manifest: Pick<PackageJson, 'name' | 'version' | 'dependencies'>): ReleaseSet {
  const versions: ReleaseSet = { [manifest.name]: manifest.version };
  for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
    if (name.startsWith('@lq3/')) versions[name] = version;
  }
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
}

/** What `projectRoot` (e.g. `live/production01`) runs, in the working tree or at `commit`. */
export function pinnedReleaseSet(workspaceRoot: string, projectRoot: string, commit?: string): PinnedReleaseSet {
  const read = fileReader(workspaceRoot, commit);
  const packageJsonPath = posix.join(projectRoot, 'package.json');
  const pin = parsePin(read(packageJsonPath).toString('utf8'), packageJsonPath);
  if (pin.kind === 'workspace') {
    const manifest = JSON.parse(read(posix.join(SHARED_LAYER_ROOT, 'package.json')).toString('utf8')) as PackageJson;
    return { pin, versions: releaseSetOf(manifest) };
  }
  const manifest = tarballManifest(read(pin.artifact));
  if (manifest.name !== SHARED_LAYER || manifest.version !== pin.version) {
    throw new Error(`${pin.artifact} holds ${manifest.name}@${manifest.version}, not ${SHARED_LAYER}@${pin.version}`);
  }
  return { pin, versions: releaseSetOf(manifest) };
}

/** One line per package whose version differs: `@lq3/vpc 0.2.0 → 0.3.0` (`—` for absent). */
export function releaseSetChanges(before: ReleaseSet, after: ReleaseSet): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.filter((name) => before[name] !== after[name]).map((name) => `${name} ${before[name] ?? '—'} → ${after[name] ?? '—'}`);
}
