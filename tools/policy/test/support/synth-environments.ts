/**
 * Synthesizes every live project the way its main.ts does, but into a private
 * temporary workspace: the env files are copied (synth cross-checks siblings),
 * so the tests never read or overwrite live/<project>/cdktf.out and never depend
 * on a previous manual synth.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ACCOUNTS_CONFIG_FILE, composeEnvironment, ENV_FILE_NAME, synthAccountProject, synthProject } from '@lq3/live-shared';
import type { StackUnderTest } from '../../src/invariants';
import { projectStacksUnderTest } from '../../src/project-stacks';
import { liveProjectDirs } from '../../src/security-report';
import { readSynthOutput } from '../../src/terraform-json';

export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');

export function liveProjects(workspaceRoot = WORKSPACE_ROOT): string[] {
  return liveProjectDirs(workspaceRoot).map((dir) => basename(dir));
}

export interface SynthesizedWorkspace {
  readonly dir: string;
  readonly stacks: StackUnderTest[];
}

export function synthAllEnvironments(workspaceRoot = WORKSPACE_ROOT): SynthesizedWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'lq3-invariants-'));
  const projects = liveProjects(workspaceRoot);
  const accountLayer = (project: string) => existsSync(join(workspaceRoot, 'live', project, ACCOUNTS_CONFIG_FILE));
  for (const project of projects) {
    mkdirSync(join(dir, 'live', project), { recursive: true });
    const file = accountLayer(project) ? ACCOUNTS_CONFIG_FILE : ENV_FILE_NAME;
    copyFileSync(join(workspaceRoot, 'live', project, file), join(dir, 'live', project, file));
  }
  const stacks = projects.flatMap((project) => {
    const projectDir = join(dir, 'live', project);
    const outdir = accountLayer(project) ? synthAccountProject(projectDir) : synthProject(projectDir, composeEnvironment);
    return projectStacksUnderTest(readSynthOutput(outdir), projectDir, dir);
  });
  return { dir, stacks };
}
