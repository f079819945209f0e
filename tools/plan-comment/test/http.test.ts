/**
 * Retries, backoff, Retry-After and network errors of the fetch both platform
 * clients use, against the loopback fake; waits are recorded, never slept.
 */
import { networkFailure, retryingFetch, retryAfterMs, type RetryOptions } from '../src/http';
import { REVIEWER, useFakePlatforms } from './fake-platforms';
import { closedPort } from './helpers';

const TOKEN = 'Bearer http-test';
/** Real HTTP on a busy machine: never Jest's 5 s default. */
const TALKS_TO_SERVER = 30_000;
const platforms = useFakePlatforms({ [TOKEN]: REVIEWER });

const NOW = Date.parse('Wed, 02 Dec 2026 10:00:00 GMT');

function client(options: RetryOptions = {}) {
  const waits: number[] = [];
  const fetch = retryingFetch('Bitbucket', {
    sleep: async (ms) => {
      waits.push(ms);
    },
    now: () => NOW,
    ...options,
  });
  const call = (method = 'GET', path = '/2.0/user') =>
    fetch(`${platforms.url}${path}`, { method, headers: { authorization: TOKEN }, body: method === 'GET' ? undefined : JSON.stringify({ content: { raw: 'x' } }) });
  return { waits, call };
}

describe('retryingFetch', () => {
  it('retries an idempotent request on 502/503 with exponential backoff, then returns the answer', async () => {
    platforms.failure = { status: 503, body: { error: { message: 'Service Unavailable' } }, times: 2 };
    const { waits, call } = client();
    const response = await call();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ uuid: REVIEWER.uuid });
    expect(waits).toEqual([1000, 2000]);
    expect(platforms.requests).toHaveLength(3);
  }, TALKS_TO_SERVER);

  it('honours Retry-After, in seconds or as an HTTP date', async () => {
    platforms.failure = { status: 503, headers: { 'retry-after': '7' }, body: {}, times: 1 };
    const seconds = client();
    expect((await seconds.call()).status).toBe(200);
    expect(seconds.waits).toEqual([7000]);

    // PUT of the same comment is safe to repeat.
    platforms.seed('bitbucket:lq3/infrastructure#7', 1);
    const [comment] = platforms.list('bitbucket:lq3/infrastructure#7');
    platforms.failure = { status: 502, headers: { 'retry-after': 'Wed, 02 Dec 2026 10:00:05 GMT' }, body: {}, times: 1 };
    const date = client();
    expect((await date.call('PUT', `/2.0/repositories/lq3/infrastructure/pullrequests/7/comments/${comment.id}`)).status).toBe(200);
    expect(date.waits).toEqual([5000]);
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
  }, TALKS_TO_SERVER);

  it('stops after the attempts, and earlier when the next wait would pass the total budget, returning the last answer', async () => {
    platforms.failure = { status: 500, body: {} };
    const attempts = client();
    expect((await attempts.call()).status).toBe(500);
    expect(attempts.waits).toEqual([1000, 2000, 4000]);
    expect(platforms.requests).toHaveLength(4);

    platforms.requests.length = 0;
    const budget = client({ maxTotalWaitMs: 2500 });
    expect((await budget.call()).status).toBe(500);
    expect(budget.waits).toEqual([1000]);
    // A rate limit whose Retry-After does not fit is reported, not waited for.
    platforms.failure = { status: 429, headers: { 'retry-after': '120' }, body: {} };
    expect((await budget.call()).status).toBe(429);
    expect(budget.waits).toEqual([1000]);
  }, TALKS_TO_SERVER);

  it('does not repeat a POST that may have gone through, but does one refused by a rate limit', async () => {
    platforms.failure = { status: 502, body: {}, times: 1 };
    const post = client();
    expect((await post.call('POST', '/2.0/repositories/lq3/infrastructure/pullrequests/7/comments')).status).toBe(502);
    expect(post.waits).toEqual([]);

    platforms.failure = { status: 429, headers: { 'retry-after': '1' }, body: {}, times: 1 };
    expect((await post.call('POST', '/2.0/repositories/lq3/infrastructure/pullrequests/7/comments')).status).toBe(201);
    expect(post.waits).toEqual([1000]);
  }, TALKS_TO_SERVER);

  it("waits for GitHub's rate-limit reset when it fits the budget", async () => {
    const reset = String(NOW / 1000 + 3);
    platforms.failure = { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { message: 'API rate limit exceeded' }, times: 1 };
    const { waits, call } = client();
    expect((await call()).status).toBe(200);
    expect(waits).toEqual([4000]);
  }, TALKS_TO_SERVER);

  it('names the host and the reason when nothing answers, and does not retry a refused connection', async () => {
    const port = await closedPort();
    const waits: number[] = [];
    const fetch = retryingFetch('GitHub', { sleep: async (ms) => void waits.push(ms) });
    await expect(fetch(`http://127.0.0.1:${port}/user`)).rejects.toMatchObject({
      message: `could not reach GitHub at 127.0.0.1:${port}: connection refused (ECONNREFUSED)`,
      kind: 'unreachable',
      transient: false,
    });
    expect(waits).toEqual([]);
  }, TALKS_TO_SERVER);

  it('gives up on a request that gets no answer after its timeout, retrying idempotent ones within the budget', async () => {
    platforms.failure = { status: 200, body: {}, hang: true };
    // The attempts' own time counts: two timed-out attempts (each at least 0.2 s, at most ~2 s on a busy
    // machine) plus the 1 s wait leave no room in 3.3 s for the next 2 s wait, while the first wait always fits.
    const { waits, call } = client({ timeoutMs: 200, maxTotalWaitMs: 3_300, now: Date.now });
    await expect(call()).rejects.toMatchObject({ message: `could not reach Bitbucket at ${new URL(platforms.url).host}: no answer within 0.2 s (timeout)`, transient: true });
    expect(waits).toEqual([1000]);
    expect(platforms.requests).toHaveLength(2);
  }, TALKS_TO_SERVER);
});

describe('networkFailure', () => {
  const url = new URL('https://api.github.example/repos/lq3/infrastructure');
  const failed = (cause: unknown) => new TypeError('fetch failed', { cause });
  const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

  it.each([
    [coded('getaddrinfo ENOTFOUND api.github.example', 'ENOTFOUND'), 'no such host (ENOTFOUND)', false],
    [coded('getaddrinfo EAI_AGAIN api.github.example', 'EAI_AGAIN'), 'DNS lookup failed for now (EAI_AGAIN)', true],
    [coded('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT'), 'connection timed out (UND_ERR_CONNECT_TIMEOUT)', true],
    [coded('read ECONNRESET', 'ECONNRESET'), 'connection reset (ECONNRESET)', true],
    [Object.assign(new AggregateError([coded('connect ECONNREFUSED ::1:443', 'ECONNREFUSED')], ''), {}), 'connection refused (ECONNREFUSED)', false],
    [coded('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'TLS certificate rejected (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', false],
    [new Error('unexpected redirect'), 'unexpected redirect', false],
  ])('describes %p', (cause, reason, transient) => {
    expect(networkFailure('GitHub', url, failed(cause), 30_000)).toMatchObject({ message: `could not reach GitHub at api.github.example: ${reason}`, transient });
  });
});
