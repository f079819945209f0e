/**
 * Synthesizes every live project the way its main.ts does, but into a private
 * temporary workspace: the env files are copied (synth cross-checks siblings),
 * so the tests never read or overwrite live/<project>/cdktf.out and never depend
 * on a previous manual synth.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { composeEnvironment, ENV_FILE_NAME, loadProjectEnvironments, synthProject } from '@lq3/live-shared';
import { stacksUnderTest, type StackUnderTest } from '../../src/invariants';
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
  for (const project of projects) {
    mkdirSync(join(dir, 'live', project), { recursive: true });
    copyFileSync(join(workspaceRoot, 'live', project, ENV_FILE_NAME), join(dir, 'live', project, ENV_FILE_NAME));
  }
  const stacks = projects.flatMap((project) => {
    const projectDir = join(dir, 'live', project);
    return stacksUnderTest(readSynthOutput(synthProject(projectDir, composeEnvironment)), loadProjectEnvironments(projectDir, dir));
  });
  return { dir, stacks };
}
