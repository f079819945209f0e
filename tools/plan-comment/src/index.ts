export { main, USAGE } from './cli';
export { loadPlans, InputError, DEFAULT_INPUT, SUMMARY_FILE, PLAN_JSON_SUFFIX } from './load';
export {
  renderComment,
  COMMENT_MARKERS,
  DEFAULT_MAX_LENGTH,
  MIN_MAX_LENGTH,
  GITHUB_MAX_LENGTH,
  BITBUCKET_SERVER_MAX_LENGTH,
  FLAVOURS,
  type Flavour,
  type RenderOptions,
  type RenderedComment,
} from './render';
export { upsertStickyComment, mapHttpFailure, PostError, type CommentApi, type PullRequestComment, type PostErrorKind, type StickyResult } from './post';
export { createGitHubCommentApi, type GitHubCommentOptions } from './github';
export { createBitbucketCommentApi, type BitbucketCommentOptions, type BitbucketAuth } from './bitbucket';
export { retryingFetch, networkFailure, NetworkError, DEFAULT_RETRY, type RetryOptions } from './http';
