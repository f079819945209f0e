/**
 * One node:http server on 127.0.0.1 that answers the GitHub and Bitbucket
 * Cloud endpoints the tool calls, keeps comments (with their authors) in
 * memory and records every request, so tests can assert on what really went
 * over the wire. Credentials map to accounts the way the real APIs report them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

/** An account as both APIs describe it; `bot` is a GitHub App's bot or a Bitbucket access token's app user. */
export interface FakeAccount {
  login: string;
  uuid: string;
  accountId?: string;
  kind: 'user' | 'bot';
  /** GitHub installation token: GET /user answers 403, GraphQL `viewer` answers. */
  installation?: boolean;
}

/** A reviewer, the default author of seeded comments. */
export const REVIEWER: FakeAccount = { login: 'octo-reviewer', uuid: '{0b9e6a8e-reviewer}', accountId: '557058:reviewer', kind: 'user' };

export interface StoredComment {
  id: number;
  body: string;
  author: FakeAccount;
}

/** Forces the next matching requests to fail like the real APIs do. */
export interface Failure {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /** How many requests fail; every one when unset. */
  times?: number;
  /** Only requests with this method fail. */
  method?: string;
  /** Carry the request out, then answer with the failure (a 5xx from a proxy after the API stored the comment). */
  after?: boolean;
  /** Never answer (until stop() closes the connection). */
  hang?: boolean;
}

export class FakePlatforms {
  readonly requests: RecordedRequest[] = [];
  /** Comments per pull request key (`github:o/r#7`, `bitbucket:ws/repo#7`). */
  readonly comments = new Map<string, StoredComment[]>();
  /** Bodies longer than this are rejected like GitHub's 422 / Bitbucket's 400. */
  maxBodyLength = Number.POSITIVE_INFINITY;
  failure: Failure | undefined;
  /** Authorization header value -> account. Anything else gets 401. */
  readonly accounts = new Map<string, FakeAccount>();
  /** Bitbucket: GET /2.0/user answers 403, as for an access token or app password without account scope. */
  refuseUserEndpoint = false;
  private nextId = 1000;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Back to an empty state with these credentials. */
  reset(accounts: Readonly<Record<string, FakeAccount>>): void {
    this.requests.length = 0;
    this.comments.clear();
    this.failure = undefined;
    this.maxBodyLength = Number.POSITIVE_INFINITY;
    this.refuseUserEndpoint = false;
    this.accounts.clear();
    for (const [authorization, account] of Object.entries(accounts)) this.accounts.set(authorization, account);
  }

  async stop(): Promise<void> {
    // Also ends keep-alive connections and requests left hanging on purpose, so close() returns now.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server?.close((error) => (error ? reject(error) : resolve())));
  }

  /** Adds comments written by someone else (to push ours onto a later page, or to quote the marker). */
  seed(key: string, count: number, body: (i: number) => string = (i) => `unrelated comment ${i}`, author: FakeAccount = REVIEWER): void {
    const list = this.list(key);
    for (let i = 0; i < count; i += 1) list.push({ id: this.nextId++, body: body(i), author });
  }

  list(key: string): StoredComment[] {
    const list = this.comments.get(key) ?? [];
    this.comments.set(key, list);
    return list;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push({ method: request.method ?? '', path: url.pathname + url.search, authorization: request.headers.authorization, body });

    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };
    const failure = this.failure && (this.failure.method === undefined || this.failure.method === request.method) ? this.failure : undefined;
    if (failure?.times !== undefined && --failure.times <= 0) this.failure = undefined;
    if (failure?.hang) return;
    if (failure && !failure.after) return answer(failure.status, failure.body, failure.headers);
    const send: typeof answer = failure ? () => answer(failure.status, failure.body, failure.headers) : answer;

    const account = this.accounts.get(request.headers.authorization ?? '');
    if (!account) return send(401, { message: 'Bad credentials', type: 'error', error: { message: 'Unauthorized' } });
    if (url.pathname === '/user' && request.method === 'GET') {
      if (account.installation) return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' });
      return send(200, githubUser(account));
    }
    if (url.pathname === '/graphql' && request.method === 'POST') {
      if (!/\bviewer\s*\{\s*login\s*\}/.test((JSON.parse(body) as { query: string }).query)) return send(200, { errors: [{ message: 'unsupported by the fake' }] });
      return send(200, { data: { viewer: { login: account.login } } });
    }
    if (url.pathname === '/2.0/user' && request.method === 'GET') {
      if (this.refuseUserEndpoint) return send(403, { type: 'error', error: { message: 'Forbidden' } });
      return send(200, bitbucketUser(account));
    }
    const github = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(?:(\d+)\/comments|comments\/(\d+))$/);
    if (github) {
      const [, owner, repo, issue, commentId] = github;
      this.handleGitHub(`github:${owner}/${repo}#${issue}`, `${owner}/${repo}`, account, request.method, url, body, commentId, send);
      return;
    }
    const bitbucket = url.pathname.match(/^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/pullrequests\/(\d+)\/comments(?:\/(\d+))?$/);
    if (bitbucket) {
      const [, workspace, repo, pr, commentId] = bitbucket;
      this.handleBitbucket(`bitbucket:${workspace}/${repo}#${pr}`, account, request.method, url, body, commentId, send);
      return;
    }
    send(404, { message: 'Not Found' });
  }

  private handleGitHub(
    key: string,
    repository: string,
    account: FakeAccount,
    method: string | undefined,
    url: URL,
    body: string,
    commentId: string | undefined,
    send: (status: number, payload: unknown, headers?: Record<string, string>) => void,
  ): void {
    if (method === 'GET' && commentId === undefined) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const list = this.list(key);
      const slice = list.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < list.length;
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      send(200, slice.map(({ id, body: text, author }) => ({ id, body: text, user: githubUser(author) })), more ? { link: `<${next.toString()}>; rel="next"` } : {});
      return;
    }
    const text = (JSON.parse(body) as { body: string }).body;
    if (text.length > this.maxBodyLength) {
      send(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
      return;
    }
    if (method === 'POST') {
      const comment = { id: this.nextId++, body: text, author: account };
      this.list(key).push(comment);
      send(201, { id: comment.id, body: text, user: githubUser(account) });
      return;
    }
    // PATCH /repos/{o}/{r}/issues/comments/{id}: the comment may belong to any issue of the repo.
    const comment = [...this.comments.entries()]
      .filter(([listKey]) => listKey.startsWith(`github:${repository}#`))
      .flatMap(([, list]) => list)
      .find((candidate) => candidate.id === Number(commentId));
    if (!comment) return send(404, { message: 'Not Found' });
    comment.body = text;
    send(200, { id: comment.id, body: text, user: githubUser(comment.author) });
  }

  private handleBitbucket(
    key: string,
    account: FakeAccount,
    method: string | undefined,
    url: URL,
    body: string,
    commentId: string | undefined,
    send: (status: number, payload: unknown) => void,
  ): void {
    const list = this.list(key);
    const toApi = ({ id, body: raw, author }: StoredComment) => ({ id, type: 'pullrequest_comment', deleted: false, content: { raw, markup: 'markdown' }, user: bitbucketUser(author) });
    if (method === 'GET') {
      const pagelen = Number(url.searchParams.get('pagelen') ?? 10);
      const page = Number(url.searchParams.get('page') ?? 1);
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      send(200, {
        pagelen,
        page,
        values: list.slice((page - 1) * pagelen, page * pagelen).map(toApi),
        ...(page * pagelen < list.length ? { next: next.toString() } : {}),
      });
      return;
    }
    const raw = (JSON.parse(body) as { content: { raw: string } }).content.raw;
    if (raw.length > this.maxBodyLength) {
      send(400, { type: 'error', error: { message: 'Bad request', detail: 'content: comment is too long' } });
      return;
    }
    if (method === 'POST') {
      const comment = { id: this.nextId++, body: raw, author: account };
      list.push(comment);
      send(201, toApi(comment));
      return;
    }
    const comment = list.find((candidate) => candidate.id === Number(commentId));
    if (!comment) return send(404, { type: 'error', error: { message: 'Comment not found' } });
    comment.body = raw;
    send(200, toApi(comment));
  }
}

function githubUser(account: FakeAccount) {
  return { login: account.login, id: account.uuid.length, type: account.kind === 'bot' ? 'Bot' : 'User' };
}

function bitbucketUser(account: FakeAccount) {
  return { type: account.kind === 'bot' ? 'app_user' : 'user', display_name: account.login, uuid: account.uuid, ...(account.accountId ? { account_id: account.accountId } : {}) };
}

/** One fake for the test file: started before its tests, reset before each (with these credentials), stopped after. */
export function useFakePlatforms(accounts: Readonly<Record<string, FakeAccount>>): FakePlatforms {
  const platforms = new FakePlatforms();
  beforeAll(() => platforms.start(), 30_000);
  afterAll(() => platforms.stop(), 30_000);
  beforeEach(() => platforms.reset(accounts));
  return platforms;
}
