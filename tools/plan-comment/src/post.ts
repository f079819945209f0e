/**
 * The sticky comment: one per pull request, found by its hidden marker in a
 * comment written by the identity we post as, and updated in place on every
 * push. Platform clients list, create, update and tell whose a comment is;
 * this decides which, and owns the too-long fallback.
 */
import { COMMENT_MARKERS } from './render';

export interface PullRequestComment {
  id: number;
  body: string;
  /** Who wrote it, as the platform reports it (GitHub: login; Bitbucket: uuid, account_id, type). */
  author?: { login?: string; uuid?: string; accountId?: string; type?: string };
}

/** What a platform must offer for one pull request. */
export interface CommentApi {
  /** e.g. `owner/repo#12`, used in messages. */
  readonly target: string;
  /** Every comment of the pull request, all pages. */
  listComments(): Promise<PullRequestComment[]>;
  /**
   * Whether the identity this client posts as wrote the comment. Looks that
   * identity up on first use only, so a PR without any marked comment costs no extra call.
   */
  isOwnComment(comment: PullRequestComment): Promise<boolean>;
  createComment(body: string): Promise<PullRequestComment>;
  updateComment(id: number, body: string): Promise<PullRequestComment>;
}

export type PostErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'too-long' | 'rate-limited' | 'unreachable' | 'failed';

export class PostError extends Error {
  constructor(
    message: string,
    readonly kind: PostErrorKind,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface HttpFailure {
  platform: 'GitHub' | 'Bitbucket';
  target: string;
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The API's own error message, if it gave one. */
  detail: string;
  tokenHint: string;
}

/** One clear sentence per failure the APIs are known to return. */
export function mapHttpFailure({ platform, target, status, headers, detail, tokenHint }: HttpFailure): PostError {
  const said = detail ? ` (${platform} said: ${detail})` : '';
  const rateLimited = status === 429 || (status === 403 && headers['x-ratelimit-remaining'] === '0');
  if (rateLimited) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = headers['retry-after']
      ? `retry after ${headers['retry-after']} s`
      : Number.isFinite(reset) && reset > 0
        ? `the limit resets at ${new Date(reset * 1000).toISOString()}`
        : 'retry later';
    return new PostError(`${platform} API rate limit reached while commenting on ${target}; ${when}.`, 'rate-limited', status);
  }
  if (status === 413 || ((status === 400 || status === 422) && /too long|too large|maximum|exceed/i.test(detail))) {
    return new PostError(`${platform} rejected the comment on ${target} as too long${said}.`, 'too-long', status);
  }
  if (status === 401) {
    return new PostError(`${platform} rejected the credentials (401)${said}; check ${tokenHint}.`, 'unauthorized', status);
  }
  if (status === 403) {
    return new PostError(`${platform} refused access to ${target} (403)${said}; the token needs permission to write pull-request comments.`, 'forbidden', status);
  }
  if (status === 404) {
    return new PostError(
      `${platform} found no pull request ${target} (404)${said}; check the repository and PR number, and that ${tokenHint} can see the repository.`,
      'not-found',
      status,
    );
  }
  return new PostError(`${platform} API call for ${target} failed with HTTP ${status}${said}.`, 'failed', status);
}

export interface StickyResult {
  action: 'created' | 'updated';
  id: number;
  /** True when the full body was rejected as too long and the compact one was posted instead. */
  compact: boolean;
}

/**
 * Updates our own comment carrying the marker (the oldest, if several) or
 * creates one; someone else's comment that quotes the marker is left alone.
 * A body rejected as too long is retried once with `compactBody`.
 */
export async function upsertStickyComment(api: CommentApi, body: string, compactBody: string): Promise<StickyResult> {
  const existing = await findOwnMarkedComment(api);
  const send = (text: string) => (existing ? api.updateComment(existing.id, text) : createOnce(api, text));
  let compact = false;
  let posted: PullRequestComment;
  try {
    posted = await send(body);
  } catch (error) {
    if (!(error instanceof PostError) || error.kind !== 'too-long' || compactBody === body) throw error;
    compact = true;
    posted = await send(compactBody);
  }
  return { action: existing ? 'updated' : 'created', id: posted.id, compact };
}

/**
 * A POST is not repeated blindly: after a failure that may have happened after
 * the comment was stored (5xx, connection reset, timeout), look for it first,
 * then post again only if it is not there.
 */
async function createOnce(api: CommentApi, body: string): Promise<PullRequestComment> {
  try {
    return await api.createComment(body);
  } catch (error) {
    const mayHaveLanded = error instanceof PostError && ((error.status ?? 0) >= 500 || (error.kind === 'unreachable' && (error as { transient?: boolean }).transient === true));
    if (!mayHaveLanded) throw error;
    const landed = await findOwnMarkedComment(api);
    if (landed === undefined) return api.createComment(body);
    return landed.body === body ? landed : api.updateComment(landed.id, body);
  }
}

async function findOwnMarkedComment(api: CommentApi): Promise<PullRequestComment | undefined> {
  const markers = Object.values(COMMENT_MARKERS);
  for (const comment of await api.listComments()) {
    if (markers.some((marker) => comment.body.includes(marker)) && (await api.isOwnComment(comment))) return comment;
  }
  return undefined;
}
