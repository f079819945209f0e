/**
 * Makes `nx affected` exact for what a project's tests and examples touch.
 *
 * Nx marks a whole project affected when any of its files changes, and every
 * project depending on it with it: a typo in a module's test would mark every
 * environment affected, and CI would plan them all. So each project's `test/`
 * and `examples/` folder is a project of its own (`<name>-tests`,
 * `<name>-examples`) that nothing depends on, with an implicit dependency on
 * its parent (a change to the parent affects it too):
 *
 *  - `<name>-tests` runs the parent's Jest suite (`test`), hashing its own files,
 *    the parent's and the parent's dependencies'; the parent's `test` runs it.
 *  - `lint` and `typecheck` stay the parent's (one tsconfig, one ESLint run) and
 *    hash the nested files; the nested projects' `lint`/`typecheck` run them.
 *
 * A change under test/ or examples/ therefore affects the nested project only,
 * which still re-runs every check that reads it. Module READMEs and CHANGELOGs
 * are in .nxignore: no target reads them.
 */
import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';

type InputDefinition = NonNullable<TargetConfiguration['inputs']>[number];

/** Folders split off, and the parent targets that read them (besides `test`, which moves). */
const NESTED_FOLDERS: Readonly<Record<string, readonly string[]>> = {
  test: ['lint', 'typecheck'],
  examples: ['lint', 'typecheck'],
};

/** Workspace files a project's tests read besides its own (a stale generated doc fails them). */
const CI_DEFINITIONS = ['{workspaceRoot}/.ci/**/*', '{workspaceRoot}/bitbucket-pipelines.yml', '{workspaceRoot}/.github/**/*'];
const TEST_READS: Readonly<Record<string, readonly string[]>> = {
  'live/shared': ['{workspaceRoot}/docs/configuration.md', '{workspaceRoot}/docs/account-configuration.md', '{workspaceRoot}/docs/operations.md'],
  'tools/pipelines': [...CI_DEFINITIONS, '{workspaceRoot}/package.json', '{workspaceRoot}/package-lock.json'],
  'tools/plan-comment': CI_DEFINITIONS,
};

/**
 * The nested projects of `projectRoot`'s test/ and examples/ folders, by root.
 * Moves the `test` target into `<name>-tests` (the parent's runs it) and adds
 * the nested files to the inputs of the parent targets that read them.
 */
export function nestedProjects(
  projectRoot: string,
  projectName: string,
  has: (path: string) => boolean,
  targets: Record<string, TargetConfiguration>,
): Record<string, Partial<ProjectConfiguration>> {
  const projects: Record<string, Partial<ProjectConfiguration>> = {};
  for (const [folder, readers] of Object.entries(NESTED_FOLDERS)) {
    if (!has(folder)) continue;
    const name = `${projectName}-${folder === 'test' ? 'tests' : folder}`;
    const delegate = (project: string, target: string): TargetConfiguration => ({ executor: 'nx:noop', dependsOn: [{ projects: [project], target }] });
    const nestedTargets: Record<string, TargetConfiguration> = {};
    for (const target of readers.filter((reader) => targets[reader])) {
      nestedTargets[target] = delegate(projectName, target);
      const nestedFiles: InputDefinition = { input: 'default', projects: name };
      targets[target] = { ...targets[target], inputs: [...(targets[target].inputs ?? []), nestedFiles] };
    }
    const test = targets['test'];
    if (folder === 'test' && test) {
      const parentFiles: InputDefinition = { input: 'default', projects: projectName };
      nestedTargets['test'] = { ...test, inputs: [...(test.inputs ?? []), parentFiles, ...(TEST_READS[projectRoot] ?? [])] };
      targets['test'] = delegate(name, 'test');
    }
    if (Object.keys(nestedTargets).length > 0) projects[`${projectRoot}/${folder}`] = { name, implicitDependencies: [projectName], targets: nestedTargets };
  }
  return projects;
}
