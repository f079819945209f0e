import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { alarmDescription, describeCondition, notifyingAlarm, resolveSetting, type AlarmSetting } from './alarms';
import { announceModule, NAME, refuse } from './names';

/** The ALB target groups a service is registered in. */
export interface ServiceTargets {
  /** CloudWatch `LoadBalancer` dimension: `app/<name>/<id>` (`aws_lb.arn_suffix`). */
  readonly albArnSuffix: string;
  /** CloudWatch `TargetGroup` dimensions (`aws_lb_target_group.arn_suffix`): one for rolling, two for blue/green. */
  readonly targetGroupArnSuffixes: readonly string[];
}

export interface ServiceAlarmsProps {
  /** Prefix of every alarm name, e.g. `lq3-staging01-api`: letters, digits, `.`, `-`, `_`. */
  readonly name: string;
  /** ECS cluster name (`ClusterName` dimension). */
  readonly clusterName: string;
  /** ECS service name (`ServiceName` dimension). */
  readonly serviceName: string;
  /** SNS topic every alarm notifies when it fires and when it recovers. */
  readonly topicArn: string;
  /**
   * The service's target groups: adds the latency and unhealthy-target alarms, one per target group.
   * @default no load balancer alarms (a worker without a load balancer)
   */
  readonly targets?: ServiceTargets;
  /**
   * Average CPU utilisation, percent.
   * @default threshold 85
   */
  readonly cpu?: AlarmSetting;
  /**
   * Average memory utilisation, percent.
   * @default threshold 85
   */
  readonly memory?: AlarmSetting;
  /**
   * Tasks missing: desired minus running (Container Insights must be on for the cluster).
   * @default threshold 1
   */
  readonly runningTasks?: AlarmSetting;
  /**
   * p95 target response time, seconds.
   * @default threshold 2
   */
  readonly latencyP95?: AlarmSetting;
  /**
   * Unhealthy targets per target group.
   * @default threshold 0 (any unhealthy target for five minutes)
   */
  readonly unhealthyTargets?: AlarmSetting;
  /**
   * Appended to every alarm description, e.g. `First check: docs/operations.md#alarms`.
   * @default nothing appended
   */
  readonly runbook?: string;
}

/**
 * CloudWatch alarms of one ECS service: CPU, memory, running below desired and,
 * behind a load balancer, p95 latency and unhealthy targets per target group.
 * Each notifies the topic when it fires and when it recovers.
 */
export class ServiceAlarms extends Construct {
  /** Every alarm created, in creation order. */
  readonly alarms: CloudwatchMetricAlarm[] = [];
  /** Their names, in the same order. */
  readonly alarmNames: string[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    announceModule(this);
    const owner = `ServiceAlarms ${props.name}`;
    refuse(owner, [
      ...(NAME.test(props.name) ? [] : [`name "${props.name}" must be letters, digits, ".", "-" or "_"`]),
      ...(props.targets && props.targets.targetGroupArnSuffixes.length === 0 ? ['targets.targetGroupArnSuffixes must list at least one target group'] : []),
      ...(props.targets && props.targets.targetGroupArnSuffixes.length > 2 ? ['targets.targetGroupArnSuffixes holds one (rolling) or two (blue/green) target groups'] : []),
    ]);
    const service = { ClusterName: props.clusterName, ServiceName: props.serviceName };
    const alarm = (alarmId: string, name: string, description: string, config: Omit<Parameters<typeof notifyingAlarm>[2], 'alarmName' | 'alarmDescription' | 'topicArn'>) => {
      const alarmName = `${props.name}-${name}`;
      this.alarmNames.push(alarmName);
      this.alarms.push(
        notifyingAlarm(this, alarmId, {
          alarmName,
          alarmDescription: alarmDescription(`${props.serviceName}: ${description}`, props.runbook),
          topicArn: props.topicArn,
          ...config,
        }),
      );
    };

    for (const [setting, metricName] of [['cpu', 'CPUUtilization'], ['memory', 'MemoryUtilization']] as const) {
      const threshold = resolveSetting(owner, setting, props[setting]);
      if (threshold === undefined) continue;
      alarm(setting, setting, describeCondition(setting, threshold), {
        namespace: 'AWS/ECS',
        metricName,
        dimensions: service,
        statistic: 'Average',
        period: 300,
        evaluationPeriods: 3,
        comparisonOperator: 'GreaterThanThreshold',
        threshold,
      });
    }
    const missing = resolveSetting(owner, 'runningTasks', props.runningTasks);
    if (missing !== undefined) {
      // Averages over 5 minutes: a deployment or a scale-out that starts tasks within
      // minutes never fires it; a task that keeps crashing does.
      const insight = (metricId: string, metricName: string) => ({
        id: metricId,
        metric: { namespace: 'ECS/ContainerInsights', metricName, dimensions: service, stat: 'Average', period: 300 },
      });
      alarm('running-tasks', 'running-tasks', describeCondition('runningTasks', missing), {
        evaluationPeriods: 2,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: missing,
        metricQuery: [
          insight('desired', 'DesiredTaskCount'),
          insight('running', 'RunningTaskCount'),
          { id: 'missing', expression: 'desired - running', label: 'Tasks missing', returnData: true },
        ],
      });
    }

    const targets = props.targets;
    if (!targets) return;
    const latency = resolveSetting(owner, 'latencyP95', props.latencyP95);
    const unhealthy = resolveSetting(owner, 'unhealthyTargets', props.unhealthyTargets);
    targets.targetGroupArnSuffixes.forEach((targetGroup, index) => {
      // Blue/green alternates the live target group: each is watched on its own, and the idle one publishes nothing.
      const suffix = targets.targetGroupArnSuffixes.length > 1 ? `-tg${index + 1}` : '';
      const dimensions = { LoadBalancer: targets.albArnSuffix, TargetGroup: targetGroup };
      if (latency !== undefined) {
        alarm(`latency-p95${suffix}`, `p95-latency${suffix}`, describeCondition('latencyP95', latency), {
          namespace: 'AWS/ApplicationELB',
          metricName: 'TargetResponseTime',
          dimensions,
          extendedStatistic: 'p95',
          period: 300,
          evaluationPeriods: 3,
          comparisonOperator: 'GreaterThanThreshold',
          threshold: latency,
        });
      }
      if (unhealthy !== undefined) {
        alarm(`unhealthy-targets${suffix}`, `unhealthy-targets${suffix}`, describeCondition('unhealthyTargets', unhealthy), {
          namespace: 'AWS/ApplicationELB',
          metricName: 'UnHealthyHostCount',
          dimensions,
          statistic: 'Maximum',
          period: 60,
          evaluationPeriods: 5,
          comparisonOperator: 'GreaterThanThreshold',
          threshold: unhealthy,
        });
      }
    });
  }

  /** ARNs of every alarm created. */
  get alarmArns(): string[] {
    return this.alarms.map((alarm) => alarm.arn);
  }
}
