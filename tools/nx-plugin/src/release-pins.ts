/**
 * Module releases in the Nx graph (ADR 0011).
 *
 * A live project pins the shared layer in its package.json, either to the
 * workspace (`file:../shared`: Nx links it to the live-shared project, so every
 * module change reaches it) or to a release artifact
 * (`file:../../releases/lq3-live-shared-<version>.tgz`: npm installs that
 * tarball, and Nx sees an npm package, not the workspace project — a module
 * change does not reach the env; promoting it changes its own package.json).
 * The artifact is made an input of the targets that run it, so a cached synth
 * can never outlive the release it was made from.
 *
 * Released packages publish their committed artifact (tools/release), never the
 * TypeScript folder @nx/js would pack.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';

const SHARED_LAYER = '@lq3/live-shared';
const RELEASE_PIN = /^file:\.\.\/\.\.\/(releases\/[^/]+\.tgz)$/;
const PINNED_TARGETS = ['synth', 'test', 'typecheck'];

/** Adds the pinned release artifact of a live project as an input of the targets that load it. */
export function addReleasePinInputs(targets: Record<string, TargetConfiguration>, workspaceRoot: string, projectRoot: string): void {
  const artifact = pinnedArtifact(workspaceRoot, projectRoot);
  if (!artifact) return;
  for (const name of PINNED_TARGETS) {
    const target = targets[name];
    if (target) target.inputs = [...(target.inputs ?? []), `{workspaceRoot}/${artifact}`];
  }
}

/** `releases/<file>.tgz` when the live project runs a release, else undefined. */
export function pinnedArtifact(workspaceRoot: string, projectRoot: string): string | undefined {
  const file = join(workspaceRoot, projectRoot, 'package.json');
  if (!existsSync(file)) return undefined;
  const spec = (JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> }).dependencies?.[SHARED_LAYER];
  return spec === undefined ? undefined : RELEASE_PIN.exec(spec)?.[1];
}

/** nx.json `release.projects` roots (`modules/*`, `live/shared`) matched against a project root. */
export function isReleasedProject(workspaceRoot: string, projectRoot: string): boolean {
  const nxJson = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8')) as { release?: { projects?: string[] } };
  return (nxJson.release?.projects ?? []).some((pattern) =>
    pattern.endsWith('/*') ? projectRoot.startsWith(pattern.slice(0, -1)) && !projectRoot.slice(pattern.length - 1).includes('/') : projectRoot === pattern,
  );
}

/** `nx release publish` runs this per released project: the committed artifact, to the private registry. */
export function releasePublishTarget(projectName: string): Record<string, TargetConfiguration> {
  return {
    'nx-release-publish': {
      command: `node tools/release/bin/release.cjs publish --project ${projectName}`,
      cache: false,
    },
  };
}
