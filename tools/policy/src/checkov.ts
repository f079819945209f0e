/**
 * Runs the pinned checkov from the repo-root virtualenv over a directory of
 * prepared stack files and returns its JSON report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Ids of the sentinel checks in tools/policy/checks: they pass on every parsed resource / data source. */
export const PARSED_SENTINEL_ID = 'LQ3_PARSED';
export const PARSED_DATA_SENTINEL_ID = 'LQ3_PARSED_DATA';

export interface CheckovRecord {
  readonly check_id: string;
  readonly check_name: string;
  /** `/<stack>/cdk.tf.json`, relative to the scanned directory. */
  readonly file_path: string;
  /** `<type>.<name>`; for the wildcard sentinel checkov writes `resource.<name>`. */
  readonly resource: string;
  readonly check_result?: { readonly result: string; readonly suppress_comment?: string };
  readonly guideline?: string | null;
}

export interface CheckovReport {
  readonly checkovVersion: string;
  readonly passed: readonly CheckovRecord[];
  readonly failed: readonly CheckovRecord[];
  readonly skipped: readonly CheckovRecord[];
  /** Files checkov could not parse, as it names them. */
  readonly parsingErrors: readonly string[];
}

interface RawReport {
  readonly check_type?: string;
  readonly results?: {
    readonly passed_checks?: CheckovRecord[];
    readonly failed_checks?: CheckovRecord[];
    readonly skipped_checks?: CheckovRecord[];
    readonly parsing_errors?: string[];
  };
  readonly summary?: { readonly checkov_version?: string; readonly parsing_errors?: number };
}

export function checkovBinary(workspaceRoot: string): string {
  return join(workspaceRoot, '.venv', 'bin', 'checkov');
}

/**
 * Scans every `cdk.tf.json` under `inputDir` with the terraform_json framework.
 * Runs offline (--skip-download) with `inputDir` as working directory, so no
 * stray `.checkov.yaml` is picked up: skips are applied by scan.ts, which keeps
 * them visible in the report.
 */
export function runCheckov(workspaceRoot: string, inputDir: string): CheckovReport {
  const binary = checkovBinary(workspaceRoot);
  if (!existsSync(binary)) {
    throw new Error(`${binary} not found: run \`bash tools/policy/setup-venv.sh\` to install the pinned checkov`);
  }
  const args = [
    '--directory', inputDir,
    '--framework', 'terraform_json',
    '--output', 'json',
    '--skip-download',
    '--external-checks-dir', join(workspaceRoot, 'tools', 'policy', 'checks'),
  ];
  const run = spawnSync(binary, args, {
    cwd: inputDir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    // No __pycache__ next to the sentinel checks in the work tree.
    env: { ...process.env, LOG_LEVEL: 'ERROR', PYTHONWARNINGS: 'ignore', PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (run.error) throw new Error(`could not start ${binary}: ${run.error.message}`);
  // checkov exits 1 when a check fails; anything else, or no JSON, is a crash.
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`checkov exited with ${run.status}: ${lastLines(run.stderr)}`);
  }
  return parseCheckovOutput(run.stdout, run.stderr);
}

/** Parses `checkov -o json` output (one report, a list of reports, or the empty-scan summary). */
export function parseCheckovOutput(stdout: string, stderr = ''): CheckovReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error(`checkov printed no JSON report: ${lastLines(stderr || stdout)}`);
  }
  const reports = (Array.isArray(parsed) ? parsed : [parsed]) as RawReport[];
  const report = reports.find((candidate) => candidate.check_type === 'terraform_json');
  return {
    checkovVersion: report?.summary?.checkov_version ?? 'unknown',
    passed: report?.results?.passed_checks ?? [],
    failed: report?.results?.failed_checks ?? [],
    skipped: report?.results?.skipped_checks ?? [],
    parsingErrors: report?.results?.parsing_errors ?? [],
  };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n') || '(no output)';
}
