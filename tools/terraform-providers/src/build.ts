/**
 * Builds the provider plugins the stacks pin from source, once per machine
 * (cached by source version and inputs), and lays them out as a Terraform
 * filesystem mirror with a CLI config that installs only from it.
 *
 * Cache layout (LQ3_PROVIDER_CACHE, default ~/.cache/lq3-terraform-providers):
 *   bin/<name>-<key>/terraform-provider-<name>   one build per source version + inputs
 *   mirrors/<key>/registry.terraform.io/…         filesystem mirror (hard links to bin/)
 *   mirrors/<key>/terraform.rc                    TF_CLI_CONFIG_FILE
 *   mirrors/<key>/plugin-cache/                   TF_PLUGIN_CACHE_DIR: same version, other build, other dir
 *   work/                                         source copies while building
 */
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { servicePackagesFor, trimProviderSource, typeIndex } from './aws-source';
import { PROVIDER_SOURCES, type GoModuleSource, type WorkspaceSource } from './sources';
import { readProviderRequirements, synthOutputDirs, type ProviderRequirement } from './stack-requirements';

export interface EnsureOptions {
  workspaceRoot: string;
  env?: NodeJS.ProcessEnv;
  /** Progress lines (builds take minutes on a cold machine). */
  log?: (line: string) => void;
}

export interface BuiltProvider {
  readonly address: string;
  /** The version the stacks pin, which the mirror serves. */
  readonly version: string;
  readonly binary: string;
  /** What was really built, e.g. `github.com/hashicorp/terraform-provider-aws v1.60.1-… (6.48.0-dev)`. */
  readonly builtFrom: string;
  /** False when the binary came from the cache. */
  readonly builtNow: boolean;
  /** Companion commands built with it, by name (the Cloudflare stand-in's fake API). */
  readonly companions: Readonly<Record<string, string>>;
}

export interface ProviderMirror {
  /** For TF_CLI_CONFIG_FILE. */
  readonly cliConfigFile: string;
  /** For TF_PLUGIN_CACHE_DIR. */
  readonly pluginCacheDir: string;
  readonly mirrorDir: string;
  readonly providers: readonly BuiltProvider[];
}

export class ProviderBuildError extends Error {}

export function cacheRoot(env: NodeJS.ProcessEnv): string {
  return env['LQ3_PROVIDER_CACHE'] || join(env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache'), 'lq3-terraform-providers');
}

export async function ensureProviders(options: EnsureOptions): Promise<ProviderMirror> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const root = cacheRoot(env);
  const requirements = readProviderRequirements(synthOutputDirs(options.workspaceRoot));
  const go = goToolchain(env);
  const providers: BuiltProvider[] = [];
  for (const requirement of requirements) {
    const source = PROVIDER_SOURCES[requirement.address];
    if (!source) throw new ProviderBuildError(`the stacks need ${requirement.address} ${requirement.version}, but tools/terraform-providers/src/sources.ts has no source build for it.`);
    if (Number(requirement.version.split('.')[0]) !== source.major) {
      throw new ProviderBuildError(`the stacks pin ${requirement.address} ${requirement.version}, but its source build stands in for major ${source.major} only; update src/sources.ts.`);
    }
    const build = source.kind === 'go-module' ? goModuleBuild(requirement, source, root, go, env) : workspaceBuild(requirement, source, options.workspaceRoot, root, go);
    const builtNow = !existsSync(build.binary);
    if (builtNow) {
      log(`building ${requirement.address} from ${build.builtFrom} (first run on this machine; minutes on 2 cores)`);
      await build.run(log);
    } else {
      log(`${requirement.address} ${requirement.version}: cached build of ${build.builtFrom}`);
    }
    providers.push({ address: requirement.address, version: requirement.version, binary: build.binary, builtFrom: build.builtFrom, builtNow, companions: build.companions });
  }
  return writeMirror(root, providers);
}

interface PlannedBuild {
  binary: string;
  companions: Record<string, string>;
  builtFrom: string;
  run: (log: (line: string) => void) => Promise<void>;
}

interface GoToolchain {
  version: string;
}

function goToolchain(env: NodeJS.ProcessEnv): GoToolchain {
  try {
    return { version: execFileSync('go', ['env', 'GOVERSION'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() };
  } catch {
    throw new ProviderBuildError('`go` was not found on PATH; building the provider plugins from source needs Go 1.26 or newer (https://go.dev/dl/).');
  }
}

/** hashicorp/aws: the proxy's source, trimmed to the service packages the stacks use. */
function goModuleBuild(requirement: ProviderRequirement, source: GoModuleSource, root: string, go: GoToolchain, env: NodeJS.ProcessEnv): PlannedBuild {
  const sourceDir = downloadModule(source, env);
  const servicePackages = servicePackagesFor(requirement.types, typeIndex(sourceDir));
  const key = hashOf({
    module: source.module,
    version: source.version,
    upstreamVersion: source.upstreamVersion,
    servicePackages,
    go: go.version,
    trimmer: readFileSync(join(__dirname, 'aws-source.ts'), 'utf8'),
  });
  const binary = join(root, 'bin', `${requirement.name}-${key}`, `terraform-provider-${requirement.name}`);
  return {
    binary,
    companions: {},
    builtFrom: `${source.module} ${source.version} (${source.upstreamVersion}) for the ${servicePackages.length} service packages the stacks use`,
    run: async (log) => {
      const workDir = join(root, 'work', `${requirement.name}-${key}-${process.pid}`);
      rmSync(workDir, { recursive: true, force: true });
      mkdirSync(join(root, 'work'), { recursive: true });
      try {
        // The module cache is read-only and go refuses overlays of it: build a writable copy.
        execFileSync('cp', ['-R', sourceDir, workDir]);
        execFileSync('chmod', ['-R', 'u+w', workDir]);
        const trimmed = trimProviderSource(workDir, servicePackages);
        log(`  registering ${trimmed.servicePackages.length} service packages (${trimmed.servicePackages.join(', ')}) and ${trimmed.clients.length} AWS SDK clients`);
        const versionFlag = `-X ${source.module}/version.ProviderVersion=${source.upstreamVersion}`;
        await goBuild({ cwd: workDir, pkg: '.', binary, ldflags: `-s -w ${versionFlag}`, env, log, label: requirement.name });
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}

/** A provider whose Go source lives in this workspace (the Cloudflare stand-in). */
function workspaceBuild(requirement: ProviderRequirement, source: WorkspaceSource, workspaceRoot: string, root: string, go: GoToolchain): PlannedBuild {
  const moduleDir = join(workspaceRoot, source.directory);
  if (!existsSync(join(moduleDir, 'go.mod'))) throw new ProviderBuildError(`${moduleDir}/go.mod is missing; it is the source of ${requirement.address}.`);
  const companions = source.companions ?? {};
  const key = hashOf({ files: goSourceDigest(moduleDir), package: source.package, companions, go: go.version });
  const dir = join(root, 'bin', `${requirement.name}-${key}`);
  const binary = join(dir, `terraform-provider-${requirement.name}`);
  const companionBinaries = Object.fromEntries(Object.keys(companions).map((name) => [name, join(dir, name)]));
  return {
    binary,
    companions: companionBinaries,
    builtFrom: `${source.directory} (${source.description})`,
    run: async (log) => {
      // The provider last: its presence is what marks the whole build as cached.
      for (const [name, pkg] of Object.entries(companions)) {
        await goBuild({ cwd: moduleDir, pkg, binary: companionBinaries[name], ldflags: '-s -w', env: process.env, log, label: name });
      }
      await goBuild({ cwd: moduleDir, pkg: source.package, binary, ldflags: '-s -w', env: process.env, log, label: requirement.name });
    },
  };
}

function downloadModule(source: GoModuleSource, env: NodeJS.ProcessEnv): string {
  let output: string;
  try {
    output = execFileSync('go', ['mod', 'download', '-json', `${source.module}@${source.version}`], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const detail = (error as { stdout?: string; stderr?: string }).stdout || (error as { stderr?: string }).stderr || String(error);
    throw new ProviderBuildError(`could not download ${source.module}@${source.version} from the Go module proxy (GOPROXY): ${detail.trim()}`);
  }
  const parsed = JSON.parse(output) as { Dir?: string; Error?: string };
  if (parsed.Error || !parsed.Dir) throw new ProviderBuildError(`go mod download ${source.module}@${source.version}: ${parsed.Error ?? 'no directory reported'}`);
  return parsed.Dir;
}

interface GoBuildOptions {
  cwd: string;
  pkg: string;
  binary: string;
  ldflags: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  label: string;
}

/** `go build -v` into a temporary name, renamed into place when done; progress every 30 s. */
function goBuild(options: GoBuildOptions): Promise<void> {
  mkdirSync(join(options.binary, '..'), { recursive: true });
  const temporary = `${options.binary}.tmp-${process.pid}`;
  const args = ['build', '-v', '-trimpath', '-buildvcs=false', '-ldflags', options.ldflags, '-o', temporary, options.pkg];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // -mod=mod: go.sum of a trimmed source may need no longer required lines dropped.
    const child = spawn('go', args, { cwd: options.cwd, env: { ...options.env, GOFLAGS: '-mod=mod' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let packages = 0;
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-8000);
      packages += text.split('\n').filter((line) => /^[\w.-]+(\/[\w.@~-]+)*$/.test(line.trim())).length;
    });
    const progress = setInterval(() => options.log(`  ${options.label}: ${packages} Go packages compiled, ${Math.round((Date.now() - started) / 1000)}s`), 30_000);
    child.on('error', (error) => {
      clearInterval(progress);
      reject(new ProviderBuildError(`could not run go build for ${options.label}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearInterval(progress);
      if (code !== 0) {
        rmSync(temporary, { force: true });
        reject(new ProviderBuildError(`go build of ${options.label} failed (exit ${code}):\n${tail.trim()}`));
        return;
      }
      renameSync(temporary, options.binary);
      options.log(`  ${options.label}: built in ${Math.round((Date.now() - started) / 1000)}s (${packages} packages) → ${options.binary}`);
      resolve();
    });
  });
}

/** The mirror Terraform installs from, and a CLI config that allows nothing else for these providers. */
function writeMirror(root: string, providers: BuiltProvider[]): ProviderMirror {
  const key = hashOf(providers.map(({ address, version, binary }) => ({ address, version, binary })));
  const dir = join(root, 'mirrors', key);
  const platform = terraformPlatform();
  for (const provider of providers) {
    const name = provider.address.split('/').pop() as string;
    const target = join(dir, provider.address, provider.version, platform, `terraform-provider-${name}_v${provider.version}_x5`);
    if (existsSync(target)) continue;
    mkdirSync(join(target, '..'), { recursive: true });
    try {
      linkSync(provider.binary, target);
    } catch {
      copyFileSync(provider.binary, target);
    }
  }
  const pluginCacheDir = join(dir, 'plugin-cache');
  mkdirSync(pluginCacheDir, { recursive: true });
  const addresses = providers.map((provider) => JSON.stringify(provider.address)).join(', ');
  const cliConfigFile = join(dir, 'terraform.rc');
  writeFileSync(
    cliConfigFile,
    [
      '# Written by tools/terraform-providers: providers built from source, no registry.',
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(dir)}`,
      `    include = [${addresses}]`,
      '  }',
      '  direct {',
      `    exclude = [${addresses}]`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return { cliConfigFile, pluginCacheDir, mirrorDir: dir, providers };
}

export function terraformPlatform(): string {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch as string] ?? process.arch;
  return `${process.platform}_${arch}`;
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** Content hash of a Go module's inputs: go.mod, go.sum and every .go file. */
function goSourceDigest(moduleDir: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'testdata' && !entry.startsWith('.')) walk(path);
      } else if (entry === 'go.mod' || entry === 'go.sum' || (entry.endsWith('.go') && !entry.endsWith('_test.go'))) {
        hash.update(relative(moduleDir, path)).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  walk(moduleDir);
  return hash.digest('hex');
}
