/**
 * The AWS emulator (moto server, tools/aws-emulator) for these tests: one
 * process on 127.0.0.1 per test file, started by the lifecycle test's server
 * helper (ready line, SIGTERM then SIGKILL), its log in a temporary directory
 * removed on stop. Without the emulator's venv the moto tests skip, saying why.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { ACCOUNTS, type AccountName } from '@lq3/live-shared/src/accounts';
import { startServer } from '@lq3/lifecycle/src/servers';
import { assumeRoleClients } from '../src/clients';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
const LAUNCHER = join(WORKSPACE_ROOT, 'tools', 'aws-emulator', 'bin', 'lq3-aws-emulator');
const VENV_PYTHON = join(WORKSPACE_ROOT, 'tools', 'aws-emulator', '.venv', 'bin', 'python');


/** Any credentials will do: moto's default account, from which the roles are assumed. */
export const TEST_CREDENTIALS = { accessKeyId: 'lq3-iam-cleanup-test', secretAccessKey: 'lq3-iam-cleanup-test-secret' };
export const REGION = 'eu-central-1';
/** The emulator starts in ~1 s on an idle machine; a loaded 2-core one may take far longer. */
export const START_TIMEOUT_MS = 150_000;

export interface Emulator {
  readonly url: string;
  /** Forgets every account's state (moto's /moto-api/reset). */
  reset(): Promise<void>;
  /** Its log, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

export async function startEmulator(): Promise<Emulator> {
  // Never a silent skip: a CI without the emulator's venv must fail, not pass fewer tests.
  if (!existsSync(VENV_PYTHON)) throw new Error(`${VENV_PYTHON} is missing; create it with \`bash tools/policy/setup-venv.sh\``);
  const directory = mkdtempSync(join(tmpdir(), 'lq3-iam-cleanup-'));
  const logFile = join(directory, 'aws-emulator.log');
  let server;
  try {
    server = await startServer({ name: 'AWS emulator', command: LAUNCHER, args: ['--port', '0'], logFile, readyTimeoutMs: START_TIMEOUT_MS - 10_000 });
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  return {
    url: running.url,
    reset: async () => {
      const response = await fetch(`${running.url}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset: HTTP ${response.status}`);
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop: async () => {
      await running.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** An IAM client in `account` (through its role, like the tool), for setting up and checking state. */
export function accountIam(url: string, account: AccountName): IAMClient {
  const target = { name: account, id: ACCOUNTS[account].id, roleArn: ACCOUNTS[account].roleArn };
  const clients = assumeRoleClients(target, { region: REGION, endpoint: url, credentials: TEST_CREDENTIALS }, 'lq3-iam-cleanup-test-setup');
  clients.sts.destroy();
  return clients.iam;
}
