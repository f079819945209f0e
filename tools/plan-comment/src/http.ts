/**
 * The one HTTP path both platforms take (Bitbucket directly, GitHub as
 * Octokit's `request.fetch`): a timeout per request, bounded retries with
 * exponential backoff that honour Retry-After, and network failures that name
 * the host and the reason instead of "fetch failed".
 *
 * Retried: idempotent requests (GET, PUT, PATCH of the same comment, a GraphQL
 * query) on 500/502/503/504, a connection reset or a timeout; any request on a
 * rate limit (429, or GitHub's 403 with Retry-After or no requests left), which
 * the server did not carry out. A POST that may have gone through is not
 * repeated here: `upsertStickyComment` looks for the comment first.
 */
import { PostError } from './post';

export interface RetryOptions {
  /**
   * Attempts per request, the first included.
   * @default 4
   */
  attempts?: number;
  /**
   * First backoff when the server gives no Retry-After; doubles on each retry.
   * @default 1000
   */
  baseDelayMs?: number;
  /**
   * Longest backoff of our own (a server's Retry-After may be longer, within the budget).
   * @default 10000
   */
  maxDelayMs?: number;
  /**
   * What one client may spend on retrying: the waits plus the time the failed
   * attempts took (a timed-out one counts in full). A wait that does not fit
   * ends the retries and the last answer is reported (e.g. "rate limit … retry after 120 s").
   * @default 60000
   */
  maxTotalWaitMs?: number;
  /**
   * One request's limit, connecting included.
   * @default 30000
   */
  timeoutMs?: number;
  /** Called before each wait, e.g. to log it. */
  onRetry?: (retry: { method: string; url: string; reason: string; attempt: number; of: number; waitMs: number }) => void;
  /** @default a real timer */
  sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  now?: () => number;
}

export const DEFAULT_RETRY: Required<Omit<RetryOptions, 'onRetry'>> = {
  attempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
  maxTotalWaitMs: 60_000,
  timeoutMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
};

type Fetch = typeof fetch;

/** A fetch for one platform client; all its requests share one retry budget. */
export function retryingFetch(platform: 'GitHub' | 'Bitbucket', options: RetryOptions = {}): Fetch {
  const settings = { ...DEFAULT_RETRY, ...options };
  let spent = 0;
  /** The wait before the next attempt, or undefined when attempts or budget are used up. */
  const nextWait = (attempt: number, serverWaitMs: number | undefined): number | undefined => {
    if (attempt >= settings.attempts) return undefined;
    const wait = serverWaitMs ?? Math.min(settings.baseDelayMs * 2 ** (attempt - 1), settings.maxDelayMs);
    return spent + wait <= settings.maxTotalWaitMs ? wait : undefined;
  };

  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const idempotent = isIdempotent(method, url, init.body);
    for (let attempt = 1; ; attempt += 1) {
      const started = settings.now();
      let response: Response;
      try {
        const timeout = AbortSignal.timeout(settings.timeoutMs);
        response = await fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
      } catch (error) {
        const failure = networkFailure(platform, url, error, settings.timeoutMs);
        spent += settings.now() - started;
        const wait = idempotent && failure.transient ? nextWait(attempt, undefined) : undefined;
        if (wait === undefined) throw failure;
        await pause(failure.reason, wait, attempt);
        continue;
      }
      const rateLimited = rateLimitWait(response, settings.now());
      const failed = rateLimited !== undefined || (idempotent && RETRYABLE_STATUS.has(response.status));
      if (!failed) return response;
      spent += settings.now() - started;
      const wait = nextWait(attempt, rateLimited ?? retryAfterMs(response.headers.get('retry-after'), settings.now()));
      if (wait === undefined) return response;
      // Free the connection of the answer we throw away.
      await response.body?.cancel();
      await pause(`HTTP ${response.status}`, wait, attempt);
    }

    async function pause(reason: string, waitMs: number, attempt: number): Promise<void> {
      settings.onRetry?.({ method, url: `${url.host}${url.pathname}`, reason, attempt, of: settings.attempts, waitMs });
      spent += waitMs;
      await settings.sleep(waitMs);
    }
  };
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

function isIdempotent(method: string, url: URL, body: unknown): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'PATCH') return true;
  // A GraphQL query reads; only a mutation writes.
  return method === 'POST' && url.pathname.endsWith('/graphql') && typeof body === 'string' && !/"query"\s*:\s*"\s*mutation\b/.test(body);
}

/**
 * For a rate-limit answer (the request was not carried out), how long to wait:
 * Retry-After, else until GitHub's x-ratelimit-reset. Undefined for anything else.
 */
function rateLimitWait(response: Response, now: number): number | undefined {
  const headers = response.headers;
  const retryAfter = retryAfterMs(headers.get('retry-after'), now);
  const exhausted = headers.get('x-ratelimit-remaining') === '0';
  if (response.status !== 429 && !(response.status === 403 && (retryAfter !== undefined || exhausted))) return undefined;
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(headers.get('x-ratelimit-reset'));
  // One second past the reset, as GitHub advises.
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) + 1000 : undefined;
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A request that got no HTTP answer at all. */
export class NetworkError extends PostError {
  constructor(
    message: string,
    /** e.g. `connection refused (ECONNREFUSED)` */
    readonly reason: string,
    /** Worth another try (reset, timeout, DNS hiccup), unlike a refused connection or an unknown host. */
    readonly transient: boolean,
  ) {
    super(message, 'unreachable');
  }
}

const REASONS: Readonly<Record<string, [string, boolean]>> = {
  ECONNREFUSED: ['connection refused', false],
  ENOTFOUND: ['no such host', false],
  EAI_AGAIN: ['DNS lookup failed for now', true],
  ECONNRESET: ['connection reset', true],
  EPIPE: ['connection closed while sending', true],
  ETIMEDOUT: ['connection timed out', true],
  EHOSTUNREACH: ['host unreachable', true],
  ENETUNREACH: ['network unreachable', true],
  UND_ERR_CONNECT_TIMEOUT: ['connection timed out', true],
  UND_ERR_HEADERS_TIMEOUT: ['no answer in time', true],
  UND_ERR_SOCKET: ['connection closed unexpectedly', true],
};

/** Turns fetch's `TypeError: fetch failed` (the real error is in `cause`) into one sentence naming host and reason. */
export function networkFailure(platform: string, url: URL, error: unknown, timeoutMs: number): NetworkError {
  const where = `could not reach ${platform} at ${url.host}`;
  if (error instanceof NetworkError) return error;
  // AbortSignal.timeout rejects with a DOMException named TimeoutError.
  if ((error as { name?: unknown } | null)?.name === 'TimeoutError') {
    return new NetworkError(`${where}: no answer within ${timeoutMs / 1000} s (timeout)`, 'timeout', true);
  }
  const cause = innermostCode(error);
  if (cause?.code !== undefined) {
    const known = REASONS[cause.code];
    const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(cause.code);
    const reason = `${known?.[0] ?? (tls ? 'TLS certificate rejected' : cause.message)} (${cause.code})`;
    return new NetworkError(`${where}: ${reason}`, reason, known?.[1] ?? false);
  }
  const message = cause?.message ?? String(error);
  return new NetworkError(`${where}: ${message}`, message, false);
}

/**
 * The deepest error in `cause` chains and AggregateErrors (one per address
 * tried) that carries a code. Duck-typed: fetch's errors come from Node's own
 * realm, where `instanceof Error` of a sandbox (Jest's) does not hold.
 */
function innermostCode(error: unknown): { code?: string; message: string } | undefined {
  let found: { code?: string; message: string } | undefined;
  const visit = (value: unknown, depth: number) => {
    if (typeof value !== 'object' || value === null || depth > 5) return;
    const { code, message, name, errors, cause } = value as { code?: unknown; message?: unknown; name?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') found = { code, message: String(message) };
    else if (found === undefined && typeof message === 'string' && message !== '' && !(name === 'TypeError' && message === 'fetch failed')) found = { message };
    if (Array.isArray(errors)) errors.forEach((inner) => visit(inner, depth + 1));
    visit(cause, depth + 1);
  };
  visit(error, 0);
  return found;
}
