/**
 * Makes `nx release` all-or-nothing. Nx writes the new versions, then runs our
 * hook (lockfile, dependents, artifacts), then writes changelogs, commits and
 * tags — and stops wherever a step fails (a compile error in the release build,
 * a rejected commit, a tag that exists). The transaction starts in the hook,
 * when the versions are on disk, and remembers every file the release touches;
 * if the process then exits with an error (or is interrupted) before the
 * release commit and all its tags exist, it puts those files, HEAD and the
 * tags back as they were. Files it did not touch are never reset.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dirtyPaths, git, headCommit, tagExists, tagsAt } from './git';

export interface Bump {
  readonly project: string;
  readonly name: string;
  readonly root: string;
  readonly from: string;
  readonly to: string;
}

export class ReleaseTransaction {
  private readonly touched = new Set<string>();
  private finished = false;
  private readonly onExit = (code: number) => {
    if (code !== 0) this.rollbackIfIncomplete();
  };
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.rollbackIfIncomplete();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  private constructor(
    readonly workspaceRoot: string,
    readonly startCommit: string,
    readonly bumps: readonly Bump[],
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Starts a transaction for `bumps` (already written by Nx). Refuses — after
   * undoing Nx's writes — when anything else in the working tree is changed:
   * a release commits exactly what it made.
   */
  static begin(workspaceRoot: string, bumps: readonly Bump[], releaseManifests: readonly string[], log: (line: string) => void = console.error): ReleaseTransaction {
    const transaction = new ReleaseTransaction(workspaceRoot, headCommit(workspaceRoot), bumps, log);
    releaseManifests.forEach((file) => transaction.touch(file));
    const foreign = dirtyPaths(workspaceRoot).filter((path) => !transaction.touched.has(path));
    if (foreign.length > 0) {
      transaction.rollback();
      throw new Error(`a release starts from a clean working tree; commit or stash these first: ${foreign.join(', ')}`);
    }
    process.on('exit', transaction.onExit);
    process.once('SIGINT', transaction.onSignal);
    process.once('SIGTERM', transaction.onSignal);
    return transaction;
  }

  /** The tags the release must end with, `<project>@<version>`. */
  get tags(): string[] {
    return this.bumps.map((bump) => `${bump.project}@${bump.to}`);
  }

  /** Records a workspace-relative file the release writes (before or after writing it). */
  touch(file: string): void {
    this.touched.add(file);
  }

  /** True once HEAD is a new commit carrying every release tag. */
  committed(): boolean {
    const head = headCommit(this.workspaceRoot);
    if (head === this.startCommit) return false;
    const tags = new Set(tagsAt(this.workspaceRoot, head));
    return this.tags.every((tag) => tags.has(tag));
  }

  rollbackIfIncomplete(): void {
    if (this.finished) return;
    this.finished = true;
    this.detach();
    if (this.committed()) return;
    this.log(`release incomplete: restoring ${this.startCommit.slice(0, 12)} (${[...this.touched].sort().join(', ')}) and removing its tags`);
    this.rollback();
  }

  /** Puts HEAD, the index, the touched files and the tags back as they were at the start. */
  rollback(): void {
    const root = this.workspaceRoot;
    for (const tag of this.tags) {
      if (tagExists(root, tag) && !tagsAt(root, this.startCommit).includes(tag)) git(root, ['tag', '-d', tag]);
    }
    if (headCommit(root) !== this.startCommit) {
      const isAncestor = git(root, ['merge-base', this.startCommit, 'HEAD']) === this.startCommit;
      if (!isAncestor) throw new Error(`cannot roll back: HEAD no longer descends from ${this.startCommit}`);
      git(root, ['reset', '--quiet', '--soft', this.startCommit]);
    }
    const files = [...this.touched];
    const tracked = new Set(git(root, ['ls-tree', '-r', '--name-only', this.startCommit, '--', ...files]).split('\n').filter(Boolean));
    const added = files.filter((file) => !tracked.has(file));
    if (tracked.size > 0) {
      git(root, ['reset', '--quiet', this.startCommit, '--', ...tracked]);
      git(root, ['checkout', this.startCommit, '--', ...tracked]);
    }
    for (const file of added) {
      git(root, ['rm', '--cached', '--quiet', '--ignore-unmatch', '--', file]);
      if (existsSync(join(root, file))) rmSync(join(root, file), { force: true });
    }
  }

  private detach(): void {
    process.removeListener('exit', this.onExit);
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
  }
}
