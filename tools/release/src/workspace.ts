/**
 * What the release flow knows about the workspace (ADR 0011): which packages
 * are released (nx.json `release.projects`), where their artifacts live
 * (`releases/<scope>-<name>-<version>.tgz`, the name `npm pack` gives), and how a
 * live project pins the shared layer in its package.json:
 *
 *   "@lq3/live-shared": "file:../shared"                                  tracks the workspace
 *   "@lq3/live-shared": "file:../../releases/lq3-live-shared-0.3.0.tgz"  runs release 0.3.0
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export const SHARED_LAYER = '@lq3/live-shared';
export const SHARED_LAYER_ROOT = 'live/shared';
export const RELEASES_DIR = 'releases';
/** The pin of an env that runs the workspace's shared layer and modules as they are on the branch. */
export const WORKSPACE_PIN = 'file:../shared';

export interface WorkspacePackage {
  /** Nx project name (`nx.name`, else the package name). */
  readonly project: string;
  readonly name: string;
  readonly version: string;
  /** Workspace-relative, e.g. `modules/vpc`. */
  readonly root: string;
  readonly manifest: PackageJson;
}

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  nx?: { name?: string };
  [key: string]: unknown;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function packageAt(workspaceRoot: string, root: string): WorkspacePackage | undefined {
  const file = join(workspaceRoot, root, 'package.json');
  if (!existsSync(file)) return undefined;
  const manifest = readJson<PackageJson>(file);
  return { project: manifest.nx?.name ?? manifest.name, name: manifest.name, version: manifest.version, root, manifest };
}

/** Expands nx.json-style project roots (`modules/*`, `live/shared`) to package folders. */
function expandRoots(workspaceRoot: string, patterns: readonly string[]): string[] {
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    const dir = join(workspaceRoot, parent);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => posix.join(parent, entry.name))
      .sort();
  });
}

/** Every package of the npm workspaces (modules, live projects, tools). */
export function workspacePackages(workspaceRoot: string): WorkspacePackage[] {
  const patterns = readJson<{ workspaces?: string[] }>(join(workspaceRoot, 'package.json')).workspaces ?? [];
  return expandRoots(workspaceRoot, patterns).flatMap((root) => packageAt(workspaceRoot, root) ?? []);
}

/** The released packages: nx.json `release.projects` (the modules and the shared layer). */
export function releasePackages(workspaceRoot: string): WorkspacePackage[] {
  const release = readJson<{ release?: { projects?: string[] } }>(join(workspaceRoot, 'nx.json')).release;
  const roots = expandRoots(workspaceRoot, release?.projects ?? []);
  return roots.flatMap((root) => packageAt(workspaceRoot, root) ?? []);
}

/** `releases/lq3-vpc-0.3.0.tgz` for `@lq3/vpc@0.3.0`. */
export function artifactPath(name: string, version: string): string {
  return `${RELEASES_DIR}/${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

export type Pin = { kind: 'workspace' } | { kind: 'release'; version: string; artifact: string };

const RELEASE_PIN = /^file:\.\.\/\.\.\/(releases\/lq3-live-shared-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz)$/;

/** Reads a live project's pin from its package.json text; throws naming the file on anything else. */
export function parsePin(packageJsonText: string, file: string): Pin {
  const spec = (JSON.parse(packageJsonText) as PackageJson).dependencies?.[SHARED_LAYER];
  if (spec === WORKSPACE_PIN) return { kind: 'workspace' };
  const match = spec === undefined ? null : RELEASE_PIN.exec(spec);
  if (match) return { kind: 'release', artifact: match[1], version: match[2] };
  throw new Error(
    `${file}: dependencies["${SHARED_LAYER}"] is ${JSON.stringify(spec)}; expected "${WORKSPACE_PIN}" (track the workspace) or "file:../../${artifactPath(SHARED_LAYER, '<version>')}" (run a release)`,
  );
}

export function pinSpec(pin: Pin): string {
  return pin.kind === 'workspace' ? WORKSPACE_PIN : `file:../../${pin.artifact}`;
}

export function describePin(pin: Pin): string {
  return pin.kind === 'workspace' ? 'workspace' : pin.version;
}

/** Live projects: live/<name> with an env.yaml, or the account layer's accounts.yaml; the shared layer excluded. */
export function liveProjects(workspaceRoot: string): WorkspacePackage[] {
  const isLive = (root: string) => ['env.yaml', 'accounts.yaml'].some((file) => existsSync(join(workspaceRoot, root, file)));
  return workspacePackages(workspaceRoot).filter((pkg) => pkg.root.startsWith('live/') && pkg.root !== SHARED_LAYER_ROOT && isLive(pkg.root));
}

/** Finds a live project by Nx project name or folder name. */
export function liveProject(workspaceRoot: string, nameOrRoot: string): WorkspacePackage {
  const projects = liveProjects(workspaceRoot);
  const found = projects.find((pkg) => pkg.project === nameOrRoot || pkg.root === nameOrRoot || pkg.root === `live/${nameOrRoot}`);
  if (!found) throw new Error(`no live project "${nameOrRoot}"; live projects: ${projects.map((pkg) => pkg.project).join(', ')}`);
  return found;
}

/** Released versions of the shared layer that have an artifact under releases/, oldest first. */
export function sharedLayerReleases(workspaceRoot: string): string[] {
  const dir = join(workspaceRoot, RELEASES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((file) => /^lq3-live-shared-(.+)\.tgz$/.exec(file)?.[1])
    .filter((version): version is string => version !== undefined)
    .sort(compareVersions);
}

/** Semver order for the plain x.y.z[-pre] versions releases use. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core, pre] = version.split('-', 2);
    return { parts: core.split('.').map(Number), pre };
  };
  const left = parse(a);
  const right = parse(b);
  for (let index = 0; index < 3; index += 1) {
    const difference = (left.parts[index] ?? 0) - (right.parts[index] ?? 0);
    if (difference !== 0) return difference;
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === undefined) return 1;
  if (right.pre === undefined) return -1;
  return left.pre.localeCompare(right.pre, 'en', { numeric: true });
}
