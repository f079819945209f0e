/**
 * GitHub pull-request comments through @octokit/rest (PR comments are issue
 * comments in GitHub's API).
 */
import { retryingFetch, type RetryOptions } from './http';
import { mapHttpFailure, PostError, type CommentApi, type PullRequestComment } from './post';

export interface GitHubCommentOptions {
  /** `owner/name`. */
  repository: string;
  pullNumber: number;
  token: string;
  /**
   * REST API root; GitHub Enterprise Server uses `https://<host>/api/v3`.
   * @default 'https://api.github.com'
   */
  baseUrl?: string;
  /** Timeouts and retries of every request (see RetryOptions for the defaults). */
  retry?: RetryOptions;
}

const TOKEN_HINT = 'GITHUB_TOKEN';

export async function createGitHubCommentApi(options: GitHubCommentOptions): Promise<CommentApi> {
  const [owner, repo, ...rest] = options.repository.split('/');
  if (!owner || !repo || rest.length > 0) throw new PostError(`GitHub repository must be "owner/name", got "${options.repository}"`, 'failed');
  const target = `${owner}/${repo}#${options.pullNumber}`;
  // @octokit/rest 22 is ESM-only; a dynamic import loads it from this CommonJS package.
  const { Octokit } = await import('@octokit/rest');
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: 'lq3-plan-comment',
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    // Timeouts, retries and network errors are ours (./http), the same as Bitbucket's.
    request: { fetch: retryingFetch('GitHub', options.retry) },
  });
  const issue = { owner, repo, issue_number: options.pullNumber };

  const call = async <T>(request: () => Promise<{ data: T }>): Promise<T> => {
    try {
      return (await request()).data;
    } catch (error) {
      throw toPostError(error, target);
    }
  };
  const toComment = (data: { id: number; body?: string | null; user?: { login?: string } | null }): PullRequestComment => ({
    id: data.id,
    body: data.body ?? '',
    author: { login: data.user?.login },
  });

  /**
   * The login comments are posted as. GET /user answers for user tokens; an
   * installation token (GITHUB_TOKEN, a GitHub App's) gets 403 "Resource not
   * accessible by integration" there, but GraphQL's `viewer` names its bot,
   * e.g. `github-actions[bot]`.
   */
  const resolveLogin = async (): Promise<string> => {
    try {
      return (await octokit.rest.users.getAuthenticated()).data.login;
    } catch (error) {
      if ((error as { status?: unknown }).status !== 403) throw toPostError(error, target);
    }
    try {
      return (await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }')).viewer.login;
    } catch (error) {
      if (typeof (error as { status?: unknown }).status === 'number') throw toPostError(error, target);
      throw new PostError(`GitHub would not say which account ${TOKEN_HINT} belongs to (GET /user: 403; GraphQL viewer: ${(error as Error).message})`, 'failed');
    }
  };
  let login: Promise<string> | undefined;

  return {
    target,
    listComments: async () => {
      const comments = await call(async () => ({ data: await octokit.paginate(octokit.rest.issues.listComments, { ...issue, per_page: 100 }) }));
      return comments.map(toComment);
    },
    isOwnComment: async (comment) => {
      login ??= resolveLogin();
      // Logins are case-insensitive.
      return comment.author?.login?.toLowerCase() === (await login).toLowerCase();
    },
    createComment: async (body) => toComment(await call(() => octokit.rest.issues.createComment({ ...issue, body }))),
    updateComment: async (id, body) => toComment(await call(() => octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body }))),
  };
}

function toPostError(error: unknown, target: string): PostError {
  const failure = error as { status?: unknown; message?: unknown; cause?: unknown; response?: { headers?: Record<string, unknown>; data?: unknown } };
  // Octokit wraps what our fetch threw (a NetworkError naming host and reason) as a status-500 RequestError.
  if (failure.cause instanceof PostError) return failure.cause;
  // Without a response Octokit still reports status 500: the request never got an answer.
  if (typeof failure.status !== 'number' || failure.response === undefined) {
    return new PostError(`could not reach GitHub for ${target}: ${error instanceof Error ? error.message : String(error)}`, 'failed');
  }
  const headers = Object.fromEntries(Object.entries(failure.response?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value === undefined ? undefined : String(value)]));
  const data = failure.response?.data as { message?: unknown; errors?: { message?: unknown }[] } | undefined;
  const detail = [data?.message, ...(data?.errors ?? []).map((entry) => entry.message)].filter((part): part is string => typeof part === 'string').join('; ');
  return mapHttpFailure({ platform: 'GitHub', target, status: failure.status, headers, detail, tokenHint: TOKEN_HINT });
}
