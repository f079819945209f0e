/**
 * Who may reach an environment through Cloudflare, and what stands in front of it (ADR 0015):
 *  - `access:` — Cloudflare Zero Trust Access in front of every env that is not a production
 *    base env (staging, and every copy: the parallel envs hold copies of production data);
 *  - `waf:` — AWS WAF on the ALB of production base envs (others may opt in);
 *  - the zone's own settings (SSL Full strict, TLS 1.2, Always Use HTTPS, HSTS), owned by the
 *    production base env serving the zone.
 * Both fields are optional with defaults, so base env files stay readable by copies pinned to
 * releases that predate them (ADR 0011).
 */
import { z } from 'zod';
import { sharedLoadBalancerOf } from './copy-environments';
import type { Environment, EnvironmentConfig } from './environment';
import { environmentOfDatabase } from './environment-references';
import { NAME_PATTERN, NAME_RULE } from './environment-rules';
import { ORGANISATION } from './organisation';

/** Header Cloudflare puts the visitor's address in; the WAF's rate limit counts per value of it. */
export const CLIENT_IP_HEADER = 'CF-Connecting-IP';
/** Requests per client and API host within 5 minutes before the WAF answers 429. */
export const DEFAULT_RATE_LIMIT_PER_5_MINUTES = 2000;

const domain = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case email domain like example.com');

export const accessSchema = z
  .object({
    emailDomains: z
      .array(domain)
      .max(20)
      .optional()
      .meta({ description: `Email domains whose people may log in. Default: the organisation's staff domain (\`${ORGANISATION.staffEmailDomain}\`, live/shared/src/organisation.ts); \`[]\` for none.` }),
    emails: z
      .array(z.string().regex(/^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,63}$/, 'must be a lower-case email address'))
      .max(100)
      .default([])
      .meta({ description: 'Single people who may log in besides the domains, e.g. an external tester (docs/security.md, "Grant someone access").' }),
    groups: z
      .array(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a Zero Trust Access group id (a lower-case UUID)'))
      .max(20)
      .default([])
      .meta({ description: 'Ids of Zero Trust Access groups (e.g. synced from the identity provider) whose members may log in.' }),
    sessionDuration: z
      .string()
      .regex(/^\d+(m|h)$/, 'must be minutes or hours like 30m or 24h')
      .default('24h')
      .meta({ description: 'How long a login lasts.' }),
  })
  .strict()
  .meta({
    description:
      'Cloudflare Zero Trust Access in front of the env\'s hostnames: who may log in (any match of `emailDomains`, `emails`, `groups`). Applies to every env except a production base env (those are public); refused there. Automated checks use the env\'s service token (SSM parameter `/lq3/<env>/access-service-token`). Default: the staff domain only.',
  });

export const wafSchema = z
  .object({
    enabled: z
      .boolean()
      .optional()
      .meta({ description: 'AWS WAF on the env\'s ALB. Default: true for a production base env (always; `false` is refused there), false otherwise.' }),
    rateLimitedApps: z
      .array(z.string().regex(NAME_PATTERN, `app name ${NAME_RULE}`))
      .max(10)
      .optional()
      .meta({ description: 'Apps whose hostname gets the per-client rate limit. Default: the apps with `usesDatabase` (the API).' }),
    requestsPerFiveMinutes: z
      .number()
      .int()
      .min(10)
      .max(2_000_000_000)
      .default(DEFAULT_RATE_LIMIT_PER_5_MINUTES)
      .meta({ description: `Requests one client (by \`${CLIENT_IP_HEADER}\`) may send to a rate-limited hostname within 5 minutes before it gets 429.` }),
  })
  .strict()
  .meta({
    description:
      'AWS WAF in front of the env\'s ALB: AWS managed Common, Known bad inputs and SQL injection rules and a per-client rate limit on the API, logged to CloudWatch Logs (ADR 0015). Only for an env with an ALB of its own (a copy on its base\'s ALB is covered by the base\'s).',
  });

export type AccessConfig = z.infer<typeof accessSchema>;
export type WafConfig = z.infer<typeof wafSchema>;

type EdgeFacts = Pick<EnvironmentConfig, 'account' | 'access' | 'waf' | 'apps' | 'network' | 'database'>;

/** A production-account env that owns its data: public, behind AWS WAF, the owner of its zone's settings. */
export function isProductionBase(env: Pick<EnvironmentConfig, 'account' | 'database'>): boolean {
  return env.account === 'production' && env.database.restoreFromLatestSnapshotOf === undefined;
}

/** Who may log in to the env through Access, or undefined for a public env (a production base). */
export function accessOf(env: Pick<Environment, 'account' | 'database' | 'access'>): Required<AccessConfig> | undefined {
  if (isProductionBase(env)) return undefined;
  const access = env.access;
  return {
    emailDomains: access?.emailDomains ?? [ORGANISATION.staffEmailDomain],
    emails: access?.emails ?? [],
    groups: access?.groups ?? [],
    sessionDuration: access?.sessionDuration ?? '24h',
  };
}

/** The env's WAF settings, or undefined without one; rate-limited hostnames resolved from the apps. */
export function wafOf(env: Pick<Environment, 'account' | 'database' | 'waf' | 'apps' | 'role' | 'copyOf' | 'network'>): { rateLimitedHosts: string[]; requestsPerFiveMinutes: number } | undefined {
  if (sharedLoadBalancerOf(env)) return undefined;
  if (!(env.waf?.enabled ?? isProductionBase(env))) return undefined;
  const apps = [...env.apps];
  const limited = env.waf?.rateLimitedApps ?? apps.filter(([, app]) => app.usesDatabase).map(([name]) => name);
  return {
    rateLimitedHosts: apps.filter(([name]) => limited.includes(name)).map(([, app]) => app.hostname),
    requestsPerFiveMinutes: env.waf?.requestsPerFiveMinutes ?? DEFAULT_RATE_LIMIT_PER_5_MINUTES,
  };
}

/** What `access` and `waf` may not say, as `[path below the env, problem]`. */
export function edgeConfigProblems(env: EdgeFacts): [(string | number)[], string][] {
  const problems: [(string | number)[], string][] = [];
  const productionBase = isProductionBase(env);
  if (env.access !== undefined && productionBase) {
    problems.push([['access'], 'a production base env is public (ADR 0015); Access would lock its users out. Remove access here; copies and staging envs get it']);
  }
  const access = env.access;
  if (access && (access.emailDomains ?? [ORGANISATION.staffEmailDomain]).length + access.emails.length + access.groups.length === 0) {
    problems.push([['access'], 'lets nobody in; list at least one of emailDomains, emails or groups']);
  }
  const waf = env.waf;
  if (!waf) return problems;
  const base = env.database.restoreFromLatestSnapshotOf ? environmentOfDatabase(env.database.restoreFromLatestSnapshotOf) : undefined;
  const copyOnBase = base !== undefined && 'reuse' in env.network && env.network.reuse === base;
  if (copyOnBase && waf.enabled) problems.push([['waf', 'enabled'], "a copy in its base env's VPC uses the base's ALB and the base's WAF; remove waf here"]);
  if (productionBase && waf.enabled === false) problems.push([['waf', 'enabled'], 'must stay true on a production base env (ADR 0015)']);
  (waf.rateLimitedApps ?? []).forEach((app, index) => {
    if (!Object.hasOwn(env.apps, app)) problems.push([['waf', 'rateLimitedApps', index], `names no app of this env (${Object.keys(env.apps).join(', ')})`]);
  });
  return problems;
}
