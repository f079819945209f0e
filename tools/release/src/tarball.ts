/**
 * Reads the npm package tarballs under releases/ (gzipped ustar, as `npm pack`
 * writes them) without a tar dependency or a `tar` binary: the release set of
 * a pinned env is read from its tarball at synth-free moments (status, promote,
 * the plan's "before" versions), and a release bundles the module tarballs it
 * depends on.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

export interface TarEntry {
  /** Path inside the archive, e.g. `package/package.json`. */
  readonly path: string;
  readonly content: Buffer;
}

/** The regular files of a (gzipped) tarball, in archive order. */
export function tarEntries(tarball: Buffer): TarEntry[] {
  const tar = tarball[0] === 0x1f && tarball[1] === 0x8b ? gunzipSync(tarball) : tarball;
  const entries: TarEntry[] = [];
  let paxPath: string | undefined;
  for (let offset = 0; offset + BLOCK <= tar.length; ) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(text(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const prefix = text(header, 345, 155);
    const name = text(header, 0, 100);
    const content = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      paxPath = paxRecord(content, 'path');
      continue;
    }
    const path = paxPath ?? (prefix ? `${prefix}/${name}` : name);
    paxPath = undefined;
    if (type === '0' || type === '\0') entries.push({ path, content: Buffer.from(content) });
  }
  return entries;
}

/** `package/package.json` of an npm tarball, parsed. */
export function tarballManifest(tarball: Buffer): PackageManifest {
  const entry = tarEntries(tarball).find((candidate) => candidate.path === 'package/package.json');
  if (!entry) throw new Error('not an npm package tarball: it has no package/package.json');
  return JSON.parse(entry.content.toString('utf8')) as PackageManifest;
}

/** Writes the files under `package/` into `directory` (the layout `npm install` gives them). */
export function extractPackage(tarball: Buffer, directory: string): void {
  for (const { path, content } of tarEntries(tarball)) {
    if (!path.startsWith('package/')) continue;
    const relative = normalize(path.slice('package/'.length));
    if (relative.startsWith('..') || relative.startsWith(sep)) throw new Error(`tarball entry ${path} escapes the package`);
    const target = join(directory, relative);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

export function readTarballManifest(file: string): PackageManifest {
  return tarballManifest(readFileSync(file));
}

export interface PackageManifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bundleDependencies?: string[];
  [key: string]: unknown;
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function paxRecord(content: Buffer, key: string): string | undefined {
  for (const record of content.toString('utf8').split('\n')) {
    const match = /^\d+ ([^=]+)=(.*)$/.exec(record);
    if (match && match[1] === key) return match[2];
  }
  return undefined;
}
