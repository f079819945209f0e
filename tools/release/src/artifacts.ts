/**
 * Builds the release artifacts (ADR 0011): for every released package whose
 * current version has no `releases/<name>-<version>.tgz` yet, an npm package of
 * compiled JavaScript and type declarations (the workspace runs TypeScript
 * sources; a pinned env must run exactly what was released, with no compiler
 * of its own). The shared layer's artifact bundles the artifacts of the exact
 * module versions it depends on, so one file is a whole release set and an
 * env's pin is one line.
 *
 * Artifacts are immutable: an existing one is never rebuilt or overwritten (npm
 * ci checks them against the lockfile's integrity).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractPackage } from './tarball';
import { artifactPath, type PackageJson, RELEASES_DIR, releasePackages, SHARED_LAYER, type WorkspacePackage } from './workspace';

/** package.json fields an artifact keeps from the workspace package. */
const KEPT_FIELDS = ['name', 'version', 'description', 'license', 'dependencies', 'peerDependencies'] as const;

/** The release packages whose current version has no artifact yet. */
export function missingArtifacts(workspaceRoot: string): WorkspacePackage[] {
  return releasePackages(workspaceRoot).filter((pkg) => !existsSync(join(workspaceRoot, artifactPath(pkg.name, pkg.version))));
}

/**
 * Builds every missing artifact into releases/; returns the files written
 * (workspace-relative). Throws — after removing whatever it wrote — when the
 * compile, a bundled module or `npm pack` fails.
 */
export function buildMissingArtifacts(workspaceRoot: string, log: (line: string) => void = () => undefined): string[] {
  const missing = missingArtifacts(workspaceRoot);
  if (missing.length === 0) return [];
  const all = releasePackages(workspaceRoot);
  const work = mkdtempSync(join(tmpdir(), 'lq3-release-build-'));
  const written: string[] = [];
  try {
    log(`compiling ${all.map((pkg) => pkg.name).join(', ')}`);
    const compiled = compile(workspaceRoot, all, join(work, 'compiled'));
    mkdirSync(join(workspaceRoot, RELEASES_DIR), { recursive: true });
    // Modules first: the shared layer bundles their artifacts.
    const ordered = [...missing.filter((pkg) => pkg.name !== SHARED_LAYER), ...missing.filter((pkg) => pkg.name === SHARED_LAYER)];
    for (const pkg of ordered) {
      const stage = join(work, 'stage', pkg.project);
      stagePackage(workspaceRoot, pkg, join(compiled, pkg.root), stage);
      if (pkg.name === SHARED_LAYER) bundleModules(workspaceRoot, pkg, stage);
      const file = pack(workspaceRoot, stage, artifactPath(pkg.name, pkg.version));
      written.push(file);
      log(`built ${file}`);
    }
    return written;
  } catch (error) {
    for (const file of written) rmSync(join(workspaceRoot, file), { force: true });
    throw error;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One tsc run over every released package's src/ into `outDir`, keeping the workspace layout. */
function compile(workspaceRoot: string, packages: readonly WorkspacePackage[], outDir: string): string {
  const tsconfig = join(outDir, '..', 'tsconfig.release.json');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(workspaceRoot, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        outDir,
        rootDir: workspaceRoot,
        typeRoots: [join(workspaceRoot, 'node_modules', '@types')],
      },
      include: packages.map((pkg) => join(workspaceRoot, pkg.root, 'src')),
    }),
  );
  const tsc = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', tsconfig], { cwd: workspaceRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`the release build does not compile:\n${`${failed.stdout ?? ''}${failed.stderr ?? ''}`.trim()}`);
  }
  return outDir;
}

/** The package folder npm packs: compiled src/, README, and a manifest pointing at the JavaScript. */
function stagePackage(workspaceRoot: string, pkg: WorkspacePackage, compiledRoot: string, stage: string): void {
  mkdirSync(stage, { recursive: true });
  cpSync(join(compiledRoot, 'src'), join(stage, 'src'), { recursive: true });
  const readme = join(workspaceRoot, pkg.root, 'README.md');
  if (existsSync(readme)) copyFileSync(readme, join(stage, 'README.md'));
  const manifest: PackageJson = { name: pkg.name, version: pkg.version };
  for (const field of KEPT_FIELDS) {
    if (pkg.manifest[field] !== undefined) (manifest as Record<string, unknown>)[field] = pkg.manifest[field];
  }
  Object.assign(manifest, { main: './src/index.js', types: './src/index.d.ts', files: ['src', 'README.md'] });
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Puts the artifacts of the exact @lq3 versions the shared layer depends on
 * into its node_modules and lists them as bundleDependencies, so installing
 * the shared layer's artifact needs no registry for them.
 */
function bundleModules(workspaceRoot: string, pkg: WorkspacePackage, stage: string): void {
  const modules = Object.entries(pkg.manifest.dependencies ?? {}).filter(([name]) => name.startsWith('@lq3/'));
  for (const [name, version] of modules) {
    const artifact = join(workspaceRoot, artifactPath(name, version));
    if (!existsSync(artifact)) throw new Error(`${pkg.name}@${pkg.version} depends on ${name}@${version}, which has no release artifact (${artifactPath(name, version)})`);
    extractPackage(readFileSync(artifact), join(stage, 'node_modules', name));
  }
  const manifestFile = join(stage, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PackageJson;
  manifest['bundleDependencies'] = modules.map(([name]) => name);
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
}

function pack(workspaceRoot: string, stage: string, expected: string): string {
  const output = execFileSync('npm', ['pack', stage, '--json', '--ignore-scripts', '--pack-destination', join(workspaceRoot, RELEASES_DIR)], {
    cwd: join(workspaceRoot, RELEASES_DIR),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [result] = JSON.parse(output) as { filename: string }[];
  const file = `${RELEASES_DIR}/${result.filename}`;
  if (file !== expected) throw new Error(`npm pack wrote ${file}, expected ${expected}`);
  return file;
}
