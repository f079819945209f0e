/**
 * `plan-comment [paths...]`: render the plan summaries into the sticky PR
 * comment and post it (or print it with --dry-run). Repository, PR number and
 * flavour come from flags or the CI's own variables; tokens only from the
 * environment, and they are never printed.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBitbucketCommentApi, type BitbucketAuth } from './bitbucket';
import { createGitHubCommentApi } from './github';
import { DEFAULT_RETRY, type RetryOptions } from './http';
import { DEFAULT_INPUT, InputError, loadPlans } from './load';
import { PostError, upsertStickyComment, type CommentApi } from './post';
import { FLAVOURS, MIN_MAX_LENGTH, renderComment, type Flavour } from './render';

export const USAGE = `Usage: plan-comment [options] [paths...]

Renders plan summaries (summary.json) and/or raw plan JSON (*.plan.json) into one
sticky pull-request comment and posts it. Paths may be files, directories or globs
(default: ${DEFAULT_INPUT}).

Options:
  --flavour github|bitbucket  comment flavour and platform (default: detected from CI)
  --dry-run                   print the comment instead of posting it
  --max-length <n>            body size limit, at least ${MIN_MAX_LENGTH} (default: 65536 GitHub, 32768 Bitbucket)
  --commit <sha>              commit shown in the header (default: from the summaries)
  --repo <owner/name>         GitHub repository, or Bitbucket <workspace>/<repo-slug>
  --pr <number>               pull request number
  --api-url <url>             API root (GitHub Enterprise, tests)
  --max-retry-wait <seconds>  what retrying failed API calls may take in all
                              (default: ${DEFAULT_RETRY.maxTotalWaitMs / 1000}; 0 = no retries)
  -h, --help                  show this help

Environment:
  GitHub:    GITHUB_TOKEN; GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_API_URL
  Bitbucket: BITBUCKET_TOKEN or BITBUCKET_USERNAME + BITBUCKET_APP_PASSWORD;
             BITBUCKET_WORKSPACE, BITBUCKET_REPO_SLUG, BITBUCKET_PR_ID, BITBUCKET_API_URL
`;

export class UsageError extends Error {}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Waits between retries; tests pass one that does not really wait. @default a real timer */
  sleep?: (ms: number) => Promise<void>;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the CLI; resolves to the exit code. Every failure is one line on stderr. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = defaultIo, cwd = process.cwd()): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const flavour = resolveFlavour(args.values.flavour, env);
    const maxLength = args.values['max-length'] === undefined ? undefined : wholeNumber(args.values['max-length'], '--max-length', MIN_MAX_LENGTH);
    const retry = retryOptions(args.values['max-retry-wait'], io);
    // Bad posting flags are usage errors with --dry-run too, and before any plan is read.
    checkPostingFlags(flavour, args.values);
    const summaries = loadPlans(args.positionals.length > 0 ? args.positionals : [DEFAULT_INPUT], cwd);
    const commit = args.values.commit;
    const full = renderComment(summaries, { flavour, maxLength, commit });

    if (args.values['dry-run']) {
      io.stdout(full.body);
      io.stderr(`plan-comment: dry run, ${full.body.length} characters${full.trimmed ? ' (trimmed)' : ''}, nothing posted\n`);
      return 0;
    }
    const api = await commentApi(flavour, args.values, env, retry);
    const compact = renderComment(summaries, { flavour, maxLength, commit, compact: true });
    const result = await upsertStickyComment(api, full.body, compact.body);
    const form = result.compact ? ' (compact form, the full one was too long)' : full.trimmed ? ' (trimmed to the size limit)' : '';
    io.stdout(`plan-comment: ${result.action} comment ${result.id} on ${api.target}${form}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`plan-comment: ${error.message} (see plan-comment --help)\n`);
      return 2;
    }
    const known = error instanceof PostError || error instanceof InputError;
    io.stderr(`plan-comment: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!known && env['DEBUG'] && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 1;
  }
}

function parseCliArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        flavour: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'max-length': { type: 'string' },
        commit: { type: 'string' },
        repo: { type: 'string' },
        pr: { type: 'string' },
        'api-url': { type: 'string' },
        'max-retry-wait': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // Node words some of these over several lines; every failure is one line.
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

type CliValues = ReturnType<typeof parseCliArgs>['values'];

function resolveFlavour(flag: string | undefined, env: NodeJS.ProcessEnv): Flavour {
  if (flag !== undefined) {
    if (!(FLAVOURS as readonly string[]).includes(flag)) throw new UsageError(`--flavour must be one of ${FLAVOURS.join(', ')}, got "${flag}"`);
    return flag as Flavour;
  }
  if (env['GITHUB_ACTIONS'] === 'true') return 'github';
  if (env['BITBUCKET_BUILD_NUMBER']) return 'bitbucket';
  throw new UsageError('cannot tell the platform outside GitHub Actions or Bitbucket Pipelines; pass --flavour github|bitbucket');
}

function positiveInteger(value: string, name: string): number {
  return wholeNumber(value, name, 1);
}

function wholeNumber(value: string, name: string, minimum: number): number {
  if (!/^\d+$/.test(value) || Number(value) < minimum) {
    throw new UsageError(`${name} must be ${minimum === 1 ? 'a positive whole number' : `a whole number of at least ${minimum}`}, got "${value}"`);
  }
  return Number(value);
}

function retryOptions(maxRetryWait: string | undefined, io: CliIo): RetryOptions {
  const seconds = maxRetryWait === undefined ? undefined : wholeNumber(maxRetryWait, '--max-retry-wait', 0);
  return {
    ...(seconds === undefined ? {} : { maxTotalWaitMs: seconds * 1000 }),
    ...(io.sleep ? { sleep: io.sleep } : {}),
    onRetry: ({ method, url, reason, attempt, of, waitMs }) =>
      io.stderr(`plan-comment: ${method} ${url}: ${reason}; retry ${attempt} of ${of - 1} in ${waitMs / 1000} s\n`),
  };
}

/** A value from its flag, else from the CI's variable, with the name a message should blame. */
interface Setting {
  value: string;
  from: string;
}

function setting(flag: string, flagValue: string | undefined, variable: string, env: NodeJS.ProcessEnv): Setting | undefined {
  if (flagValue !== undefined) return { value: flagValue, from: flag };
  const value = env[variable];
  return value ? { value, from: variable } : undefined;
}

const REPOSITORY_SHAPE: Readonly<Record<Flavour, string>> = { github: 'owner/name', bitbucket: '<workspace>/<repo-slug>' };

function repositoryParts(repository: Setting, flavour: Flavour): [string, string] {
  const [first, second, ...rest] = repository.value.split('/');
  if (!first || !second || rest.length > 0) throw new UsageError(`${repository.from} must be ${REPOSITORY_SHAPE[flavour]}, got "${repository.value}"`);
  return [first, second];
}

function apiUrl(url: Setting | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (!URL.canParse(url.value) || !/^https?:$/.test(new URL(url.value).protocol)) throw new UsageError(`${url.from} must be an http(s) URL, got "${url.value}"`);
  return url.value;
}

function checkPostingFlags(flavour: Flavour, values: CliValues): void {
  if (values.repo !== undefined) repositoryParts({ value: values.repo, from: '--repo' }, flavour);
  if (values.pr !== undefined) positiveInteger(values.pr, '--pr');
  apiUrl(values['api-url'] === undefined ? undefined : { value: values['api-url'], from: '--api-url' });
}

async function commentApi(flavour: Flavour, values: CliValues, env: NodeJS.ProcessEnv, retry: RetryOptions): Promise<CommentApi> {
  if (flavour === 'github') {
    const repository = setting('--repo', values.repo, 'GITHUB_REPOSITORY', env);
    if (!repository) throw new UsageError('no GitHub repository: pass --repo owner/name or set GITHUB_REPOSITORY');
    repositoryParts(repository, flavour);
    const pullNumber = values.pr !== undefined ? positiveInteger(values.pr, '--pr') : pullNumberFromEvent(env);
    const token = env['GITHUB_TOKEN'];
    if (!token) throw new UsageError('GITHUB_TOKEN is not set; the comment needs a token with pull-requests: write (or use --dry-run)');
    return createGitHubCommentApi({ repository: repository.value, pullNumber, token, baseUrl: apiUrl(setting('--api-url', values['api-url'], 'GITHUB_API_URL', env)), retry });
  }
  const workspaceAndSlug = [env['BITBUCKET_WORKSPACE'], env['BITBUCKET_REPO_SLUG']].filter(Boolean).join('/');
  const repository = values.repo !== undefined ? { value: values.repo, from: '--repo' } : workspaceAndSlug ? { value: workspaceAndSlug, from: 'BITBUCKET_WORKSPACE/BITBUCKET_REPO_SLUG' } : undefined;
  if (!repository) throw new UsageError('no Bitbucket repository: pass --repo <workspace>/<repo-slug> or set BITBUCKET_WORKSPACE and BITBUCKET_REPO_SLUG');
  const [workspace, repoSlug] = repositoryParts(repository, flavour);
  const prId = setting('--pr', values.pr, 'BITBUCKET_PR_ID', env);
  if (!prId) throw new UsageError('no pull request: pass --pr or run in a pull-request pipeline (BITBUCKET_PR_ID)');
  return createBitbucketCommentApi({
    workspace,
    repoSlug,
    pullRequestId: positiveInteger(prId.value, prId.from),
    auth: bitbucketAuth(env),
    baseUrl: apiUrl(setting('--api-url', values['api-url'], 'BITBUCKET_API_URL', env)),
    retry,
  });
}

function pullNumberFromEvent(env: NodeJS.ProcessEnv): number {
  const eventPath = env['GITHUB_EVENT_PATH'];
  if (!eventPath) throw new UsageError('no pull request: pass --pr or run in a pull_request workflow (GITHUB_EVENT_PATH)');
  let event: { pull_request?: { number?: unknown }; number?: unknown };
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the GitHub event at ${eventPath}: ${(error as Error).message}`);
  }
  const number = event.pull_request?.number ?? event.number;
  if (typeof number !== 'number') throw new UsageError(`the GitHub event at ${eventPath} is not a pull request; pass --pr`);
  return number;
}

function bitbucketAuth(env: NodeJS.ProcessEnv): BitbucketAuth {
  const token = env['BITBUCKET_TOKEN'];
  if (token) return { token };
  const username = env['BITBUCKET_USERNAME'];
  const appPassword = env['BITBUCKET_APP_PASSWORD'];
  if (username && appPassword) return { username, appPassword };
  throw new UsageError('no Bitbucket credentials: set BITBUCKET_TOKEN, or BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD (or use --dry-run)');
}
