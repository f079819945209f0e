/**
 * `restore <live project dir> --database <env> (--to-time <ISO> | --latest | --snapshot <id>) [--yes]`:
 * restores an environment's database as a NEW instance, never in place. Prints the plan,
 * acts only with --yes, waits until the instance is available and prints the next steps.
 */
import { parseArgs } from 'node:util';
import { RDSClient } from '@aws-sdk/client-rds';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { loadProjectEnvironments } from '@lq3/live-shared';
import { databaseIdentifier } from '@lq3/live-shared/src/environment-references';
import { planRestore, renderPlan, RestoreError, startRestore, waitUntilAvailable, type RestorePlan, type RestorePoint } from './restore';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const USAGE = `Usage: restore <live project dir> --database <env> (--to-time <time> | --latest | --snapshot <id>) [options]
       nx run <project>:restore -- --database <env> (--to-time <time> | --latest | --snapshot <id>) [options]

Restores the env's database (lq3-<env>-mysql) as a NEW instance, never in place: to a
point in time inside its recovery window, to the latest restorable time, or from a
snapshot (manual, automated or AWS Backup's awsbackup:job-...). The new instance gets the
source's class, subnet group, security groups and parameter group. Prints the plan;
nothing changes without --yes.

Options:
  --database <env>        env name of the project (or its identifier lq3-<env>-mysql)
  --to-time <time>        ISO 8601 UTC, e.g. 2026-12-01T10:00:00Z
  --latest                the latest restorable time
  --snapshot <id>         a DB snapshot identifier or ARN
  --target <id>           the new instance (default lq3-<env>-mysql-r<yyyymmddhhmm>)
  --yes                   restore (default: print the plan only)
  --wait-minutes <n>      give up waiting after n minutes (default 90; the restore goes on)
  --poll-seconds <n>      seconds between status checks (default 30)
  --region <region>       default: the env's region
  --endpoint-url <url>    RDS and STS endpoint (the AWS emulator; default: AWS)
  -h, --help              show this help

Exit codes: 0 planned or restored, 1 the restore failed or timed out, 2 usage error.
`;

export class UsageError extends Error {}

export interface CliDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Base credentials (tests); the SDK's default chain otherwise. */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Builds the RDS client; assumes the env account's role by default. */
  readonly rds?: (settings: { region: string; roleArn: string; endpoint?: string }) => RDSClient;
}

export interface CliOptions {
  readonly projectDir?: string;
  readonly database?: string;
  readonly point?: RestorePoint;
  readonly target?: string;
  readonly yes: boolean;
  readonly waitMinutes: number;
  readonly pollSeconds: number;
  readonly region?: string;
  readonly endpoint?: string;
  readonly help: boolean;
}

const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$/;

function whole(value: string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new UsageError(`${flag} takes a whole number from 1 to ${max} (got ${JSON.stringify(value)})`);
  return Number(value);
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        database: { type: 'string' },
        'to-time': { type: 'string' },
        latest: { type: 'boolean' },
        snapshot: { type: 'string' },
        target: { type: 'string' },
        yes: { type: 'boolean' },
        'wait-minutes': { type: 'string' },
        'poll-seconds': { type: 'string' },
        region: { type: 'string' },
        'endpoint-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { yes: false, waitMinutes: 90, pollSeconds: 30, help: true };
  if (positionals.length !== 1) throw new UsageError(`needs exactly one live project directory, e.g. live/production01 (got ${positionals.length})`);
  if (!values.database) throw new UsageError('--database is required: the env whose database to restore');
  const chosen = [values['to-time'] !== undefined && '--to-time', values.latest && '--latest', values.snapshot !== undefined && '--snapshot'].filter(Boolean);
  if (chosen.length !== 1) throw new UsageError(chosen.length === 0 ? 'say what to restore to: --to-time <time>, --latest or --snapshot <id>' : `${chosen.join(' and ')} contradict each other; give one`);
  let point: RestorePoint;
  if (values['to-time'] !== undefined) {
    const text = values['to-time'];
    const time = new Date(text);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(time.getTime())) {
      throw new UsageError(`--to-time ${JSON.stringify(text)} is not an ISO 8601 time with a zone, e.g. 2026-12-01T10:00:00Z`);
    }
    point = { kind: 'time', time };
  } else if (values.snapshot !== undefined) {
    if (!/^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:snapshot:)?[a-zA-Z][a-zA-Z0-9:-]{0,254}$/.test(values.snapshot)) throw new UsageError(`--snapshot ${JSON.stringify(values.snapshot)} is not a DB snapshot identifier or ARN`);
    point = { kind: 'snapshot', snapshot: values.snapshot };
  } else {
    point = { kind: 'latest' };
  }
  if (values.target !== undefined && !IDENTIFIER.test(values.target)) throw new UsageError(`--target ${JSON.stringify(values.target)} is not a DB instance identifier (1-63 lower-case letters, digits, single hyphens, starting with a letter)`);
  const endpoint = values['endpoint-url'];
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) throw new UsageError(`--endpoint-url ${JSON.stringify(endpoint)} is no http(s) URL`);
  return {
    projectDir: positionals[0],
    database: values.database,
    point,
    ...(values.target ? { target: values.target } : {}),
    yes: values.yes ?? false,
    waitMinutes: whole(values['wait-minutes'], '--wait-minutes', 90, 24 * 60),
    pollSeconds: whole(values['poll-seconds'], '--poll-seconds', 30, 3600),
    ...(values.region ? { region: values.region } : {}),
    ...(endpoint ? { endpoint } : {}),
    help: false,
  };
}

const defaultDeps: CliDeps = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

function assumeRoleRds(settings: { region: string; roleArn: string; endpoint?: string }, credentials: CliDeps['credentials'], session: string): RDSClient {
  const common = { region: settings.region, ...(settings.endpoint ? { endpoint: settings.endpoint } : {}) };
  return new RDSClient({
    ...common,
    credentials: fromTemporaryCredentials({
      params: { RoleArn: settings.roleArn, RoleSessionName: session, DurationSeconds: 3600 },
      ...(credentials ? { masterCredentials: credentials } : {}),
      clientConfig: common,
    }),
  });
}

const stamp = (date: Date) => date.toISOString().slice(0, 16).replace(/[-:T]/g, '');

export function nextSteps(plan: RestorePlan, env: string, endpoint: string): string {
  return `
Next steps
  1. Check the restored data on ${endpoint} (same users and IAM authentication as ${plan.source}
     had at that point). ${plan.target} has deletion protection on and is not managed by Terraform.
  2. Take back only what was lost (the usual case): copy the rows or tables from ${plan.target}
     into ${plan.source} (mysqldump --single-transaction -h ${endpoint.split(':')[0]} <db> <tables> | mysql -h <${env} writer> <db>).
  3. Or make it ${env}'s database: docs/operations.md, "Switch an env over to a restored database"
     (no env.yaml field does it for a base env yet). After the switch, a new database.refreshToken in
     the env.yaml of ${env}'s parallel copies replaces them from the newest snapshot of ${plan.source}.
  4. When done: aws rds modify-db-instance --db-instance-identifier ${plan.target} --no-deletion-protection --apply-immediately
     then aws rds delete-db-instance --db-instance-identifier ${plan.target} --skip-final-snapshot
`;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], deps: Partial<CliDeps> = {}): Promise<number> {
  const io: CliDeps = { ...defaultDeps, ...deps };
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`restore: ${error.message}\n(restore --help shows the options)\n`);
    return EXIT.usage;
  }
  if (options.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  let environments;
  try {
    environments = loadProjectEnvironments(options.projectDir!);
  } catch (error) {
    io.stderr(`restore: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const wanted = options.database!;
  const env = environments.find((candidate) => candidate.name === wanted || databaseIdentifier(candidate.name) === wanted);
  if (!env) {
    io.stderr(`restore: --database ${JSON.stringify(wanted)} is not an env of ${options.projectDir} (${environments.map((candidate) => candidate.name).join(', ')})\n`);
    return EXIT.usage;
  }
  const now = io.now();
  const source = databaseIdentifier(env.name);
  const target = options.target ?? `${source}-r${stamp(now)}`;
  const settings = { region: options.region ?? env.region, roleArn: env.awsAccount.roleArn, ...(options.endpoint ? { endpoint: options.endpoint } : {}) };
  const rds = io.rds ? io.rds(settings) : assumeRoleRds(settings, io.credentials, `lq3-restore-${now.getTime()}`);
  try {
    io.stderr(`restore: ${env.name} in ${env.awsAccount.name} (${env.awsAccount.id}), ${settings.region}\n`);
    const plan = await planRestore(rds, source, target, options.point!, now);
    io.stdout(renderPlan(plan));
    if (!options.yes) {
      io.stdout('\nDry run: nothing was changed. Run again with --yes to restore.\n');
      return EXIT.ok;
    }
    await startRestore(rds, plan);
    io.stdout(`\nRestoring ${plan.target} (waiting up to ${options.waitMinutes} minutes, every ${options.pollSeconds} s):\n`);
    const endpoint = await waitUntilAvailable(rds, plan.target, {
      timeoutMs: options.waitMinutes * 60_000,
      pollMs: options.pollSeconds * 1000,
      now: io.now,
      sleep: io.sleep,
      log: (line) => io.stdout(`${line}\n`),
    });
    io.stdout(`\n${plan.target} is available at ${endpoint}.\n${nextSteps(plan, env.name, endpoint)}`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof RestoreError) {
      io.stderr(`restore: ${error.message}\n`);
      return error.message.startsWith('--') ? EXIT.usage : EXIT.failed;
    }
    io.stderr(`restore: ${(error as Error).name}: ${(error as Error).message}\n`);
    return EXIT.failed;
  } finally {
    rds.destroy();
  }
}
