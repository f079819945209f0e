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
import type { StackUnderTest } from '../../src/invariants';
import { liveProjectDirs } from '../../src/security-report';
import { isObject, readSynthOutput } from '../../src/terraform-json';

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
    const environments = new Map(loadProjectEnvironments(projectDir, dir).map((env) => [env.name, env]));
    return readSynthOutput(synthProject(projectDir, composeEnvironment)).map((stack): StackUnderTest => {
      const lq3 = isObject(stack.json['//']) && isObject(stack.json['//']['lq3']) ? stack.json['//']['lq3'] : {};
      const environment = environments.get(String(lq3['environment']));
      if (!environment) throw new Error(`${project}/${stack.name}: //.lq3.environment does not name an environment of ${project}`);
      return {
        name: stack.name,
        json: stack.json,
        account: environment.account,
        disposableData: environment.disposable.data,
        disposableInfrastructure: environment.disposable.infrastructure,
      };
    });
  });
  return { dir, stacks };
}
