/**
 * The `policy` target of one live project: scan its synthesized stacks with
 * checkov, write `<project>/cdktf.out.policy/report.json`, print a per-stack
 * summary, and fail on any failed check or untrusted scan.
 */
import { mkdtempSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { OUTPUT_DIR } from '@lq3/live-shared';
import { writeCheckovInput } from './checkov-input';
import { runCheckov } from './checkov';
import { checkInvariants } from './invariants';
import { projectStacksUnderTest } from './project-stacks';
import { evaluateScan, projectProblems, type ProjectScan } from './scan';
import { loadSkips } from './skips';
import { readSynthOutput } from './terraform-json';

export const REPORT_DIR = 'cdktf.out.policy';
export const REPORT_FILE = 'report.json';
export const SKIPS_FILE = '.checkov.yaml';

/** Scans one live project (`live/<name>`, relative to or inside `workspaceRoot`). */
export function scanProject(workspaceRoot: string, projectDir: string): ProjectScan {
  const stacks = readSynthOutput(join(projectDir, OUTPUT_DIR));
  const skips = loadSkips(join(workspaceRoot, SKIPS_FILE));
  // The same invariants the Jest suite checks across all envs, here for this project alone,
  // so an env change is re-checked by its own (affected, cached) policy target.
  const violations = checkInvariants(projectStacksUnderTest(stacks, projectDir, workspaceRoot));
  const inputDir = mkdtempSync(join(tmpdir(), 'lq3-policy-'));
  try {
    writeCheckovInput(stacks, inputDir);
    return evaluateScan(basename(projectDir), stacks, runCheckov(workspaceRoot, inputDir), skips, violations);
  } finally {
    rmSync(inputDir, { recursive: true, force: true });
  }
}

/** Writes the report atomically, so a cut-off run never leaves half a file for the docs. */
export function writeReport(projectDir: string, scan: ProjectScan): string {
  const dir = join(projectDir, REPORT_DIR);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, REPORT_FILE);
  const partial = `${file}.tmp-${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(scan, null, 2)}\n`);
  renameSync(partial, file);
  return file;
}

export function formatSummary(scan: ProjectScan): string {
  const rows = scan.stacks.map((stack) => [
    stack.stack,
    `${stack.parsedResources}/${stack.resources}`,
    stack.passed.length,
    stack.failed.length,
    stack.skipped.length,
    stack.problems.length > 0 ? 'UNTRUSTED' : 'ok',
    stack.invariantViolations.length > 0 ? `${stack.invariantViolations.length} violated` : 'ok',
  ]);
  const header = ['stack', 'parsed', 'passed', 'failed', 'skipped', 'scan', 'invariants'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells: readonly (string | number)[]) => cells.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd();
  return [`checkov ${scan.checkovVersion} on ${scan.project}`, line(header), ...rows.map(line)].join('\n');
}

function main(): void {
  const workspaceRoot = resolve(__dirname, '..', '..', '..');
  const projectArg = process.argv[2];
  if (!projectArg) {
    console.error('usage: policy-run.ts <live project dir, e.g. live/staging01>');
    process.exitCode = 2;
    return;
  }
  try {
    const projectDir = resolve(workspaceRoot, projectArg);
    const scan = scanProject(workspaceRoot, projectDir);
    writeReport(projectDir, scan);
    console.log(formatSummary(scan));
    const problems = projectProblems(scan);
    for (const problem of problems) console.error(`policy: ${problem}`);
    if (problems.length > 0) process.exitCode = 1;
  } catch (error) {
    console.error(`policy failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
