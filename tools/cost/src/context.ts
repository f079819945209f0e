/**
 * What every price rule of one environment shares: prices, usage, the resource index, and
 * the time-dependent quantities worked out once from the schedules — task-hours per ECS
 * service (scheduled actions), running hours per DB instance (Scheduler stop/start calls),
 * and how much of the month the env serves traffic.
 *
 * Every quantity comes in three scenarios (ADR 0012):
 *  - `monthly`: the month as synthesized, office-hours schedules applied;
 *  - `running`: every scheduled capacity held at its highest value all month (the cost of an
 *    hour in use, times 730);
 *  - `idle`: every scheduled capacity held at its lowest value all month, and no traffic
 *    (the cost of an hour outside office hours, times 730).
 */
import { RDS_START_TARGET, RDS_STOP_TARGET } from '@lq3/live-shared';
import { block, literalString, numberOf, ResourceIndex } from './references';
import type { PriceBook } from './prices';
import type { Resource } from './resources';
import { firingsPerWeek, longestGapMinutes, MINUTES_PER_WEEK, weeklyLevels, type ScheduleEvent } from './schedule';
import type { Usage } from './usage';

export interface Amounts {
  readonly monthly: number;
  readonly running: number;
  readonly idle: number;
}

export const ZERO: Amounts = { monthly: 0, running: 0, idle: 0 };

export function scale(amounts: Amounts, factor: number | Amounts): Amounts {
  const f = typeof factor === 'number' ? { monthly: factor, running: factor, idle: factor } : factor;
  return { monthly: amounts.monthly * f.monthly, running: amounts.running * f.running, idle: amounts.idle * f.idle };
}

export function same(value: number): Amounts {
  return { monthly: value, running: value, idle: value };
}

export function add(...all: Amounts[]): Amounts {
  return all.reduce((sum, a) => ({ monthly: sum.monthly + a.monthly, running: sum.running + a.running, idle: sum.idle + a.idle }), ZERO);
}

export { RDS_START_TARGET, RDS_STOP_TARGET };
/** RDS starts a stopped DB instance again after seven days (RDS User Guide, "Stopping a DB instance"). */
export const RDS_AUTO_RESTART_MINUTES = 7 * 24 * 60;

export interface ServiceHours {
  /** Tasks the service runs: hours of tasks per month in each scenario. */
  readonly taskHours: Amounts;
  /** How the schedule was read, for the cost line. */
  readonly basis: string;
}

export interface DatabaseHours {
  readonly hours: Amounts;
  readonly basis: string;
}

export interface EnvironmentFacts {
  /** GB a restored copy allocates when its JSON cannot tell (the base env's allocatedStorageGb). */
  readonly restoredStorageGb?: number;
}

export class EstimateContext {
  readonly index: ResourceIndex;
  readonly serviceHours = new Map<Resource, ServiceHours>();
  readonly databaseHours = new Map<string, DatabaseHours>();
  /** Share of the month the env serves traffic in each scenario (task-hours against always-on). */
  readonly activity: Amounts;

  constructor(
    readonly env: string,
    resources: readonly Resource[],
    readonly prices: PriceBook,
    readonly usage: Usage,
    readonly facts: EnvironmentFacts = {},
  ) {
    this.index = new ResourceIndex(resources);
    for (const service of this.index.ofType('aws_ecs_service')) this.serviceHours.set(service, this.scheduledTaskHours(service));
    for (const instance of this.index.ofType('aws_db_instance')) {
      const identifier = literalString(instance.values['identifier']);
      if (identifier) this.databaseHours.set(identifier, this.scheduledDatabaseHours(identifier));
    }
    const services = [...this.serviceHours.values()];
    const running = services.reduce((sum, s) => sum + s.taskHours.running, 0);
    this.activity =
      running > 0
        ? { monthly: services.reduce((sum, s) => sum + s.taskHours.monthly, 0) / running, running: 1, idle: services.reduce((sum, s) => sum + s.taskHours.idle, 0) / running }
        : ZERO;
  }

  get hoursPerMonth(): number {
    return this.prices.hoursPerMonth;
  }

  /** The resource a value refers to (or, for a literal, the resource of `type` whose `attribute` equals it). */
  linked(value: unknown, type: string, attribute?: string, match?: (literal: string, candidate: Resource) => boolean): Resource | undefined {
    const referenced = this.index.referencedResources(value).find((resource) => resource.type === type);
    if (referenced) return referenced;
    const literal = literalString(this.index.resolve(value));
    if (literal === undefined) return undefined;
    return this.index.ofType(type).find((candidate) => (match ? match(literal, candidate) : attribute !== undefined && this.index.resolve(candidate.values[attribute]) === literal));
  }

  /** Task definition of a service or a job target: by reference, or by ARN/family literal. */
  taskDefinition(value: unknown): Resource | undefined {
    return this.linked(value, 'aws_ecs_task_definition', undefined, (arn, candidate) => {
      const family = literalString(candidate.values['family']);
      return family !== undefined && (arn === family || new RegExp(`task-definition/${escape(family)}(:\\d+)?$`).test(arn));
    });
  }

  private scheduledTaskHours(service: Resource): ServiceHours {
    const desired = numberOf(service.values['desired_count']) ?? 1;
    const hours = this.hoursPerMonth;
    const serviceName = literalString(this.index.resolve(service.values['name']));
    const target = this.index.ofType('aws_appautoscaling_target').find((candidate) => {
      const id = candidate.values['resource_id'];
      if (this.index.referencedResources(id).includes(service)) return true;
      const literal = literalString(this.index.resolve(id));
      return literal !== undefined && serviceName !== undefined && literal.endsWith(`/${serviceName}`);
    });
    const minimum = target ? Math.max(numberOf(target.values['min_capacity']) ?? desired, 0) : desired;
    const baseline = Math.max(desired, minimum);
    const targetId = target ? literalString(this.index.resolve(target.values['resource_id'])) : undefined;
    const actions = target
      ? this.index.ofType('aws_appautoscaling_scheduled_action').filter((action) => {
          const id = action.values['resource_id'];
          return this.index.referencedResources(id).includes(target) || (targetId !== undefined && literalString(this.index.resolve(id)) === targetId);
        })
      : [];
    const events: ScheduleEvent[] = actions.flatMap((action) => {
      const bounds = block(action.values['scalable_target_action']) ?? {};
      const min = numberOf(bounds['min_capacity']);
      const max = numberOf(bounds['max_capacity']);
      const value = min !== undefined ? Math.min(min, max ?? min) : max;
      if (value === undefined) return [];
      const schedule = literalString(action.values['schedule']);
      if (!schedule) throw new Error(`${action.address}: schedule is not a literal expression; the estimate cannot place it in the week`);
      return firingsPerWeek(schedule.replace(/^at\(.*\)$/, '')).map((minute) => ({ minute, value }));
    });
    const levels = weeklyLevels(events, baseline);
    const basis =
      events.length === 0
        ? `${baseline} task${baseline === 1 ? '' : 's'} around the clock${target && numberOf(target.values['max_capacity'])! > baseline ? ' (auto-scaling above it not counted)' : ''}`
        : `${levels.high} task${levels.high === 1 ? '' : 's'} ${Math.round((levels.average / Math.max(levels.high, 1)) * 168)} h a week, ${levels.low} otherwise (scheduled actions)`;
    return { taskHours: { monthly: levels.average * hours, running: levels.high * hours, idle: levels.low * hours }, basis };
  }

  private scheduledDatabaseHours(identifier: string): DatabaseHours {
    const hours = this.hoursPerMonth;
    const calls = this.index.ofType('aws_scheduler_schedule').flatMap((schedule) => {
      if (literalString(schedule.values['state']) === 'DISABLED') return [];
      const target = block(schedule.values['target']) ?? {};
      const arn = literalString(target['arn']);
      if (arn !== RDS_STOP_TARGET && arn !== RDS_START_TARGET) return [];
      const input = literalString(target['input']);
      let instance: unknown;
      try {
        instance = input ? (JSON.parse(input) as Record<string, unknown>)['DbInstanceIdentifier'] : undefined;
      } catch {
        instance = undefined;
      }
      if (instance !== identifier) return [];
      const expression = literalString(schedule.values['schedule_expression']);
      if (!expression) throw new Error(`${schedule.address}: schedule_expression is not a literal; the estimate cannot place it in the week`);
      const value = arn === RDS_START_TARGET ? 1 : 0;
      return firingsPerWeek(expression).map((minute) => ({ minute, value }));
    });
    if (calls.length === 0) return { hours: { monthly: hours, running: hours, idle: hours }, basis: 'around the clock' };
    const stops = calls.filter((call) => call.value === 0).map((call) => call.minute);
    // Stopped all week, RDS restarts it after seven days; it runs until the next stop call.
    const restartGap = longestGapMinutes(stops);
    const parked = (restartGap / (RDS_AUTO_RESTART_MINUTES + restartGap)) * hours;
    const starts = calls.some((call) => call.value === 1);
    if (!starts) {
      return { hours: { monthly: parked, running: hours, idle: parked }, basis: `stopped; after RDS's 7-day restart it runs until the next stop call (at most ${Math.round(restartGap / 60)} h a week)` };
    }
    const levels = weeklyLevels(calls, 1);
    // Idle is an hour outside office hours, held: stopped (the daily starts rule out RDS's restart).
    return {
      hours: { monthly: levels.average * hours, running: hours, idle: levels.low * hours },
      basis: `running ${Math.round(levels.average * 168)} h a week (Scheduler stop/start calls), stopped otherwise`,
    };
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export { MINUTES_PER_WEEK };
