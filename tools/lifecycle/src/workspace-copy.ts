/**
 * The lifecycle test edits env.yaml files (an image tag, `enabled`), so it runs
 * in a copy of the workspace: the sources as they are now (uncommitted edits
 * included), with every node_modules and .venv linked from the checkout (so an
 * env pinning a module release runs that release, as in the checkout), and a
 * fresh Nx cache. The checkout itself is never written to.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

/** Generated or machine-local: never copied. */
const SKIPPED = new Set(['.git', '.nx', 'tfplan', 'coverage', 'dist', '__pycache__', '.terraform']);
/** Installed, not sources: linked from the checkout wherever they are (an env pinning a release has its own node_modules). */
const LINKED = new Set(['node_modules', '.venv']);

export interface WorkspaceCopy {
  readonly root: string;
  /** Rewrites live/<project>/env.yaml through `edit`; throws if the edit changed nothing. */
  editEnv(project: string, edit: (yaml: string) => string): void;
  remove(): void;
}

export function copyWorkspace(workspaceRoot: string): WorkspaceCopy {
  const parent = mkdtempSync(join(tmpdir(), 'lq3-lifecycle-'));
  const root = join(parent, 'workspace');
  mkdirSync(root);
  const links: string[] = [];
  cpSync(workspaceRoot, root, {
    recursive: true,
    filter: (source) => {
      const name = basename(source);
      if (LINKED.has(name)) links.push(relative(workspaceRoot, source));
      return !SKIPPED.has(name) && !LINKED.has(name) && !name.startsWith('cdktf.out');
    },
  });
  for (const link of links) symlinkSync(join(workspaceRoot, link), join(root, link));
  return {
    root,
    editEnv(project, edit) {
      const file = join(root, 'live', project, 'env.yaml');
      const before = readFileSync(file, 'utf8');
      const after = edit(before);
      if (after === before) throw new Error(`the edit of ${file} changed nothing`);
      writeFileSync(file, after);
    },
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}
