/**
 * nx.json `release.version.versionActions`: Nx's own JavaScript version
 * actions, plus an `afterAllProjectsVersioned` hook that makes the release
 * complete and all-or-nothing (ADR 0011). Once Nx has written the new versions
 * (the shared layer's exact module dependencies included) it:
 *
 *  1. checks each bumped package's previous version is tagged (without the tag
 *     Nx would read every commit since the beginning as unreleased);
 *  2. starts the transaction (transaction.ts): from here on, a failure in any
 *     later step — ours, the changelog, the commit, the tags — restores the tree;
 *  3. updates every other workspace package that pins a bumped package exactly
 *     (tools, the tracking envs are `file:` links and need nothing), so the
 *     lockfile update cannot look for a version no registry has;
 *  4. updates the lockfile (Nx's own step, then tools/complete-lockfile.mjs);
 *  5. builds the new versions' artifacts into releases/ (artifacts.ts).
 *
 * Every file it writes is returned to Nx, which stages and commits it with the
 * versions and changelogs, then tags `<project>@<version>`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JsVersionActions, { afterAllProjectsVersioned as updateLockFile } from '@nx/js/src/release/version-actions';
import type { AfterAllProjectsVersioned } from 'nx/release';
import { buildMissingArtifacts, missingArtifacts } from './artifacts';
import { tagExists } from './git';
import { type Bump, ReleaseTransaction } from './transaction';
import { type PackageJson, releasePackages, workspacePackages } from './workspace';

export default JsVersionActions;

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

export const afterAllProjectsVersioned: AfterAllProjectsVersioned = async (cwd, options) => {
  const log = (line: string) => console.log(`  [lq3 release] ${line}`);
  const bumps = bumpsSinceHead(cwd);
  const untagged = bumps.filter((bump) => !tagExists(cwd, `${bump.project}@${bump.from}`));
  if (untagged.length > 0) {
    const message = `no release tag for ${untagged.map((bump) => `${bump.project}@${bump.from}`).join(', ')}: Nx would count every commit as unreleased. Tag the released versions first: node tools/release/bin/release.cjs baseline`;
    if (options.dryRun) {
      log(`warning: ${message}`);
    } else {
      restoreManifests(cwd);
      throw new Error(message);
    }
  }
  if (options.dryRun) {
    const artifacts = missingArtifacts(cwd);
    if (artifacts.length > 0) log(`would build ${artifacts.map((pkg) => `${pkg.name}@${pkg.version}`).join(', ')} into releases/`);
    return updateLockFile(cwd, options);
  }
  if (bumps.length === 0) return { changedFiles: [], deletedFiles: [] };

  const releaseManifests = releasePackages(cwd).map((pkg) => `${pkg.root}/package.json`);
  const transaction = ReleaseTransaction.begin(cwd, bumps, releaseManifests, log);
  try {
    for (const pkg of releasePackages(cwd)) transaction.touch(`${pkg.root}/CHANGELOG.md`);
    transaction.touch('package-lock.json');
    const dependents = updateOtherDependents(cwd, bumps, transaction);
    const lock = await updateLockFile(cwd, options);
    execFileSync(process.execPath, [join(cwd, 'tools', 'complete-lockfile.mjs')], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const artifacts = buildMissingArtifacts(cwd, (line) => {
      log(line);
    });
    artifacts.forEach((file) => transaction.touch(file));
    return { changedFiles: [...dependents, ...lock.changedFiles, ...artifacts], deletedFiles: [] };
  } catch (error) {
    transaction.rollbackIfIncomplete();
    throw error;
  }
};

/** Release packages whose version on disk differs from HEAD's. */
function bumpsSinceHead(cwd: string): Bump[] {
  return releasePackages(cwd).flatMap((pkg) => {
    const from = (JSON.parse(execFileSync('git', ['show', `HEAD:${pkg.root}/package.json`], { cwd, encoding: 'utf8' })) as PackageJson).version;
    return from === pkg.version ? [] : [{ project: pkg.project, name: pkg.name, root: pkg.root, from, to: pkg.version }];
  });
}

/** Undoes Nx's version writes (before any transaction exists). */
function restoreManifests(cwd: string): void {
  const manifests = releasePackages(cwd).map((pkg) => `${pkg.root}/package.json`);
  execFileSync('git', ['checkout', 'HEAD', '--', ...manifests], { cwd });
}

/**
 * Workspace packages outside the release (tools) that pin a bumped package at
 * exactly its previous version now pin the new one — what Nx's updateDependents
 * does inside the release group. Returns the files changed.
 */
function updateOtherDependents(cwd: string, bumps: readonly Bump[], transaction: ReleaseTransaction): string[] {
  const released = new Set(releasePackages(cwd).map((pkg) => pkg.root));
  const changed: string[] = [];
  for (const pkg of workspacePackages(cwd).filter((candidate) => !released.has(candidate.root))) {
    const file = join(cwd, pkg.root, 'package.json');
    let text = readFileSync(file, 'utf8');
    const manifest = JSON.parse(text) as PackageJson;
    for (const bump of bumps) {
      for (const field of DEPENDENCY_FIELDS) {
        const dependencies = manifest[field] as Record<string, string> | undefined;
        if (dependencies?.[bump.name] !== bump.from) continue;
        // A textual edit keeps the file's formatting: the diff is the version alone.
        text = text.replace(new RegExp(`("${escape(bump.name)}"\\s*:\\s*")${escape(bump.from)}"`), `$1${bump.to}"`);
      }
    }
    if (text === readFileSync(file, 'utf8')) continue;
    transaction.touch(`${pkg.root}/package.json`);
    writeFileSync(file, text);
    changed.push(`${pkg.root}/package.json`);
  }
  return changed;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
