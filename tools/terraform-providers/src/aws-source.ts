/**
 * Trims the hashicorp/aws provider source to the service packages our stacks
 * use, so a build compiles ~1,000 Go packages instead of ~2,000.
 *
 * The provider registers every service in two generated files:
 *  - internal/provider/sdkv2/service_packages_gen.go: one `<pkg>.ServicePackage(ctx)` per service;
 *  - internal/conns/awsclient_gen.go: one `<Name>Client(ctx)` method per AWS SDK client,
 *    each importing that SDK service module.
 * We keep the service packages that declare a resource or data source type the
 * synthesized stacks use, then keep the client methods that the Go code
 * reachable from main.go still calls.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const SERVICE_PACKAGES_FILE = 'internal/provider/sdkv2/service_packages_gen.go';
export const CLIENTS_FILE = 'internal/conns/awsclient_gen.go';
export const NAMES_FILE = 'names/consts_gen.go';
const MODULE_PATH = 'github.com/hashicorp/terraform-provider-aws';

/** Maps every `aws_*` type name to the service package (internal/service/<pkg>) that declares it. */
export function typeIndex(sourceDir: string): Map<string, string> {
  const index = new Map<string, string>();
  const servicesDir = join(sourceDir, 'internal/service');
  for (const pkg of readdirSync(servicesDir)) {
    const generated = join(servicesDir, pkg, 'service_package_gen.go');
    if (!existsSync(generated)) continue;
    for (const match of readFileSync(generated, 'utf8').matchAll(/TypeName:\s*"(aws_[a-z0-9_]+)"/g)) {
      index.set(match[1], pkg);
    }
  }
  return index;
}

/** The service packages declaring `types`; throws naming every type no package declares. */
export function servicePackagesFor(types: Iterable<string>, index: Map<string, string>): string[] {
  const packages = new Set<string>();
  const unknown: string[] = [];
  for (const type of types) {
    const pkg = index.get(type);
    if (pkg) packages.add(pkg);
    else unknown.push(type);
  }
  if (unknown.length > 0) {
    throw new Error(`no service package of the AWS provider source declares ${unknown.sort().join(', ')}; is the provider source older than the stacks?`);
  }
  return [...packages].sort();
}

/** Rewrites service_packages_gen.go to register only `keep`. */
export function trimServicePackages(text: string, keep: ReadonlySet<string>): string {
  return text
    .split('\n')
    .filter((line) => {
      const imported = new RegExp(`^\\t"${MODULE_PATH}/internal/service/([a-z0-9]+)"$`).exec(line);
      if (imported) return keep.has(imported[1]);
      const registered = /^\t\t([a-z0-9]+)\.ServicePackage\(ctx\),$/.exec(line);
      if (registered) return keep.has(registered[1]);
      return true;
    })
    .join('\n');
}

/**
 * Rewrites awsclient_gen.go to the `<Name>Client` methods in `keep`, and the
 * SDK imports those methods still use.
 */
export function trimClients(text: string, keep: ReadonlySet<string>): string {
  const methods = /\nfunc \(c \*AWSClient\) (\w+)\(ctx context\.Context\) [^\n]*\{\n(?:[^\n]*\n)*?\}\n/g;
  const body = text.replace(methods, (whole, name: string) => (keep.has(name) ? whole : ''));
  const usedPackage = (pkg: string) => new RegExp(`[^\\w"/]${pkg}\\.`).test(body);
  return body
    .split('\n')
    .filter((line) => {
      const sdk = /^\t"github\.com\/aws\/aws-sdk-go-v2\/service\/([a-z0-9]+)"$/.exec(line);
      return !sdk || usedPackage(sdk[1]);
    })
    .join('\n');
}

/** Names of every `<Name>Client(ctx)` method declared in awsclient_gen.go. */
export function clientMethods(text: string): string[] {
  return [...text.matchAll(/^func \(c \*AWSClient\) (\w+Client)\(ctx context\.Context\)/gm)].map((m) => m[1]);
}

/**
 * Client methods called from the provider's own Go packages reachable from
 * main.go (following imports inside the module; tests and `generate`/`ignore`
 * build-tagged files excluded; awsclient_gen.go itself excluded).
 */
export function reachableClientCalls(sourceDir: string, declared: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = ['.'];
  const calls = new Set<string>();
  const callPattern = new RegExp(`\\.(${declared.join('|')})\\(`, 'g');
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const file of goFiles(join(sourceDir, dir))) {
      if (dir === 'internal/conns' && file === 'awsclient_gen.go') continue;
      const text = readFileSync(join(sourceDir, dir, file), 'utf8');
      for (const match of text.matchAll(/"github\.com\/hashicorp\/terraform-provider-aws\/([^"]+)"/g)) pending.push(match[1]);
      for (const match of text.matchAll(callPattern)) calls.add(match[1]);
    }
  }
  return calls;
}

function goFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((file) => {
    if (!file.endsWith('.go') || file.endsWith('_test.go')) return false;
    const head = readFileSync(join(dir, file), 'utf8').slice(0, 600);
    return !/^\/\/go:build .*\b(generate|ignore|ingore)\b/m.test(head) || /^\/\/go:build !generate/m.test(head);
  });
}

/**
 * The service package each client method builds its client through
 * (`client[*s3control.Client](ctx, c, names.S3Control, …)` → `s3control`): the
 * provider looks the package up at run time and panics with "unknown service
 * package" when it is not registered.
 */
export function clientServicePackages(clientsText: string, namesText: string): Map<string, string> {
  const constants = new Map([...namesText.matchAll(/^\t(\w+)\s*=\s*"([a-z0-9]+)"$/gm)].map((m) => [m[1], m[2]]));
  const packages = new Map<string, string>();
  for (const match of clientsText.matchAll(/^func \(c \*AWSClient\) (\w+Client)\(ctx context\.Context\)[^\n]*\{\n[^\n]*names\.(\w+)/gm)) {
    const pkg = constants.get(match[2]);
    if (pkg) packages.set(match[1], pkg);
  }
  return packages;
}

/**
 * Applies both trims in place to a writable copy of the provider source. The
 * registered set grows to a fixed point: every client that kept code calls
 * needs its own service package registered, whose code may call more clients.
 */
export function trimProviderSource(sourceDir: string, servicePackages: readonly string[]): { clients: string[]; servicePackages: string[] } {
  const packagesFile = join(sourceDir, SERVICE_PACKAGES_FILE);
  const clientsFile = join(sourceDir, CLIENTS_FILE);
  const packagesText = readFileSync(packagesFile, 'utf8');
  const clientsText = readFileSync(clientsFile, 'utf8');
  const packageOfClient = clientServicePackages(clientsText, readFileSync(join(sourceDir, NAMES_FILE), 'utf8'));
  const declared = clientMethods(clientsText);
  const registered = new Set(servicePackages);
  for (;;) {
    writeFileSync(packagesFile, trimServicePackages(packagesText, registered));
    const keep = reachableClientCalls(sourceDir, declared);
    const missing = [...keep].map((client) => packageOfClient.get(client)).filter((pkg): pkg is string => pkg !== undefined && !registered.has(pkg));
    if (missing.length === 0) {
      writeFileSync(clientsFile, trimClients(clientsText, keep));
      return { clients: [...keep].sort(), servicePackages: [...registered].sort() };
    }
    for (const pkg of missing) registered.add(pkg);
  }
}
