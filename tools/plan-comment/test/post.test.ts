/**
 * Posting against a local fake of both APIs on 127.0.0.1. Bitbucket runs
 * in-process; GitHub goes through the real CLI in a child process, because
 * @octokit/rest is ESM-only and Jest's CommonJS sandbox cannot load it (plain
 * Node can), which also covers the bin, env handling and exit codes end to end.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { COMMENT_MARKERS } from '../src/render';
import { REVIEWER, useFakePlatforms, type FakeAccount } from './fake-platforms';
import { closedPort, hugePlan, LIVE_FIXTURES, tempDir, writePlan } from './helpers';

const BIN = join(__dirname, '..', 'bin', 'plan-comment.cjs');
/** A CLI child gets this long; a busy machine may need many times the usual half second. */
const CHILD_TIMEOUT_MS = 45_000;
/** Tests that spawn up to two children, or only talk to the loopback server, never hit Jest's 5 s default. */
const SPAWNS = 2 * CHILD_TIMEOUT_MS + 15_000;
const TALKS_TO_SERVER = 30_000;
const GITHUB_KEY = 'github:lq3/infrastructure#7';
const BITBUCKET_KEY = 'bitbucket:lq3/infrastructure#7';
const GITHUB_TOKEN = 'ghs_test-token-123';
const BITBUCKET_TOKEN = 'bb-access-token-456';
/** What GitHub reports for GITHUB_TOKEN (an installation token): GET /user is refused, GraphQL's viewer answers. */
const ACTIONS_BOT: FakeAccount = { login: 'github-actions[bot]', uuid: 'gha', kind: 'bot', installation: true };
const GITHUB_USER: FakeAccount = { login: 'lq3-ci', uuid: 'lq3-ci', kind: 'user' };
/** A Bitbucket repository access token posts as its own bot account (type app_user). */
const TOKEN_BOT: FakeAccount = { login: 'infrastructure plan token', uuid: '{5e1f-token-bot}', kind: 'bot' };
const APP_PASSWORD_USER: FakeAccount = { login: 'ci-bot', uuid: '{7c2d-ci-bot}', accountId: '557058:ci-bot', kind: 'user' };
const BASIC = `Basic ${Buffer.from('ci-bot:app-pass').toString('base64')}`;

/** Waits the in-process CLI asked for between retries; recorded, never slept. */
const waits: number[] = [];

const platforms = useFakePlatforms({
  [`token ${GITHUB_TOKEN}`]: ACTIONS_BOT,
  'token ghp_user-token-789': GITHUB_USER,
  [`Bearer ${BITBUCKET_TOKEN}`]: TOKEN_BOT,
  [BASIC]: APP_PASSWORD_USER,
});
beforeEach(() => {
  waits.length = 0;
});

const paths = () => platforms.requests.map((request) => `${request.method} ${request.path.replace(/\?.*/, '')}`);

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runGitHubCli(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const eventPath = join(tempDir(), 'event.json');
  writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          GITHUB_ACTIONS: 'true',
          GITHUB_REPOSITORY: 'lq3/infrastructure',
          GITHUB_EVENT_PATH: eventPath,
          GITHUB_API_URL: platforms.url,
          GITHUB_TOKEN,
          ...env,
        },
        timeout: CHILD_TIMEOUT_MS,
      },
      (error, stdout, stderr) => {
        if (error?.killed) resolve({ code: -1, stdout, stderr: `${stderr}[killed with ${error.signal}: no exit within ${CHILD_TIMEOUT_MS} ms]` });
        else resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

async function runBitbucket(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    {
      BITBUCKET_BUILD_NUMBER: '42',
      BITBUCKET_WORKSPACE: 'lq3',
      BITBUCKET_REPO_SLUG: 'infrastructure',
      BITBUCKET_PR_ID: '7',
      BITBUCKET_API_URL: platforms.url,
      BITBUCKET_TOKEN,
      ...env,
    },
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), sleep: async (ms) => void waits.push(ms) },
  );
  return { code, stdout, stderr };
}

describe('GitHub (through @octokit/rest, via the CLI)', () => {
  it('creates the comment on the first run and updates the same one on the next, found past the first page', async () => {
    platforms.seed(GITHUB_KEY, 120);
    const first = await runGitHubCli([LIVE_FIXTURES]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const ours = platforms.list(GITHUB_KEY).filter((comment) => comment.body.startsWith(COMMENT_MARKERS.github));
    expect(ours).toHaveLength(1);
    expect(first.stdout).toBe(`plan-comment: created comment ${ours[0].id} on lq3/infrastructure#7\n`);

    const second = await runGitHubCli([`${LIVE_FIXTURES}/production01`]);
    expect(second.stdout).toBe(`plan-comment: updated comment ${ours[0].id} on lq3/infrastructure#7\n`);
    expect(platforms.list(GITHUB_KEY)).toHaveLength(121);
    expect(ours[0].body).toContain('No changes in 1 environment');

    const methods = paths();
    expect(methods).toContain('POST /repos/lq3/infrastructure/issues/7/comments');
    expect(methods).toContain(`PATCH /repos/lq3/infrastructure/issues/comments/${ours[0].id}`);
    expect(platforms.requests.some((request) => request.path.includes('page=2'))).toBe(true);
    expect(new Set(platforms.requests.map((request) => request.authorization))).toEqual(new Set([`token ${GITHUB_TOKEN}`]));
    expect(first.stdout + second.stdout).not.toContain(GITHUB_TOKEN);
  }, SPAWNS);

  it.each([
    [401, {}, { message: 'Bad credentials' }, 'GitHub rejected the credentials (401) (GitHub said: Bad credentials); check GITHUB_TOKEN.'],
    [404, {}, { message: 'Not Found' }, 'GitHub found no pull request lq3/infrastructure#7 (404)'],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1800000000' }, { message: 'API rate limit exceeded' }, 'GitHub API rate limit reached while commenting on lq3/infrastructure#7; the limit resets at 2027-01-15T08:00:00.000Z.'],
    [429, { 'retry-after': '30' }, { message: 'secondary rate limit' }, 'GitHub API rate limit reached while commenting on lq3/infrastructure#7; retry after 30 s.'],
  ])('maps HTTP %d to one clear message and exit code 1', async (status, headers, body, message) => {
    platforms.failure = { status, headers, body };
    // A rate limit is waited for only within --max-retry-wait; these resets are further away.
    const result = await runGitHubCli([LIVE_FIXTURES, '--max-retry-wait', '10']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`plan-comment: ${message}`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toContain(GITHUB_TOKEN);
  }, SPAWNS);

  it('updates only a comment of its own: a reviewer quoting the marker is left alone (GITHUB_TOKEN is github-actions[bot])', async () => {
    platforms.seed(GITHUB_KEY, 1, () => `> ${COMMENT_MARKERS.github}\n> why does this replace the database?`);
    const quoted = platforms.list(GITHUB_KEY)[0].body;
    const first = await runGitHubCli([LIVE_FIXTURES]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const ours = platforms.list(GITHUB_KEY).filter((comment) => comment.author === ACTIONS_BOT);
    expect(ours).toHaveLength(1);
    expect(first.stdout).toBe(`plan-comment: created comment ${ours[0].id} on lq3/infrastructure#7\n`);
    // GET /user is refused for an installation token; GraphQL's viewer names the bot.
    expect(paths()).toEqual(expect.arrayContaining(['GET /user', 'POST /graphql']));

    const second = await runGitHubCli([`${LIVE_FIXTURES}/production01`]);
    expect(second.stdout).toBe(`plan-comment: updated comment ${ours[0].id} on lq3/infrastructure#7\n`);
    expect(platforms.list(GITHUB_KEY)[0]).toMatchObject({ author: REVIEWER, body: quoted });
    expect(platforms.list(GITHUB_KEY)).toHaveLength(2);
  }, SPAWNS);

  it('takes the account of a user token from GET /user', async () => {
    platforms.seed(GITHUB_KEY, 1, () => `${COMMENT_MARKERS.github}\ncopied from the bot's comment`);
    platforms.seed(GITHUB_KEY, 1, () => `${COMMENT_MARKERS.github}\nan earlier plan`, GITHUB_USER);
    const [theirs, ours] = platforms.list(GITHUB_KEY);
    const result = await runGitHubCli([LIVE_FIXTURES], { GITHUB_TOKEN: 'ghp_user-token-789' });
    expect(result).toMatchObject({ code: 0, stdout: `plan-comment: updated comment ${ours.id} on lq3/infrastructure#7\n` });
    expect(theirs.body).toBe(`${COMMENT_MARKERS.github}\ncopied from the bot's comment`);
    expect(paths()).toContain('GET /user');
    expect(paths()).not.toContain('POST /graphql');
  }, SPAWNS);

  it('retries a transient 503 and does not post twice when a POST failed after storing the comment', async () => {
    platforms.failure = { status: 503, headers: { 'retry-after': '0' }, body: { message: 'Service Unavailable' }, times: 1 };
    const first = await runGitHubCli([LIVE_FIXTURES]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^plan-comment: GET 127\.0\.0\.1:\d+\/repos\/lq3\/infrastructure\/issues\/7\/comments: HTTP 503; retry 1 of 3 in 0 s\n$/);

    platforms.comments.clear();
    platforms.failure = { status: 502, body: { message: 'Bad Gateway' }, times: 1, method: 'POST', after: true };
    const second = await runGitHubCli([LIVE_FIXTURES]);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(platforms.list(GITHUB_KEY)).toHaveLength(1);
    expect(second.stdout).toBe(`plan-comment: created comment ${platforms.list(GITHUB_KEY)[0].id} on lq3/infrastructure#7\n`);
  }, SPAWNS);

  it('says which host could not be reached and why', async () => {
    const port = await closedPort();
    const result = await runGitHubCli([LIVE_FIXTURES], { GITHUB_API_URL: `http://127.0.0.1:${port}` });
    expect(result).toEqual({ code: 1, stdout: '', stderr: `plan-comment: could not reach GitHub at 127.0.0.1:${port}: connection refused (ECONNREFUSED)\n` });
  }, SPAWNS);

  it('falls back to the compact form once when GitHub rejects the body as too long', async () => {
    const root = tempDir();
    writePlan(root, 'staging01', 'staging01-dns', hugePlan(600));
    platforms.maxBodyLength = 20_000; // smaller than the 65,536 the renderer aims for
    const result = await runGitHubCli([join(root, 'live'), LIVE_FIXTURES]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^plan-comment: created comment \d+ on lq3\/infrastructure#7 \(compact form, the full one was too long\)\n$/);
    const posts = platforms.requests.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(platforms.list(GITHUB_KEY)[0].body).toContain('rejected the full comment as too long');
  }, SPAWNS);
});

describe('Bitbucket Cloud (REST 2.0 with fetch)', () => {
  it('creates the comment on the first run and updates the same one on the next', async () => {
    platforms.seed(BITBUCKET_KEY, 150);
    const first = await runBitbucket([LIVE_FIXTURES]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const ours = platforms.list(BITBUCKET_KEY).filter((comment) => comment.body.startsWith(COMMENT_MARKERS.bitbucket));
    expect(ours).toHaveLength(1);
    expect(ours[0].body).not.toContain('<details>');

    const second = await runBitbucket([`${LIVE_FIXTURES}/production01`]);
    expect(second.stdout).toBe(`plan-comment: updated comment ${ours[0].id} on lq3/infrastructure#7\n`);
    expect(platforms.list(BITBUCKET_KEY)).toHaveLength(151);
    expect(ours[0].body).toContain('No changes in 1 environment');

    const methods = paths();
    expect(methods).toContain('POST /2.0/repositories/lq3/infrastructure/pullrequests/7/comments');
    expect(methods).toContain(`PUT /2.0/repositories/lq3/infrastructure/pullrequests/7/comments/${ours[0].id}`);
    expect(platforms.requests.some((request) => request.path.includes('page=2'))).toBe(true);
    expect(new Set(platforms.requests.map((request) => request.authorization))).toEqual(new Set([`Bearer ${BITBUCKET_TOKEN}`]));
  }, TALKS_TO_SERVER);

  it('authenticates with an app password as HTTP Basic when no token is set', async () => {
    const result = await runBitbucket([LIVE_FIXTURES], { BITBUCKET_TOKEN: '', BITBUCKET_USERNAME: 'ci-bot', BITBUCKET_APP_PASSWORD: 'app-pass' });
    expect(result.code).toBe(0);
    expect(platforms.requests[0].authorization).toBe(BASIC);
  }, TALKS_TO_SERVER);

  it('updates only a comment of its own, matched by the uuid from GET /2.0/user', async () => {
    platforms.seed(BITBUCKET_KEY, 1, () => `quoting the bot:\n\n${COMMENT_MARKERS.bitbucket}`);
    platforms.seed(BITBUCKET_KEY, 1, () => `${COMMENT_MARKERS.bitbucket}\nposted with the app password`, APP_PASSWORD_USER);
    const [quote, ours] = platforms.list(BITBUCKET_KEY);
    const appPassword = { BITBUCKET_TOKEN: '', BITBUCKET_USERNAME: 'ci-bot', BITBUCKET_APP_PASSWORD: 'app-pass' };
    expect(await runBitbucket([LIVE_FIXTURES], appPassword)).toMatchObject({ code: 0, stdout: `plan-comment: updated comment ${ours.id} on lq3/infrastructure#7\n` });
    expect(quote.body).toBe(`quoting the bot:\n\n${COMMENT_MARKERS.bitbucket}`);
    expect(paths()).toContain('GET /2.0/user');

    // The access token is another account: it leaves both alone and creates its own.
    const token = await runBitbucket([LIVE_FIXTURES]);
    expect(token.stdout).toMatch(/^plan-comment: created comment \d+ on/);
    expect(platforms.list(BITBUCKET_KEY).map((comment) => comment.author)).toEqual([REVIEWER, APP_PASSWORD_USER, TOKEN_BOT]);
  }, TALKS_TO_SERVER);

  it('with an access token that may not read /2.0/user, counts only comments of an access token bot (app_user)', async () => {
    platforms.refuseUserEndpoint = true;
    platforms.seed(BITBUCKET_KEY, 1, () => `${COMMENT_MARKERS.bitbucket}\nquoted by a reviewer`);
    platforms.seed(BITBUCKET_KEY, 1, () => `${COMMENT_MARKERS.bitbucket}\nthe last plan`, TOKEN_BOT);
    const ours = platforms.list(BITBUCKET_KEY)[1];
    expect(await runBitbucket([LIVE_FIXTURES])).toMatchObject({ code: 0, stdout: `plan-comment: updated comment ${ours.id} on lq3/infrastructure#7\n` });
    expect(platforms.list(BITBUCKET_KEY)[0].body).toBe(`${COMMENT_MARKERS.bitbucket}\nquoted by a reviewer`);

    // An app password has an account to name: without Account: Read, say so rather than guess.
    const appPassword = await runBitbucket([LIVE_FIXTURES], { BITBUCKET_TOKEN: '', BITBUCKET_USERNAME: 'ci-bot', BITBUCKET_APP_PASSWORD: 'app-pass' });
    expect(appPassword).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "plan-comment: Bitbucket would not say which account BITBUCKET_USERNAME is (GET /2.0/user answered 403); the app password needs the Account: Read permission, so plan-comment can tell its own comment from others'.\n",
    });
  }, TALKS_TO_SERVER);

  it('falls back to the compact form once on a 400 "too long"', async () => {
    const root = tempDir();
    writePlan(root, 'staging01', 'staging01-dns', hugePlan(600));
    platforms.maxBodyLength = 10_000;
    const result = await runBitbucket([join(root, 'live')]);
    expect(result.stdout).toContain('(compact form, the full one was too long)');
    expect(platforms.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
  }, TALKS_TO_SERVER);

  it('gives up after the one retry when even the compact form is too long', async () => {
    const root = tempDir();
    writePlan(root, 'staging01', 'staging01-dns', hugePlan(600, 40));
    platforms.maxBodyLength = 2_500;
    const result = await runBitbucket([join(root, 'live')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('plan-comment: Bitbucket rejected the comment on lq3/infrastructure#7 as too long (Bitbucket said: Bad request: content: comment is too long).\n');
    expect(platforms.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
  }, TALKS_TO_SERVER);

  it.each([
    [401, {}, 'Bitbucket rejected the credentials (401) (Bitbucket said: Unauthorized); check BITBUCKET_TOKEN (or BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD).'],
    [
      404,
      {},
      'Bitbucket found no pull request lq3/infrastructure#7 (404) (Bitbucket said: Unauthorized); check the repository and PR number, and that BITBUCKET_TOKEN (or BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD) can see the repository.',
    ],
    [429, { 'retry-after': '90' }, 'Bitbucket API rate limit reached while commenting on lq3/infrastructure#7; retry after 90 s.'],
  ])('maps HTTP %d to one clear message', async (status, headers, message) => {
    platforms.failure = { status, headers, body: { type: 'error', error: { message: 'Unauthorized' } } };
    const result = await runBitbucket([LIVE_FIXTURES]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `plan-comment: ${message}\n` });
    expect(waits).toEqual([]); // 90 s is more than the default 60 s budget
  }, TALKS_TO_SERVER);

  it('retries a 5xx with backoff, says so, and reports the last answer once the attempts are used up', async () => {
    platforms.failure = { status: 500, body: { type: 'error', error: { message: 'Something went wrong' } } };
    const result = await runBitbucket([LIVE_FIXTURES]);
    const list = `GET ${new URL(platforms.url).host}/2.0/repositories/lq3/infrastructure/pullrequests/7/comments`;
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `plan-comment: ${list}: HTTP 500; retry 1 of 3 in 1 s`,
        `plan-comment: ${list}: HTTP 500; retry 2 of 3 in 2 s`,
        `plan-comment: ${list}: HTTP 500; retry 3 of 3 in 4 s`,
        'plan-comment: Bitbucket API call for lq3/infrastructure#7 failed with HTTP 500 (Bitbucket said: Something went wrong).\n',
      ].join('\n'),
    });
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(platforms.requests).toHaveLength(4);
  }, TALKS_TO_SERVER);

  it('survives one transient 502 (--max-retry-wait 0 turns retries off)', async () => {
    platforms.failure = { status: 502, body: { type: 'error', error: { message: 'Bad Gateway' } }, times: 1 };
    const result = await runBitbucket([LIVE_FIXTURES]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^plan-comment: created comment \d+ on lq3\/infrastructure#7\n$/);
    expect(waits).toEqual([1000]);

    platforms.failure = { status: 502, body: { type: 'error', error: { message: 'Bad Gateway' } }, times: 1 };
    expect((await runBitbucket([LIVE_FIXTURES, '--max-retry-wait', '0'])).code).toBe(1);
    expect(waits).toEqual([1000]);
  }, TALKS_TO_SERVER);

  it('does not post twice when the POST failed after the comment was stored: it looks first', async () => {
    platforms.failure = { status: 502, body: { type: 'error', error: { message: 'Bad Gateway' } }, times: 1, method: 'POST', after: true };
    const result = await runBitbucket([LIVE_FIXTURES]);
    expect(result.code).toBe(0);
    expect(platforms.list(BITBUCKET_KEY)).toHaveLength(1);
    expect(result.stdout).toBe(`plan-comment: created comment ${platforms.list(BITBUCKET_KEY)[0].id} on lq3/infrastructure#7\n`);
    expect(paths().filter((path) => path.startsWith('POST'))).toHaveLength(1);

    // Not stored: posted again, once.
    platforms.comments.clear();
    platforms.failure = { status: 503, body: {}, times: 1, method: 'POST' };
    expect((await runBitbucket([LIVE_FIXTURES])).code).toBe(0);
    expect(platforms.list(BITBUCKET_KEY)).toHaveLength(1);
  }, TALKS_TO_SERVER);

  it('says which host could not be reached and why', async () => {
    const port = await closedPort();
    const result = await runBitbucket([LIVE_FIXTURES], { BITBUCKET_API_URL: `http://127.0.0.1:${port}` });
    expect(result).toEqual({ code: 1, stdout: '', stderr: `plan-comment: could not reach Bitbucket at 127.0.0.1:${port}: connection refused (ECONNREFUSED)\n` });
  }, TALKS_TO_SERVER);

  it('refuses to follow a pagination link to another host with the credentials', async () => {
    platforms.failure = { status: 200, body: { values: [], next: 'https://attacker.example/2.0/steal' }, times: 1 };
    const result = await runBitbucket([LIVE_FIXTURES]);
    expect(result.stderr).toBe('plan-comment: Bitbucket returned a link to another host (https://attacker.example); refusing to follow it\n');
    expect(platforms.requests).toHaveLength(1);
  }, TALKS_TO_SERVER);
});
