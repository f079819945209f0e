/**
 * Bitbucket Cloud pull-request comments through its REST 2.0 API
 * (`/2.0/repositories/{workspace}/{repo}/pullrequests/{id}/comments`) with fetch.
 */
import { DEFAULT_RETRY, networkFailure, retryingFetch, type RetryOptions } from './http';
import { mapHttpFailure, PostError, type CommentApi, type PullRequestComment } from './post';

export type BitbucketAuth = { token: string } | { username: string; appPassword: string };

export interface BitbucketCommentOptions {
  workspace: string;
  repoSlug: string;
  pullRequestId: number;
  auth: BitbucketAuth;
  /**
   * API origin.
   * @default 'https://api.bitbucket.org'
   */
  baseUrl?: string;
  /** Timeouts and retries of every request (see RetryOptions for the defaults). */
  retry?: RetryOptions;
}

const TOKEN_HINT = 'BITBUCKET_TOKEN (or BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD)';

interface BitbucketAccount {
  uuid?: string;
  account_id?: string;
  /** `user`, or `app_user` for the bot account behind an access token. */
  type?: string;
}

interface BitbucketComment {
  id: number;
  deleted?: boolean;
  content?: { raw?: string };
  user?: BitbucketAccount;
}

export function createBitbucketCommentApi(options: BitbucketCommentOptions): CommentApi {
  const base = new URL(options.baseUrl ?? 'https://api.bitbucket.org');
  const apiUrl = (...segments: string[]) => new URL(`${base.pathname.replace(/\/$/, '')}/${['2.0', ...segments].map(encodeURIComponent).join('/')}`, base).toString();
  const commentsUrl = apiUrl('repositories', options.workspace, options.repoSlug, 'pullrequests', String(options.pullRequestId), 'comments');
  const target = `${options.workspace}/${options.repoSlug}#${options.pullRequestId}`;
  const authorization =
    'token' in options.auth
      ? `Bearer ${options.auth.token}`
      : `Basic ${Buffer.from(`${options.auth.username}:${options.auth.appPassword}`).toString('base64')}`;

  const fetchWithRetries = retryingFetch('Bitbucket', options.retry);
  const request = async <T>(url: string, method: 'GET' | 'POST' | 'PUT', body?: string): Promise<T> => {
    // Pagination hands us absolute `next` links: never send the credentials to another host.
    if (new URL(url).origin !== base.origin) throw new PostError(`Bitbucket returned a link to another host (${new URL(url).origin}); refusing to follow it`, 'failed');
    const response = await fetchWithRetries(url, {
      method,
      headers: {
        authorization,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify({ content: { raw: body } }),
      redirect: 'error',
    });
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The answer stopped halfway (reset, or the request's timeout).
      throw networkFailure('Bitbucket', new URL(url), error, options.retry?.timeoutMs ?? DEFAULT_RETRY.timeoutMs);
    }
    if (!response.ok) {
      const headers = Object.fromEntries([...response.headers.entries()]);
      throw mapHttpFailure({ platform: 'Bitbucket', target, status: response.status, headers, detail: errorDetail(text), tokenHint: TOKEN_HINT });
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PostError(`Bitbucket answered ${method} ${url} with something that is not JSON`, 'failed');
    }
  };
  const toComment = (comment: BitbucketComment): PullRequestComment => ({
    id: comment.id,
    body: comment.content?.raw ?? '',
    author: { uuid: comment.user?.uuid, accountId: comment.user?.account_id, type: comment.user?.type },
  });

  /**
   * The account comments are posted as (GET /2.0/user). A repository or
   * workspace access token may not read it (no account scope): then undefined,
   * and only comments by an access token's bot account (`app_user`) count as ours.
   */
  const resolveAccount = async (): Promise<BitbucketAccount | undefined> => {
    try {
      return await request<BitbucketAccount>(apiUrl('user'), 'GET');
    } catch (error) {
      const refused = error instanceof PostError && (error.kind === 'unauthorized' || error.kind === 'forbidden');
      if (!refused) throw error;
      if ('token' in options.auth) return undefined;
      throw new PostError(
        `Bitbucket would not say which account BITBUCKET_USERNAME is (GET /2.0/user answered ${error.status}); the app password needs the Account: Read permission, so plan-comment can tell its own comment from others'.`,
        error.kind,
        error.status,
      );
    }
  };
  let account: Promise<BitbucketAccount | undefined> | undefined;

  return {
    target,
    listComments: async () => {
      const comments: PullRequestComment[] = [];
      let next: string | undefined = `${commentsUrl}?pagelen=100`;
      while (next) {
        const page: { values?: BitbucketComment[]; next?: string } = await request(next, 'GET');
        comments.push(...(page.values ?? []).filter((comment) => !comment.deleted).map(toComment));
        next = page.next;
      }
      return comments;
    },
    isOwnComment: async (comment) => {
      account ??= resolveAccount();
      const me = await account;
      if (me === undefined) return comment.author?.type === 'app_user';
      return (me.uuid !== undefined && comment.author?.uuid === me.uuid) || (me.account_id !== undefined && comment.author?.accountId === me.account_id);
    },
    createComment: async (body) => toComment(await request<BitbucketComment>(commentsUrl, 'POST', body)),
    updateComment: async (id, body) => toComment(await request<BitbucketComment>(`${commentsUrl}/${id}`, 'PUT', body)),
  };
}

/** Bitbucket errors look like `{"type":"error","error":{"message":"…","detail":"…"}}`. */
function errorDetail(text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: { message?: unknown; detail?: unknown } }).error;
    return [error?.message, error?.detail].filter((part): part is string => typeof part === 'string' && part.length > 0).join(': ');
  } catch {
    return text.slice(0, 200);
  }
}
