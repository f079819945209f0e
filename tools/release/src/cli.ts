/**
 * `node tools/release/bin/release.cjs <command>` (npm run release:<command>):
 * what runs where, promotion and rollback, the first tags, publishing. The
 * release itself is `npx nx release` (its hook is version-actions.ts).
 */
import { parseArgs } from 'node:util';
import { buildMissingArtifacts } from './artifacts';
import { dirtyPaths, git, tagExists } from './git';
import { describePromotion, promote } from './promote';
import { publish } from './publish';
import { pinnedReleaseSet } from './release-set';
import { describePin, liveProjects, releasePackages, SHARED_LAYER, sharedLayerReleases } from './workspace';

export const USAGE = `usage: release.cjs <command>

  status                          what each live project runs: its pin and module versions
  promote <project> <target>      pin a live project to a shared-layer release and update the
                                  lockfile; <target> is a version (0.3.0), latest, or workspace
                                  (track the branch). Rollback is a promote to the older version.
  baseline                        first-time setup: build missing artifacts, then tag every
                                  released package's current version <project>@<version> at HEAD
  publish [--registry <url>]      publish the committed artifacts of the current versions to the
          [--project <name>]...   private registry (default LQ3_NPM_REGISTRY); skips versions it
          [--dry-run]             already holds; refuses the public registry`;

export async function main(argv: string[], workspaceRoot = process.cwd()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'status':
        console.log(status(workspaceRoot));
        return 0;
      case 'promote': {
        const [project, target] = rest;
        if (!project || !target) throw new UsageError('promote needs <project> and <target>');
        console.log(describePromotion(promote(workspaceRoot, project, target)));
        console.log('Commit the package.json and package-lock.json changes; the PR plan shows the env with the new versions.');
        return 0;
      }
      case 'baseline':
        return baseline(workspaceRoot);
      case 'publish': {
        // strict: false — `nx release publish` forwards options such as --tag, --otp or --access.
        const { values } = parseArgs({
          args: rest,
          strict: false,
          options: { registry: { type: 'string' }, project: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' }, dryRun: { type: 'string' }, tag: { type: 'string' } },
        });
        const dryRun = values['dry-run'] === true || values['dryRun'] === 'true' || values['dryRun'] === true;
        const results = publish(workspaceRoot, {
          registry: (values['registry'] as string | undefined) ?? process.env['LQ3_NPM_REGISTRY'] ?? '',
          projects: values['project'] as string[] | undefined,
          tag: values['tag'] as string | undefined,
          dryRun,
        });
        for (const result of results) console.log(`${result.name}@${result.version}: ${result.outcome} (${result.artifact})`);
        return 0;
      }
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command');
    }
  } catch (error) {
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : `release: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

class UsageError extends Error {}

/** One line per live project: its pin and the versions it runs. */
export function status(workspaceRoot: string): string {
  const lines = liveProjects(workspaceRoot).map((pkg) => {
    const { pin, versions } = pinnedReleaseSet(workspaceRoot, pkg.root);
    const modules = Object.entries(versions)
      .filter(([name]) => name !== SHARED_LAYER)
      .map(([name, version]) => `${name.replace('@lq3/', '')} ${version}`)
      .join(', ');
    return `${pkg.project.padEnd(16)} ${describePin(pin).padEnd(10)} live-shared ${versions[SHARED_LAYER]}: ${modules}`;
  });
  const releases = sharedLayerReleases(workspaceRoot);
  return [`${'project'.padEnd(16)} ${'pin'.padEnd(10)} versions`, ...lines, '', `shared layer releases under releases/: ${releases.join(', ') || 'none'}`].join('\n');
}

/**
 * Builds the artifacts of versions that have none and tags what is released.
 * Tags need the artifacts committed, so a run that built some stops there.
 */
function baseline(workspaceRoot: string): number {
  const built = buildMissingArtifacts(workspaceRoot, (line) => console.log(line));
  if (built.length > 0) {
    console.log(`Built ${built.join(', ')}. Commit them, then run baseline again to tag the released versions.`);
    return 0;
  }
  const dirty = dirtyPaths(workspaceRoot).filter((path) => releasePackages(workspaceRoot).some((pkg) => path.startsWith(`${pkg.root}/`)) || path.startsWith('releases/'));
  if (dirty.length > 0) throw new Error(`commit these before tagging: ${dirty.join(', ')}`);
  const created: string[] = [];
  for (const pkg of releasePackages(workspaceRoot)) {
    const tag = `${pkg.project}@${pkg.version}`;
    if (tagExists(workspaceRoot, tag)) continue;
    git(workspaceRoot, ['tag', '-a', tag, '-m', `${pkg.name} ${pkg.version}`]);
    created.push(tag);
  }
  console.log(created.length > 0 ? `Tagged ${created.join(', ')}. Push them: git push origin ${created.join(' ')}` : 'Every released version is tagged.');
  return 0;
}
