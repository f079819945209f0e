/**
 * The lifecycle test edits env.yaml files (an image tag, `enabled`), so it runs
 * in a copy of the workspace: the sources as they are now (uncommitted edits
 * included), with node_modules and .venv linked from the checkout, and a fresh
 * Nx cache. The checkout itself is never written to.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Generated or machine-local: never copied. */
const SKIPPED = new Set(['node_modules', '.git', '.nx', '.venv', 'tfplan', 'coverage', 'dist', '__pycache__', '.terraform']);

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
  cpSync(workspaceRoot, root, {
    recursive: true,
    filter: (source) => {
      const name = basename(source);
      return !SKIPPED.has(name) && !name.startsWith('cdktf.out');
    },
  });
  for (const linked of ['node_modules', '.venv']) symlinkSync(join(workspaceRoot, linked), join(root, linked));
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
