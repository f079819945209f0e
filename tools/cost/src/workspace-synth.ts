/**
 * Every live project synthesized with the workspace's shared layer, into a private temporary
 * workspace (the env files are copied; synth cross-checks siblings): what the docs table and
 * the tests estimate. A project pinned to a release synthesizes its release in `cdktf.out`;
 * here it gets the workspace code, i.e. what its next promotion brings (ADR 0011).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeEnvironment, ENV_FILE_NAME, synthProject } from '@lq3/live-shared';
import { parseDocument } from 'yaml';
import { estimateProject, type EstimateOptions, type ProjectEstimate } from './project';

export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

/** Live projects (folders of live/ with an env.yaml), sorted. */
export function liveProjects(workspaceRoot = WORKSPACE_ROOT): string[] {
  const live = join(workspaceRoot, 'live');
  return readdirSync(live)
    .filter((name) => existsSync(join(live, name, ENV_FILE_NAME)))
    .sort();
}

export interface WorkspaceCopy {
  readonly root: string;
  readonly projects: string[];
  /** Sets `enabled` of one env in the copy's env file (the comments and layout stay). */
  setEnabled(project: string, env: string, enabled: boolean): void;
  /** Synthesizes one project of the copy with the workspace shared layer and estimates it; `onSynth` sees the output directory first. */
  estimate(project: string, options?: EstimateOptions, onSynth?: (synthDir: string) => void): ProjectEstimate;
  remove(): void;
}

/** A temporary workspace holding the env files of every live project. Call `remove()` when done. */
export function copyWorkspace(workspaceRoot = WORKSPACE_ROOT): WorkspaceCopy {
  const root = mkdtempSync(join(tmpdir(), 'lq3-cost-'));
  const projects = liveProjects(workspaceRoot);
  for (const project of projects) {
    mkdirSync(join(root, 'live', project), { recursive: true });
    copyFileSync(join(workspaceRoot, 'live', project, ENV_FILE_NAME), join(root, 'live', project, ENV_FILE_NAME));
  }
  return {
    root,
    projects,
    setEnabled(project, env, enabled) {
      const file = join(root, 'live', project, ENV_FILE_NAME);
      const document = parseDocument(readFileSync(file, 'utf8'));
      document.setIn(['environments', env, 'enabled'], enabled);
      writeFileSync(file, document.toString());
    },
    estimate(project, options = {}, onSynth) {
      const projectDir = join(root, 'live', project);
      const synthDir = synthProject(projectDir, composeEnvironment);
      onSynth?.(synthDir);
      return estimateProject(projectDir, synthDir, { ...options, workspaceRoot: root });
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
