import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Construct } from 'constructs';

/** One alarm's configurable part: switch it off, or move its threshold. */
export interface AlarmSetting {
  /**
   * Create the alarm.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Threshold in the alarm's unit (see `ALARM_DEFINITIONS`).
   * @default the definition's `defaultThreshold`
   */
  readonly threshold?: number;
}

/** What an alarm watches, its default and the range a threshold may take. */
export interface AlarmDefinition {
  /** Unit of the threshold, as written after the number (`%`, `s`, `tasks`). */
  readonly unit: string;
  readonly defaultThreshold: number;
  /** Lowest and highest threshold accepted: outside them the alarm would never or always fire. */
  readonly min: number;
  readonly max: number;
  /** The condition, with `{threshold}` standing for the number. */
  readonly condition: string;
}

/**
 * Every alarm this module creates, by setting name. Callers (and their docs)
 * read defaults and bounds from here instead of restating them.
 */
export const ALARM_DEFINITIONS = {
  serverErrorRate: {
    unit: '%',
    defaultThreshold: 5,
    min: 0.1,
    max: 50,
    condition: '5xx responses (load balancer and targets) above {threshold} % of requests in two consecutive 5-minute periods with at least 50 requests each',
  },
  latencyP95: {
    unit: 's',
    defaultThreshold: 2,
    min: 0.05,
    max: 30,
    condition: 'p95 target response time above {threshold} s in three consecutive 5-minute periods',
  },
  unhealthyTargets: {
    unit: 'targets',
    defaultThreshold: 0,
    min: 0,
    max: 10,
    condition: 'more than {threshold} unhealthy targets in a target group for five consecutive minutes',
  },
  cpu: {
    unit: '%',
    defaultThreshold: 85,
    min: 10,
    max: 95,
    condition: 'average CPU of the service above {threshold} % in three consecutive 5-minute periods',
  },
  memory: {
    unit: '%',
    defaultThreshold: 85,
    min: 10,
    max: 95,
    condition: 'average memory of the service above {threshold} % in three consecutive 5-minute periods',
  },
  runningTasks: {
    unit: 'tasks',
    defaultThreshold: 1,
    min: 1,
    max: 10,
    condition: 'at least {threshold} fewer tasks running than desired, on average, in two consecutive 5-minute periods',
  },
} as const satisfies Record<string, AlarmDefinition>;

export type AlarmName = keyof typeof ALARM_DEFINITIONS;

/** The threshold to use, or undefined when the alarm is off; throws on a threshold outside the definition's range. */
export function resolveSetting(owner: string, alarm: AlarmName, setting: AlarmSetting | undefined): number | undefined {
  if (setting?.enabled === false) return undefined;
  const definition: AlarmDefinition = ALARM_DEFINITIONS[alarm];
  const threshold = setting?.threshold ?? definition.defaultThreshold;
  if (!Number.isFinite(threshold) || threshold < definition.min || threshold > definition.max) {
    throw new Error(`${owner}: ${alarm}.threshold must be from ${definition.min} to ${definition.max} ${definition.unit}, got ${threshold}`);
  }
  return threshold;
}

/** `condition` of the definition with its threshold filled in. */
export function describeCondition(alarm: AlarmName, threshold: number): string {
  return ALARM_DEFINITIONS[alarm].condition.replace('{threshold}', String(threshold));
}

export interface NotifyingAlarmProps extends Omit<CloudwatchMetricAlarmConfig, 'alarmActions' | 'okActions' | 'treatMissingData'> {
  readonly topicArn: string;
}

/**
 * An alarm that notifies `topicArn` when it fires and when it recovers. Missing
 * data never fires it: a service scaled to zero or a target group without
 * traffic publishes nothing, and that is not an incident.
 */
export function notifyingAlarm(scope: Construct, id: string, { topicArn, ...config }: NotifyingAlarmProps): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    ...config,
    alarmActions: [topicArn],
    okActions: [topicArn],
    treatMissingData: 'notBreaching',
  });
}

/** `description` and, when given, where to look first. */
export function alarmDescription(description: string, runbook: string | undefined): string {
  return runbook ? `${description}. ${runbook}` : `${description}.`;
}
