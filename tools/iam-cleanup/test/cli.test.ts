/**
 * The command line: options, defaults, usage errors (exit 2) and --help,
 * without touching AWS.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, main, parseCliArgs, USAGE } from '../src/cli';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    clients: () => {
      throw new Error('no AWS in this test');
    },
  });
  return { code, stdout, stderr };
}

describe('parseCliArgs', () => {
  it('defaults: every account, 180 days idle, 30 days disabled, lq3:keep=true, dry run, table', () => {
    expect(parseCliArgs([])).toEqual({
      accounts: ['staging', 'production'],
      idleDays: 180,
      deleteAfterDays: 30,
      keepUsers: [],
      keepTags: ['lq3:keep=true'],
      apply: false,
      format: 'table',
      region: 'eu-central-1',
      help: false,
    });
  });

  it('reads every option', () => {
    const args = ['--account', 'production', '--days', '90', '--delete-after', '14', '--keep', 'break-glass', '--keep', 'terraform-ci', '--keep-tag', 'service', '--apply', '--json', '--region', 'eu-west-1', '--endpoint-url', 'http://127.0.0.1:4566'];
    expect(parseCliArgs(args)).toEqual({
      accounts: ['production'],
      idleDays: 90,
      deleteAfterDays: 14,
      keepUsers: ['break-glass', 'terraform-ci'],
      keepTags: ['lq3:keep=true', 'service'],
      apply: true,
      format: 'json',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      help: false,
    });
    expect(parseCliArgs(['--format', 'slack']).format).toBe('slack');
    expect(parseCliArgs(['--slack-file', 'out.json']).slackFile).toBe('out.json');
  });
});

describe('main', () => {
  it('--help prints the usage with the exit codes, and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result).toEqual({ code: EXIT.ok, stdout: USAGE, stderr: '' });
    expect(USAGE).toMatch(/Exit codes: 0 done .*, 1 some user or account\nfailed .*, 2 usage error/s);
  });

  it.each([
    [['--account', 'dev'], '--account "dev" is not one of staging, production'],
    [['--days', '0'], '--days takes a whole number of days, at least 1 (got "0")'],
    [['--days', '1.5'], '--days takes a whole number of days, at least 1 (got "1.5")'],
    [['--delete-after=-3'], '--delete-after takes a whole number of days, at least 1 (got "-3")'],
    [['--format', 'yaml'], '--format "yaml" is not one of table, json, slack'],
    [['--json', '--format', 'slack'], '--json and --format slack contradict each other'],
    [['--keep-tag', '=true'], '--keep-tag "=true" names no tag key'],
    [['--endpoint-url', 'localhost:4566'], '--endpoint-url "localhost:4566" is no http(s) URL'],
    [['--force'], "Unknown option '--force'"],
    [['staging'], "Unexpected argument 'staging'"],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`iam-cleanup: ${message}`);
    expect(result.stderr).toContain('iam-cleanup --help shows the options');
  });

  it('an account it cannot reach is reported, the next one still tried, and the exit code is 1', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lq3-iam-cleanup-cli-'));
    try {
      const slackFile = join(directory, 'slack.json');
      const result = await cli(['--slack-file', slackFile]);
      expect(result.code).toBe(EXIT.failed);
      expect(result.stdout).toContain('staging (111111111111): FAILED: no AWS in this test');
      expect(result.stdout).toContain('production (222222222222): FAILED: no AWS in this test');
      expect(result.stderr).toContain('iam-cleanup: dry run in staging (111111111111), production (222222222222)');
      expect(JSON.parse(readFileSync(slackFile, 'utf8')).text).toContain('*production (222222222222): FAILED: no AWS in this test*');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('a Slack file it cannot write is a failure (exit 1), after the report', async () => {
    const result = await cli(['--account', 'staging', '--slack-file', '/nonexistent-directory/slack.json']);
    expect(result.code).toBe(EXIT.failed);
    expect(result.stdout).toContain('staging (111111111111): FAILED');
    expect(result.stderr).toContain('iam-cleanup: could not write /nonexistent-directory/slack.json: ENOENT');
  });
});
