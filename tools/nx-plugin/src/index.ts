/**
 * Local Nx plugin: infers every target from what a project folder contains, so
 * no project carries a project.json and a new environment needs no Nx wiring.
 *
 *  - every project with a tsconfig.json: `typecheck`, `lint`
 *  - every project with a test/ folder:   `test`
 *  - every project with an e2e/ folder:   `e2e` (long, real processes; not part of `test`)
 *  - every live project (live/<name> with main.ts or env.yaml; the account layer has an
 *    accounts.yaml instead): `synth`, `config`,
 *    `policy`, `validate`, `plan`, `apply`, `up`, `destroy` (see live-targets.ts);
 *    synth then names a missing env.yaml instead of Nx not knowing the target
 *  - test/ and examples/ folders as projects of their own (nested-projects.ts), and
 *    base envs' env.yaml as synth inputs of their copies (base-environment-inputs.ts) and
 *    every env.yaml as one of the account layer's (account-layer-inputs.ts),
 *    so `nx affected` marks exactly what a change can alter
 *  - live projects pinned to a shared-layer release: the artifact as an input of what
 *    loads it; released packages: `nx-release-publish` of their artifact (release-pins.ts)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  createNodesFromFiles,
  type CreateNodesContextV2,
  type CreateNodesV2,
  type TargetConfiguration,
} from '@nx/devkit';
import { addAccountLayerInputs } from './account-layer-inputs';
import { addBaseEnvironmentInputs } from './base-environment-inputs';
import { liveTargets } from './live-targets';
import { nestedProjects } from './nested-projects';
import { addReleasePinInputs, isReleasedProject, releasePublishTarget } from './release-pins';

export const createNodesV2: CreateNodesV2 = [
  '{modules,live,tools}/*/package.json',
  (packageJsonFiles, _options, context) =>
    createNodesFromFiles((file, _opts, ctx) => inferProject(file, ctx), packageJsonFiles, undefined, context),
];

function inferProject(packageJsonFile: string, context: CreateNodesContextV2) {
  const projectRoot = dirname(packageJsonFile);
  const absoluteRoot = join(context.workspaceRoot, projectRoot);
  const toWorkspaceRoot = relative(absoluteRoot, context.workspaceRoot) || '.';
  const has = (path: string) => existsSync(join(absoluteRoot, path));

  const targets: Record<string, TargetConfiguration> = {};
  if (has('tsconfig.json')) {
    targets['typecheck'] = {
      command: 'tsc -p tsconfig.json --noEmit',
      options: { cwd: projectRoot },
      cache: true,
      inputs: ['default', '^production', '{workspaceRoot}/tsconfig.base.json', { externalDependencies: ['typescript'] }],
      outputs: [],
    };
    targets['lint'] = {
      command: 'eslint .',
      options: { cwd: projectRoot },
      cache: true,
      inputs: ['default', '{workspaceRoot}/eslint.config.mjs', { externalDependencies: ['eslint', 'typescript-eslint'] }],
      outputs: [],
    };
  }
  if (has('test')) {
    targets['test'] = {
      command: `jest --config ${toWorkspaceRoot}/jest.preset.cjs --rootDir .`,
      options: { cwd: projectRoot },
      cache: true,
      inputs: ['default', '^production', '{workspaceRoot}/jest.preset.cjs', { externalDependencies: ['jest', '@swc/jest'] }],
      outputs: [],
    };
  }
  if (has('e2e')) {
    // End-to-end suites drive real processes for many minutes: one file at a time, never cached.
    targets['e2e'] = {
      command: `jest --config ${toWorkspaceRoot}/jest.preset.cjs --rootDir . --testMatch '<rootDir>/e2e/**/*.e2e.ts' --runInBand`,
      options: { cwd: projectRoot },
      cache: false,
    };
  }
  if (projectRoot.startsWith('live/') && (has('main.ts') || has('env.yaml'))) {
    Object.assign(targets, liveTargets(projectRoot));
    addBaseEnvironmentInputs(targets, context.workspaceRoot, projectRoot);
    addAccountLayerInputs(targets, context.workspaceRoot, projectRoot);
    addReleasePinInputs(targets, context.workspaceRoot, projectRoot);
  }
  const packageJson = JSON.parse(readFileSync(join(context.workspaceRoot, packageJsonFile), 'utf8')) as { name?: string; nx?: { name?: string } };
  if (isReleasedProject(context.workspaceRoot, projectRoot)) Object.assign(targets, releasePublishTarget(packageJson.nx?.name ?? packageJson.name ?? projectRoot));
  const nested = nestedProjects(projectRoot, packageJson.nx?.name ?? packageJson.name ?? projectRoot, has, targets);
  return { projects: { [projectRoot]: { targets }, ...nested } };
}
