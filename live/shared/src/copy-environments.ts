/**
 * What keeps a copy (a parallel env) cheap while nobody uses it (ADR 0013):
 *  - its database runs in office hours only, and stays stopped while the env is switched off;
 *  - it shares its base env's load balancer when it lives in the base's VPC: its hostnames get
 *    their certificate and listener rules on the base's HTTPS listener, so an idle copy pays
 *    for no load balancer hours and no public IPv4 addresses of its own.
 * Listener rule priorities of copies on a shared listener come from a slot derived from the env
 * name, so they never move when another copy is added; two copies of one base whose names
 * land in the same slot are refused at synth (load-environments.ts).
 */
import type { Environment, EnvironmentConfig } from './environment';
import { firesOutsideOfficeHours } from './office-hours';

/** Priorities of an env's own listener: its apps in env.yaml order, 10 apart. */
export const FIRST_RULE_PRIORITY = 100;
export const RULE_PRIORITY_STEP = 10;
/** On a shared listener, a copy's rules start at FIRST_COPY_PRIORITY + slot × COPY_PRIORITY_BLOCK. */
export const FIRST_COPY_PRIORITY = 1000;
export const COPY_PRIORITY_BLOCK = 100;
/** Slots that fit below ALB's highest priority (50,000). */
export const COPY_PRIORITY_SLOTS = 490;

/** The base env whose load balancer a copy uses: the base it copies, when it also reuses that base's VPC. */
export function sharedLoadBalancerOf(environment: Pick<Environment, 'role' | 'copyOf' | 'network'>): string | undefined {
  if (environment.role !== 'copy' || environment.copyOf === undefined) return undefined;
  return 'reuse' in environment.network && environment.network.reuse === environment.copyOf ? environment.copyOf : undefined;
}

/** The slot of a copy's rules on a shared listener: FNV-1a of its name, modulo the slots. */
export function listenerRuleSlot(environmentName: string): number {
  let hash = 0x811c9dc5;
  for (const character of environmentName) {
    hash ^= character.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % COPY_PRIORITY_SLOTS;
}

/** Priority of an env's first listener rule; its apps follow RULE_PRIORITY_STEP apart. */
export function firstListenerRulePriority(environment: Pick<Environment, 'name' | 'role' | 'copyOf' | 'network'>): number {
  return sharedLoadBalancerOf(environment) ? FIRST_COPY_PRIORITY + listenerRuleSlot(environment.name) * COPY_PRIORITY_BLOCK : FIRST_RULE_PRIORITY;
}

/**
 * Whether the env's database is stopped by schedule: a copy's, with office hours (stopped
 * outside them) or switched off (stopped all the time). RDS cannot stop an instance that has
 * read replicas; the schema refuses office hours on such a copy.
 */
export function databaseStopsWhenIdle(environment: Pick<Environment, 'role' | 'enabled' | 'officeHours' | 'database'>): boolean {
  return environment.role === 'copy' && environment.database.readReplicas === 0 && (!environment.enabled || environment.officeHours !== undefined);
}

/**
 * What office hours on a copy rule out, as `[field path, problem]` pairs: read replicas (RDS
 * cannot stop an instance that has them) and jobs that use the database outside office hours
 * (it is stopped then; their runs would fail and alert).
 */
export function idleCopyProblems(env: EnvironmentConfig): [(string | number)[], string][] {
  const hours = env.officeHours;
  if (env.database.restoreFromLatestSnapshotOf === undefined || !hours) return [];
  if (env.database.readReplicas > 0) {
    return [[['database', 'readReplicas'], 'must be 0 for a copy with officeHours: its database is stopped outside them, and RDS cannot stop an instance that has read replicas']];
  }
  return Object.entries(env.jobs).flatMap(([name, job]): [(string | number)[], string][] => {
    if (!job.enabled || !Object.hasOwn(env.apps, job.app) || !env.apps[job.app].usesDatabase) return [];
    const outside = firesOutsideOfficeHours(job.schedule, job.timezone, hours);
    return outside
      ? [[['jobs', name, 'schedule'], `${outside}; the database of a copy with officeHours is stopped outside them, so run the job inside office hours (e.g. cron(30 12 ? * ${hours.days} *)) or set enabled: false`]]
      : [];
  });
}

/**
 * Problems of an env with shared load balancers across all envs, as `[field path, problem]`:
 * an enabled copy on a switched-off base (its load balancer is gone), a base switched off
 * under enabled copies, and two copies of one base whose rules would take the same priorities.
 */
export function sharedLoadBalancerProblems(env: Environment, all: readonly Environment[]): [string, string][] {
  const problems: [string, string][] = [];
  const base = sharedLoadBalancerOf(env);
  const baseEnv = base === undefined ? undefined : all.find((other) => other.name === base);
  if (baseEnv && env.enabled && !baseEnv.enabled) {
    problems.push(['enabled', `shares ${base}'s load balancer (ADR 0013), but ${base} is switched off (${baseEnv.sourceFile}), so there is none; switch ${env.name} off too, or ${base} on`]);
  }
  if (base !== undefined) {
    const clash = all.find((other) => other !== env && sharedLoadBalancerOf(other) === base && listenerRuleSlot(other.name) === listenerRuleSlot(env.name));
    if (clash) {
      problems.push([
        '',
        `its listener rules on ${base}'s load balancer would take the priorities of ${clash.name}'s (${clash.sourceFile}; both names hash to slot ${listenerRuleSlot(env.name)}); rename one of them`,
      ]);
    }
  }
  if (env.role === 'base' && !env.enabled) {
    const users = all.filter((other) => other.enabled && sharedLoadBalancerOf(other) === env.name).map((other) => `${other.name} (${other.sourceFile})`);
    if (users.length > 0) problems.push(['enabled', `switching ${env.name} off removes the load balancer that ${users.join(', ')} share; switch them off first`]);
  }
  return problems;
}
