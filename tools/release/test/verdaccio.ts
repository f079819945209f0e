/**
 * A real npm registry for the release tests: verdaccio (pinned in the root
 * package.json) in a child process on 127.0.0.1, storage and config in a temp
 * dir, no uplinks (nothing is proxied to the public registry), one user whose
 * token goes into a private npm userconfig. `stop()` ends the process and
 * removes the temp dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Registry {
  readonly url: string;
  /** An npm userconfig with the registry's auth token: pass as npm_config_userconfig. */
  readonly userconfig: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

export async function startRegistry(nodeModulesParent: string): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'lq3-verdaccio-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      '    max_users: 1',
      'uplinks: {}',
      'packages:',
      "  '@lq3/*':",
      '    access: $authenticated',
      '    publish: $authenticated',
      "  '**':",
      '    access: $authenticated',
      '    publish: $authenticated',
      'log: { type: stdout, format: json, level: error }',
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [join(__dirname, 'verdaccio-server.cjs'), config], {
    cwd: nodeModulesParent,
    env: { ...process.env, NODE_PATH: join(nodeModulesParent, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stopProcess = () => stopChild(child).finally(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const port = await listeningPort(child);
    const url = `http://127.0.0.1:${port}/`;
    const response = await fetch(`${url}-/user/org.couchdb.user:lq3-release-test`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lq3-release-test', password: 'not-a-secret-test-only' }),
    });
    if (!response.ok) throw new Error(`verdaccio refused the test user: ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    const userconfig = join(dir, 'npmrc');
    writeFileSync(userconfig, `//127.0.0.1:${port}/:_authToken=${token}\n`);
    return { url, userconfig, stop: stopProcess };
  } catch (error) {
    await stopProcess();
    throw error;
  }
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`verdaccio did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`verdaccio exited with ${code}:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
