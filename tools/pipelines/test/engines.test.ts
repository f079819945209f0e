/**
 * `npm ci` on the Node version `engines` allows installs without EBADENGINE:
 * every package in the lockfile accepts the oldest Node that the root
 * package.json admits (a transitive dependency that wants a newer Node is
 * pinned back with `overrides`, e.g. content-type under @octokit/request).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

interface Semver {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
}
// semver is what npm itself checks engines with (installed for nx and others).
const semver = createRequire(join(ROOT, 'package.json'))('semver') as Semver;

interface LockEntry {
  version?: string;
  link?: boolean;
  engines?: Record<string, string> | string[];
}

const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

describe('Node engines', () => {
  const rootEngines: string = readJson('package.json').engines.node;
  const oldestNode = semver.minVersion(rootEngines)?.version;
  const packages: Record<string, LockEntry> = readJson('package-lock.json').packages;

  it('the root package.json names a lower bound', () => {
    expect(oldestNode).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every locked package accepts the oldest Node that engines allows', () => {
    const refusing = Object.entries(packages)
      .filter(([path, entry]) => path !== '' && !entry.link && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !semver.satisfies(oldestNode as string, (entry.engines as Record<string, string>).node))
      .map(([path, entry]) => `${path}@${entry.version} needs node ${(entry.engines as Record<string, string>).node}`);
    expect(refusing).toEqual([]);
  });

  it('the Node running the tests is one that engines allows', () => {
    expect(semver.satisfies(process.versions.node, rootEngines)).toBe(true);
  });
});
