import { execFileSync } from 'node:child_process';

export function git(workspaceRoot: string, args: readonly string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** `git status --porcelain` paths (both sides of a rename), untracked files included. */
export function dirtyPaths(workspaceRoot: string): string[] {
  const output = execFileSync('git', ['status', '--porcelain', '-z', '--untracked-files=all'], { cwd: workspaceRoot, encoding: 'utf8' });
  const paths: string[] = [];
  const records = output.split('\0').filter(Boolean);
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index];
    paths.push(record.slice(3));
    if (record[0] === 'R' || record[0] === 'C') index += 1; // the rename's source follows
  }
  return paths;
}

export function tagsAt(workspaceRoot: string, commit: string): string[] {
  return git(workspaceRoot, ['tag', '--points-at', commit]).split('\n').filter(Boolean);
}

export function tagExists(workspaceRoot: string, tag: string): boolean {
  try {
    git(workspaceRoot, ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}`]);
    return true;
  } catch {
    return false;
  }
}

export function headCommit(workspaceRoot: string): string {
  return git(workspaceRoot, ['rev-parse', 'HEAD']);
}
