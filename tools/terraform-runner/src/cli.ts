/**
 * `terraform-runner <plan|apply|destroy> [flags]`, run by the inferred Nx
 * targets with the live project as working directory. Exit code 0 on success,
 * 1 on any failure or refusal (with one message saying why).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ACCOUNT_NAMES, ConfigError, ConfigErrors } from '@lq3/live-shared';
import { apply, DEFAULT_MAX_PLAN_AGE_MS } from './apply';
import { RunnerError } from './binary';
import type { RunnerContext } from './context';
import { destroy } from './destroy';
import { emulatorEndpoints } from './emulator';
import { DEFAULT_CONCURRENCY, plan } from './plan';
import { forwardStopSignals, signalExitCode, stoppedBy } from './process';
import { lockProject } from './project-lock';
import { up } from './up';
import { validate } from './validate';

export const USAGE = `usage: terraform-runner <validate|plan|apply|up|destroy> [options]

  validate  init -backend=false and validate -json every stack (no credentials, no state)
            --concurrency <n>
  plan      init, plan and show -json every stack of the live project into tfplan/
            --concurrency <n>       stacks at a time (default ${DEFAULT_CONCURRENCY})
  apply     apply the saved plans of the last plan: stacks that only remove things dependents
            first, then the rest dependencies first; stacks the plan deferred are left for later
            --auto-approve          do not ask for "yes"
            --allow-destroy <addr>  allow deleting/replacing this stateful resource (repeatable;
                                    <address> or <stack>:<address>)
            --max-plan-age <age>    refuse older plans, e.g. 30m, 2h (default 2h)
            --concurrency <n>
  up        plan and apply in rounds until no stack is deferred: brings a new env up, or a
            disabled one back, in one command (each round guarded and confirmed like apply)
            --auto-approve, --allow-destroy <addr>, --concurrency <n>
  destroy   destroy a disposable environment, dependents first
            --auto-approve, --allow-destroy <addr>, --concurrency <n>

  --account <name>     only the stacks of this AWS account (${ACCOUNT_NAMES.join(' | ')}); a parallel
                       project spans both, and CI applies them in separate, differently gated steps
  --project-dir <dir>  the live project (default: the current directory)
  --emulator-aws <url> --emulator-cloudflare <url>
                       run against a local AWS emulator (tools/aws-emulator) and the Cloudflare
                       stand-in's fake API instead of the real clouds: loopback URLs only, refused
                       while real credentials are in the environment
  Environment: TF_BINARY (else tofu or terraform on PATH), TF_PLUGIN_CACHE_DIR.`;

export async function main(argv: string[], context: Omit<RunnerContext, 'projectDir'> = defaultContext()): Promise<number> {
  const stopForwarding = forwardStopSignals(context.printError);
  let release: (() => void) | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'auto-approve': { type: 'boolean', default: false },
        'allow-destroy': { type: 'string', multiple: true, default: [] },
        'max-plan-age': { type: 'string' },
        concurrency: { type: 'string' },
        'project-dir': { type: 'string' },
        account: { type: 'string' },
        'emulator-aws': { type: 'string' },
        'emulator-cloudflare': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    const [command, ...extra] = positionals;
    if (values.help) {
      context.print(USAGE);
      return 0;
    }
    if (!command || extra.length > 0 || !['validate', 'plan', 'apply', 'up', 'destroy'].includes(command)) {
      throw new RunnerError(`expected one command, validate, plan, apply, up or destroy, got "${positionals.join(' ')}"\n${USAGE}`);
    }
    const account = values.account;
    if (account !== undefined && !(ACCOUNT_NAMES as readonly string[]).includes(account)) {
      throw new RunnerError(`--account must be one of ${ACCOUNT_NAMES.join(', ')}, got "${account}"`);
    }
    const emulator = emulatorEndpoints(values['emulator-aws'], values['emulator-cloudflare'], context.env);
    const runContext: RunnerContext = {
      ...context,
      projectDir: resolve(values['project-dir'] ?? process.cwd()),
      ...(account ? { account } : {}),
      ...(emulator ? { emulator } : {}),
    };
    const concurrency = values.concurrency === undefined ? DEFAULT_CONCURRENCY : parseConcurrency(values.concurrency);
    const allowDestroy = values['allow-destroy'];
    release = lockProject(runContext, command);
    let ok: boolean;
    if (command === 'validate') {
      ok = await validate(runContext, { concurrency });
    } else if (command === 'plan') {
      ok = (await plan(runContext, { concurrency })).ok;
    } else if (command === 'up') {
      ok = await up(runContext, { autoApprove: values['auto-approve'], allowDestroy, concurrency });
    } else if (command === 'apply') {
      const maxPlanAgeMs = values['max-plan-age'] === undefined ? DEFAULT_MAX_PLAN_AGE_MS : parseAge(values['max-plan-age']);
      ok = await apply(runContext, { autoApprove: values['auto-approve'], allowDestroy, maxPlanAgeMs, concurrency });
    } else {
      ok = await destroy(runContext, { autoApprove: values['auto-approve'], allowDestroy, concurrency });
    }
    const signal = stoppedBy();
    if (signal) {
      context.printError(`${command} stopped by ${signal}; every terraform process it started has exited.`);
      return signalExitCode(signal);
    }
    return ok ? 0 : 1;
  } catch (error) {
    // Expected refusals and bad input: one message. Anything else is a bug: keep the stack.
    if (!(error instanceof Error)) context.printError(String(error));
    else if (error instanceof RunnerError || error instanceof ConfigError || error instanceof ConfigErrors || 'code' in error) context.printError(error.message);
    else context.printError(error.stack ?? error.message);
    return 1;
  } finally {
    release?.();
    stopForwarding();
  }
}

function parseConcurrency(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new RunnerError(`--concurrency must be a whole number of at least 1, got "${value}"`);
  return parsed;
}

/** `90s`, `30m`, `2h`, `1d`. */
export function parseAge(value: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(value.trim());
  if (!match) throw new RunnerError(`--max-plan-age must be a number with s, m, h or d (e.g. 30m, 2h), got "${value}"`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

function defaultContext(): Omit<RunnerContext, 'projectDir'> {
  return {
    env: process.env,
    print: (line) => console.log(line),
    printError: (line) => console.error(line),
    input: process.stdin,
    interactive: process.stdin.isTTY === true,
    now: () => new Date(),
  };
}
