/**
 * tools/pipelines/install-terraform.sh, offline: releases.hashicorp.com is
 * replaced by local release directories signed with throwaway keys made here,
 * and HashiCorp's key by the throwaway "release" key (--key, --fingerprint).
 * Also: the committed key is HashiCorp's and is the script's default.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', 'install-terraform.sh');
const COMMITTED_KEY = join(__dirname, '..', 'hashicorp.asc');
const HASHICORP_FINGERPRINT = 'C874011F0AB405110D02105534365D9472D7468F';
const VERSION = '1.10.5';
const PLATFORM = 'linux_amd64';
const ZIP = `terraform_${VERSION}_${PLATFORM}.zip`;
const SUMS = `terraform_${VERSION}_SHA256SUMS`;

// Generous: the machine may be busy with other heavy jobs. No timing is asserted.
const CHILD_TIMEOUT_MS = 120_000;
jest.setTimeout(4 * CHILD_TIMEOUT_MS);

const missing = ['bash', 'gpg', 'gpgconf', 'sha256sum', 'unzip', 'python3'].filter(
  (tool) => spawnSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0,
);
if (missing.length > 0) console.log(`install-terraform tests skipped: ${missing.join(', ')} not on PATH`);
const describeWithTools = missing.length > 0 ? describe.skip : describe;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function mustRun(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await run(command, args, env);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

describeWithTools('install-terraform.sh', () => {
  let root: string;
  let gnupg: string;
  const keys = { release: { fingerprint: '', file: '' }, intruder: { fingerprint: '', file: '' }, expired: { fingerprint: '', file: '' } };
  // The "expired" key lived one day in 2020 (gpg's own clock override, so no real clock is involved).
  const PAST = ['--faked-system-time', '20200101T000000'];
  let bothKeys: string;
  const gpg = (...args: string[]) => mustRun('gpg', ['--batch', '--quiet', ...args], { GNUPGHOME: gnupg });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lq3-install-tf-'));
    gnupg = join(root, 'gnupg');
    mkdirSync(gnupg, { mode: 0o700 });
    for (const name of ['release', 'intruder', 'expired'] as const) {
      const email = `${name}@example.invalid`;
      const [clock, expiry] = name === 'expired' ? [PAST, '1d'] : [[], 'never'];
      await gpg(...clock, '--passphrase', '', '--pinentry-mode', 'loopback', '--quick-gen-key', `Throwaway ${name} <${email}>`, 'ed25519', 'sign', expiry);
      const colons = await gpg('--with-colons', '--fingerprint', email);
      keys[name].fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(colons)?.[1] ?? '';
      keys[name].file = join(root, `${name}.asc`);
      writeFileSync(keys[name].file, await gpg('--armor', '--export', keys[name].fingerprint));
    }
    bothKeys = join(root, 'both.asc');
    writeFileSync(bothKeys, readFileSync(keys.release.file, 'utf8') + readFileSync(keys.intruder.file, 'utf8'));
    // The fake binary, zipped the way HashiCorp ships it (one `terraform` entry).
    const binary = join(root, 'terraform');
    writeFileSync(binary, `#!/bin/sh\necho "Terraform v${VERSION} (throwaway)"\n`);
    chmodSync(binary, 0o755);
    await mustRun('python3', ['-c', 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z: z.write(sys.argv[2], "terraform")', join(root, ZIP), binary]);
  });

  afterAll(() => {
    if (!root) return;
    // Key generation and signing start a gpg-agent in this home: stop it before removing it.
    spawnSync('gpgconf', ['--homedir', gnupg, '--kill', 'all'], { stdio: 'ignore', timeout: CHILD_TIMEOUT_MS });
    rmSync(root, { recursive: true, force: true });
  });

  const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

  /**
   * A release root <root>/<name> holding <version>/{zip, SHA256SUMS, SHA256SUMS.sig},
   * the sums signed by `signer`; `afterSigning` may then alter the files.
   */
  async function release(name: string, signer: keyof typeof keys, afterSigning?: (dir: string) => void): Promise<string> {
    const base = join(root, name);
    const dir = join(base, VERSION);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, ZIP), readFileSync(join(root, ZIP)));
    const sums = [`${'0'.repeat(64)}  terraform_${VERSION}_darwin_arm64.zip`, `${sha256(join(dir, ZIP))}  ${ZIP}`, `${'f'.repeat(64)}  terraform_${VERSION}_windows_amd64.zip`];
    writeFileSync(join(dir, SUMS), `${sums.join('\n')}\n`);
    await gpg(...(signer === 'expired' ? PAST : []), '--local-user', keys[signer].fingerprint, '--detach-sign', '--output', join(dir, `${SUMS}.sig`), join(dir, SUMS));
    afterSigning?.(dir);
    return base;
  }

  let installs = 0;
  function install(base: string, options: { key?: string; fingerprint?: string; platform?: string } = {}) {
    installs += 1;
    const dest = join(root, 'dest', String(installs));
    const args = [SCRIPT, '--version', VERSION, '--dest', dest, '--base-url', base, '--platform', options.platform ?? PLATFORM];
    args.push('--key', options.key ?? keys.release.file, '--fingerprint', options.fingerprint ?? keys.release.fingerprint);
    // A clean TMPDIR inside root proves the script removes its own work directory.
    const tmp = join(root, 'tmp', String(installs));
    mkdirSync(tmp, { recursive: true });
    return run('bash', args, { TMPDIR: tmp }).then((result) => ({ ...result, dest, tmp }));
  }

  const leftovers = (tmp: string) => spawnSync('ls', ['-A', tmp], { encoding: 'utf8' }).stdout.trim();

  it('installs when the signature is good and the checksum matches', async () => {
    const result = await install(await release('good', 'release'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `install-terraform: terraform ${VERSION} (${PLATFORM}) installed to ${result.dest}/terraform; SHA256SUMS signed by ${keys.release.fingerprint}, zip sha256 ${sha256(join(root, ZIP))}\n`,
    );
    expect(await mustRun(join(result.dest, 'terraform'), ['version'])).toBe(`Terraform v${VERSION} (throwaway)\n`);
    expect(leftovers(result.tmp)).toBe('');
  });

  it('downloads through a URL too (file:// here; https:// in CI)', async () => {
    const has = spawnSync('bash', ['-c', 'command -v curl'], { stdio: 'ignore' }).status === 0;
    if (!has) return console.log('file:// case skipped: curl not on PATH');
    const result = await install(`file://${await release('good-url', 'release')}`);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(existsSync(join(result.dest, 'terraform'))).toBe(true);
  });

  it('refuses SHA256SUMS altered after signing (with a matching tampered zip)', async () => {
    const base = await release('tampered-sums', 'release', (dir) => {
      writeFileSync(join(dir, ZIP), 'not terraform');
      const sums = readFileSync(join(dir, SUMS), 'utf8').replace(/^[0-9a-f]{64}(?= {2}terraform_[^ ]+_linux_amd64\.zip$)/m, sha256(join(dir, ZIP)));
      writeFileSync(join(dir, SUMS), sums);
    });
    const result = await install(base);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`install-terraform: signature check of ${SUMS} FAILED: bad signature: ${SUMS} was altered, or the signature is of another file\n`);
    expect(existsSync(join(result.dest, 'terraform'))).toBe(false);
    expect(leftovers(result.tmp)).toBe('');
  });

  it('refuses a signature by a key other than the committed one', async () => {
    const result = await install(await release('wrong-key', 'intruder'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`install-terraform: signature check of ${SUMS} FAILED: not signed by the key in ${keys.release.file}\n`);
    expect(existsSync(join(result.dest, 'terraform'))).toBe(false);
  });

  it('refuses a good signature whose key is in the key file but is not the expected fingerprint', async () => {
    const result = await install(await release('other-key-in-file', 'intruder'), { key: bothKeys });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `install-terraform: signature check of ${SUMS} FAILED: signed by ${keys.intruder.fingerprint}, not by ${keys.release.fingerprint}\n`,
    );
  });

  it('refuses a signature by an expired key, saying where to refresh it', async () => {
    const result = await install(await release('expired-key', 'expired'), { key: keys.expired.file, fingerprint: keys.expired.fingerprint });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `install-terraform: signature check of ${SUMS} FAILED: signed with an expired key; refresh ${keys.expired.file} from https://www.hashicorp.com/.well-known/pgp-key.txt\n`,
    );
    expect(existsSync(join(result.dest, 'terraform'))).toBe(false);
  });

  it('refuses a key file that does not hold the expected key', async () => {
    const result = await install(await release('key-file-without-fingerprint', 'intruder'), { key: keys.intruder.file });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `install-terraform: ${keys.intruder.file} does not hold the key ${keys.release.fingerprint} (it holds: ${keys.intruder.fingerprint})\n`,
    );
  });

  it('refuses a zip whose checksum does not match the signed SHA256SUMS', async () => {
    const base = await release('checksum-mismatch', 'release', (dir) => writeFileSync(join(dir, ZIP), 'a different download'));
    const result = await install(base);
    expect(result.code).toBe(1);
    const want = sha256(join(root, ZIP));
    const got = createHash('sha256').update('a different download').digest('hex');
    expect(result.stderr).toBe(`install-terraform: checksum MISMATCH for ${ZIP}: SHA256SUMS says ${want}, the download is ${got}\n`);
    expect(existsSync(join(result.dest, 'terraform'))).toBe(false);
    expect(leftovers(result.tmp)).toBe('');
  });

  it('refuses a platform the signed SHA256SUMS does not list, and a missing file', async () => {
    const base = await release('platforms', 'release');
    const unlisted = await install(base, { platform: 'linux_arm64' });
    expect(unlisted).toMatchObject({ code: 1, stderr: `install-terraform: ${SUMS} lists no terraform_${VERSION}_linux_arm64.zip (is linux_arm64 a Terraform platform?)\n` });
    const noSig = await release('no-signature', 'release', (dir) => rmSync(join(dir, `${SUMS}.sig`)));
    expect(await install(noSig)).toMatchObject({ code: 1, stderr: `install-terraform: could not read ${noSig}/${VERSION}/${SUMS}.sig\n` });
  });

  it('exits 2 with one line on a usage error', async () => {
    for (const [args, message] of [
      [['--dest', root], '--version is required'],
      [['--version', '1.10', '--dest', root], '--version must look like 1.10.5, got "1.10"'],
      [['--version', VERSION], '--dest is required'],
      [['--version', VERSION, '--dest', root, '--fingerprint', 'abc'], '--fingerprint must be 40 hex digits'],
      [['--version', VERSION, '--dest', root, '--bogus'], 'unknown argument "--bogus"'],
    ] as const) {
      const result = await run('bash', [SCRIPT, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(result.stderr.startsWith(`install-terraform: ${message} (usage: `)).toBe(true);
    }
  });

  it('defaults to the committed key, which is HashiCorp\'s (primary fingerprint C874 011F … 72D7 468F)', async () => {
    const shown = await mustRun('gpg', ['--batch', '--with-colons', '--show-keys', COMMITTED_KEY], { GNUPGHOME: gnupg });
    const primaries = shown.split('\n').flatMap((line, index, lines) => (line.startsWith('pub:') ? [lines[index + 1]?.split(':')[9]] : []));
    expect(primaries).toEqual([HASHICORP_FINGERPRINT]);
    const script = readFileSync(SCRIPT, 'utf8');
    expect(script).toContain(`fingerprint='${HASHICORP_FINGERPRINT}'`);
    expect(script).toContain('key="$here/hashicorp.asc"');
    expect(script).toContain("base_url='https://releases.hashicorp.com/terraform'");
    // A signature by any other key fails against the default (committed) key.
    const result = await run('bash', [SCRIPT, '--version', VERSION, '--dest', join(root, 'dest', 'default-key'), '--base-url', await release('default-key', 'release'), '--platform', PLATFORM]);
    expect(result).toMatchObject({ code: 1, stderr: `install-terraform: signature check of ${SUMS} FAILED: not signed by the key in ${COMMITTED_KEY}\n` });
  });
});
