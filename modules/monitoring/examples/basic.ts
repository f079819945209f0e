/**
 * Watching one Fargate service behind an ALB: its alarms, the load balancer's
 * error rate, deployment messages for Slack (through AWS Chatbot) and a small
 * dashboard. Type-checked by the module's `typecheck` target.
 */
import { App, TerraformStack } from 'cdktf';
import { Dashboard, DeploymentNotifications, LoadBalancerAlarms, ServiceAlarms } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'monitoring-example');
const topicArn = 'arn:aws:sns:eu-central-1:111111111111:lq3-staging01-alarms';
const albArnSuffix = 'app/lq3-staging01/50dc6c495c0c9188';
const targetGroup = 'targetgroup/lq3-staging01-api-8080-1/943f017f100becff';

const api = new ServiceAlarms(stack, 'api-alarms', {
  name: 'lq3-staging01-api',
  clusterName: 'lq3-staging01',
  serviceName: 'lq3-staging01-api',
  topicArn,
  targets: { albArnSuffix, targetGroupArnSuffixes: [targetGroup] },
  latencyP95: { threshold: 1.5 },
  runbook: 'First check: docs/operations.md#alarms',
});
const alb = new LoadBalancerAlarms(stack, 'alb-alarms', { name: 'lq3-staging01-alb', albArnSuffix, topicArn });

new DeploymentNotifications(stack, 'api-deployments', {
  name: 'lq3-staging01-api',
  serviceArn: 'arn:aws:ecs:eu-central-1:111111111111:service/lq3-staging01/lq3-staging01-api',
  topicArn,
  subject: { environment: 'staging01', app: 'api', imageTag: '2026.11.3' },
});

new Dashboard(stack, 'dashboard', {
  name: 'lq3-staging01',
  region: 'eu-central-1',
  rows: [
    { height: 4, widgets: [{ type: 'alarms', title: 'Alarms', alarmArns: [...alb.alarmArns, ...api.alarmArns] }] },
    {
      title: 'API',
      widgets: [
        {
          type: 'graph',
          title: 'p95 latency (s)',
          stat: 'p95',
          lines: [{ namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', dimensions: { LoadBalancer: albArnSuffix, TargetGroup: targetGroup } }],
          thresholds: [{ value: 1.5, label: 'alarm' }],
        },
        {
          type: 'graph',
          title: 'CPU (%)',
          lines: [{ namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: { ClusterName: 'lq3-staging01', ServiceName: 'lq3-staging01-api' } }],
          yAxis: { min: 0, max: 100 },
        },
      ],
    },
  ],
});

app.synth();
