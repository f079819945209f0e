import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { alarmDescription, describeCondition, notifyingAlarm, resolveSetting, type AlarmSetting } from './alarms';
import { announceModule, NAME, refuse } from './names';

/** Requests per 5 minutes below which the error rate is not judged: two failed requests out of three are not an outage. */
export const MINIMUM_REQUESTS = 50;

export interface LoadBalancerAlarmsProps {
  /** Alarm name prefix, e.g. `lq3-staging01-alb`. */
  readonly name: string;
  /** CloudWatch `LoadBalancer` dimension: `app/<name>/<id>` (`aws_lb.arn_suffix`). */
  readonly albArnSuffix: string;
  /** SNS topic the alarm notifies when it fires and when it recovers. */
  readonly topicArn: string;
  /**
   * 5xx responses as a percentage of all requests: the ones the ALB itself answers
   * (no healthy target, timeouts: 502/503/504) and the ones the targets return.
   * @default threshold 5
   */
  readonly serverErrorRate?: AlarmSetting;
  /**
   * Appended to the alarm description, e.g. where the runbook is.
   * @default nothing appended
   */
  readonly runbook?: string;
}

/** The error-rate alarm of an Application Load Balancer: what users see, whichever service fails. */
export class LoadBalancerAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];
  readonly alarmNames: string[] = [];

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    announceModule(this);
    const owner = `LoadBalancerAlarms ${props.name}`;
    refuse(owner, NAME.test(props.name) ? [] : [`name "${props.name}" must be letters, digits, ".", "-" or "_"`]);
    const rate = resolveSetting(owner, 'serverErrorRate', props.serverErrorRate);
    if (rate === undefined) return;
    const sum = (metricId: string, metricName: string) => ({
      id: metricId,
      metric: { namespace: 'AWS/ApplicationELB', metricName, dimensions: { LoadBalancer: props.albArnSuffix }, stat: 'Sum', period: 300 },
    });
    const alarmName = `${props.name}-5xx-rate`;
    this.alarmNames.push(alarmName);
    this.alarms.push(
      notifyingAlarm(this, '5xx-rate', {
        alarmName,
        alarmDescription: alarmDescription(`Load balancer ${props.name}: ${describeCondition('serverErrorRate', rate)}`, props.runbook),
        topicArn: props.topicArn,
        evaluationPeriods: 2,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: rate,
        metricQuery: [
          sum('elb5xx', 'HTTPCode_ELB_5XX_Count'),
          sum('target5xx', 'HTTPCode_Target_5XX_Count'),
          sum('requests', 'RequestCount'),
          {
            id: 'rate',
            // A period without a 5xx publishes no 5xx datapoint: FILL makes it zero.
            expression: `IF(requests >= ${MINIMUM_REQUESTS}, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)`,
            label: '5xx responses (% of requests)',
            returnData: true,
          },
        ],
      }),
    );
  }

  get alarmArns(): string[] {
    return this.alarms.map((alarm) => alarm.arn);
  }
}
