/**
 * `validate`: `terraform init -backend=false` and `validate -json` in every
 * synthesized stack — no credentials, no state — with each problem reported as
 * `<stack>: <resource address> (<construct path>): <summary>: <detail>`.
 */
import { readFileSync } from 'node:fs';
import { formatDuration, indent, type RunnerContext } from './context';
import { blockAt, keyPathAt } from './json-location';
import { runInDependencyOrder } from './schedule';
import { openSession } from './session';
import type { SynthesizedStack } from './stacks';

export interface ValidateOptions {
  /** Stacks validated at the same time. @default 4 */
  concurrency?: number;
}

interface Diagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  range?: { filename?: string; start?: { byte?: number } };
  snippet?: { context?: string };
}

export async function validate(context: RunnerContext, options: ValidateOptions = {}): Promise<boolean> {
  const { stacks, terraform } = openSession(context);
  let errors = 0;
  const outcomes = await runInDependencyOrder(stacks, { concurrency: options.concurrency ?? 4 }, async (stack) => {
    const started = Date.now();
    const init = await terraform.init(stack.workingDirectory, { backend: false });
    if (init.exitCode !== 0) {
      context.printError(`${stack.name}: terraform init -backend=false failed (exit ${init.exitCode}):\n${indent(init.stderr || init.stdout)}`);
      errors++;
      return false;
    }
    const result = await terraform.validateJson(stack.workingDirectory);
    let report: { valid?: boolean; diagnostics?: Diagnostic[] };
    try {
      report = JSON.parse(result.stdout) as typeof report;
    } catch {
      context.printError(`${stack.name}: terraform validate -json printed no JSON (exit ${result.exitCode}):\n${indent(result.stderr || result.stdout)}`);
      errors++;
      return false;
    }
    // Terraform's diagnostic order varies from run to run; report them in file order.
    const diagnostics = [...(report.diagnostics ?? [])].sort((a, b) => (a.range?.start?.byte ?? -1) - (b.range?.start?.byte ?? -1));
    const lines = diagnostics.map((diagnostic) => ({ severity: diagnostic.severity, line: describeDiagnostic(stack, diagnostic) }));
    for (const { severity, line } of lines) (severity === 'error' ? context.printError : context.print)(`${severity === 'error' ? '' : 'warning: '}${line}`);
    const stackErrors = lines.filter((entry) => entry.severity === 'error').length;
    errors += stackErrors;
    if (stackErrors === 0 && report.valid !== false) context.print(`${stack.name}: valid (${formatDuration(Date.now() - started)})`);
    return stackErrors === 0 && report.valid !== false;
  });
  const failed = [...outcomes].filter(([, outcome]) => outcome !== 'ok').map(([name]) => name);
  context.print(`validate: ${stacks.length} stack(s), ${failed.length} invalid${errors > 0 ? `, ${errors} error(s)` : ''}`);
  return failed.length === 0;
}

/** `<stack>: <address> (<construct path>): <summary>: <detail>` */
export function describeDiagnostic(stack: SynthesizedStack, diagnostic: Diagnostic): string {
  const where = locate(stack, diagnostic);
  const detail = (diagnostic.detail ?? '').replace(/\s+/g, ' ').trim();
  return [`${stack.name}${where ? `: ${where}` : ''}`, diagnostic.summary ?? 'problem', ...(detail ? [detail] : [])].join(': ');
}

function locate(stack: SynthesizedStack, diagnostic: Diagnostic): string | undefined {
  const byte = diagnostic.range?.start?.byte;
  const inStackJson = diagnostic.range?.filename === 'cdk.tf.json';
  if (inStackJson && typeof byte === 'number') {
    const text = readFileSync(stack.jsonFile, 'utf8');
    const block = blockAt(JSON.parse(text) as Record<string, unknown>, keyPathAt(text, byte));
    if (block) return block.constructPath ? `${block.address} (${block.constructPath})` : block.address;
  }
  const context = diagnostic.snippet?.context;
  return context ? context.replace(/^resource\./, '') : undefined;
}
