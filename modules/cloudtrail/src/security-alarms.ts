import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';

/** A CIS AWS Foundations metric filter on the trail's log group and the alarm on it. */
export interface SecurityAlarmDefinition {
  /** Metric and alarm suffix, e.g. `RootAccountUsage`. */
  readonly metricName: string;
  /** CIS AWS Foundations Benchmark (v3.0) control. */
  readonly cisControl: string;
  /** CloudWatch Logs filter pattern over CloudTrail's JSON records. */
  readonly pattern: string;
  /** Matching events in 5 minutes that fire the alarm. */
  readonly defaultThreshold: number;
  readonly description: string;
}

const IAM_POLICY_EVENTS = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'SetDefaultPolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
];
const TRAIL_EVENTS = ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'];
const anyEvent = (names: readonly string[]) => names.map((name) => `($.eventName = ${name})`).join(' || ');

/** The filters and alarms, by setting name. */
export const SECURITY_ALARMS = {
  rootAccountUsage: {
    metricName: 'RootAccountUsage',
    cisControl: '4.3',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    defaultThreshold: 1,
    description: 'The root user made an API call or signed in',
  },
  iamPolicyChanges: {
    metricName: 'IamPolicyChanges',
    cisControl: '4.4',
    pattern: `{ ($.eventSource = iam.amazonaws.com) && (${anyEvent(IAM_POLICY_EVENTS)}) }`,
    defaultThreshold: 1,
    description: 'An IAM policy was created, changed, attached or detached',
  },
  consoleSignInFailures: {
    metricName: 'ConsoleSignInFailures',
    cisControl: '4.6',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    defaultThreshold: 3,
    description: 'Console sign-ins failed authentication',
  },
  consoleSignInWithoutMfa: {
    metricName: 'ConsoleSignInWithoutMfa',
    cisControl: '4.2',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    defaultThreshold: 1,
    description: 'An IAM user signed in to the console without MFA',
  },
  trailChanges: {
    metricName: 'CloudTrailChanges',
    cisControl: '4.5',
    pattern: `{ ${anyEvent(TRAIL_EVENTS)} }`,
    defaultThreshold: 1,
    description: 'A CloudTrail trail was created, changed, stopped or deleted',
  },
} as const satisfies Record<string, SecurityAlarmDefinition>;

export type SecurityAlarmName = keyof typeof SECURITY_ALARMS;

export interface SecurityAlarmsProps {
  /** Alarm name prefix, e.g. `lq3-staging-cloudtrail`. */
  readonly name: string;
  /** The trail's CloudWatch Logs group. */
  readonly logGroupName: string;
  /** SNS topic the alarms notify (and their recovery). */
  readonly topicArn: string;
  /**
   * Metric namespace of the filters.
   * @default 'CISBenchmark'
   */
  readonly metricNamespace?: string;
  /**
   * Events in 5 minutes that fire an alarm, per alarm.
   * @default each definition's `defaultThreshold` (3 for console sign-in failures, 1 otherwise)
   */
  readonly thresholds?: Partial<Record<SecurityAlarmName, number>>;
  /**
   * Appended to every alarm description.
   * @default nothing appended
   */
  readonly runbook?: string;
}

/**
 * The CIS AWS Foundations monitoring controls the brief asks for — root user
 * activity, IAM policy changes, console sign-in failures — plus sign-in without
 * MFA and trail changes: a metric filter on the trail's log group and an alarm
 * on each metric.
 */
export class SecurityAlarms extends Construct {
  readonly alarmNames: string[] = [];
  readonly alarmArns: string[] = [];

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const namespace = props.metricNamespace ?? 'CISBenchmark';
    for (const [setting, definition] of Object.entries(SECURITY_ALARMS) as [SecurityAlarmName, SecurityAlarmDefinition][]) {
      const threshold = props.thresholds?.[setting] ?? definition.defaultThreshold;
      if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`SecurityAlarms ${props.name}: thresholds.${setting} must be a whole number of events, at least 1, got ${threshold}`);
      new CloudwatchLogMetricFilter(this, `${setting}-filter`, {
        name: definition.metricName,
        logGroupName: props.logGroupName,
        pattern: definition.pattern,
        metricTransformation: { name: definition.metricName, namespace, value: '1', defaultValue: '0' },
      });
      const alarmName = `${props.name}-${definition.metricName}`;
      const description = `${definition.description} (CIS ${definition.cisControl}; ${threshold === 1 ? 'any event' : `${threshold} or more events`} in 5 minutes)`;
      const alarm = new CloudwatchMetricAlarm(this, `${setting}-alarm`, {
        alarmName,
        alarmDescription: props.runbook ? `${description}. ${props.runbook}` : `${description}.`,
        namespace,
        metricName: definition.metricName,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold,
        treatMissingData: 'notBreaching',
        alarmActions: [props.topicArn],
        okActions: [props.topicArn],
      });
      this.alarmNames.push(alarmName);
      this.alarmArns.push(alarm.arn);
    }
  }
}
