// Adds lockfile entries for optional platform binaries (e.g. @swc/core-darwin-arm64)
// that this machine's npm mirror does not serve. `npm install` then leaves them out
// of package-lock.json and `npm ci` refuses the lockfile as out of sync. A lockfile
// made against the public registry has these entries; this writes the same ones,
// with os/cpu/libc read from the package name, so npm ci skips them as foreign.
// Run after `npm install` changes package-lock.json: node tools/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const LOCKFILE = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCKFILE, 'utf8'));
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64'];
const OSES = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OSES.find((candidate) => parts.includes(candidate));
  const cpu = CPUS.find((candidate) => parts.includes(candidate));
  if (!os || !cpu) return undefined;
  const libc = os === 'linux' ? (parts.some((part) => part.startsWith('musl')) ? 'musl' : 'glibc') : undefined;
  return { cpu: [cpu], os: [os], ...(libc ? { libc: [libc] } : {}) };
}

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const platform = platformOf(name);
    if (lock.packages[key] || lock.packages[`${path}/${key}`] || !platform) continue;
    lock.packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} optional platform entries to package-lock.json`);
