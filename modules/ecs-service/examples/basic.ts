/**
 * A cluster with a Symfony API behind an existing ALB listener (ECS native
 * blue/green, auto-scaling, scale to zero at night) and a queue worker without
 * load balancer. Type-checked by the `typecheck` target; synth it with
 * `node --require sucrase/register/ts examples/basic.ts`.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { EcsCluster, EcsService, HTTPS_TO_ANYWHERE } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'services');
new AwsProvider(stack, 'aws', { region: 'eu-central-1' });

// Outputs of the network, data and edge stacks in a real environment.
const network = {
  vpcId: 'vpc-0123456789abcdef0',
  privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
};
const alb = {
  httpsListenerArn: 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/acme-alb/50dc6c495c0c9188/f2f7dc8efc522ab2',
  securityGroupId: 'sg-0a1b2c3d4e5f60718',
  arnSuffix: 'app/acme-alb/50dc6c495c0c9188',
  // A second HTTPS listener (e.g. @lq3/alb's testListenerPort) reachable only for checks.
  testListenerArn: 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/acme-alb/50dc6c495c0c9188/0467ef3c8400ae65',
};
const databaseSecurityGroupId = 'sg-0d1e2f3a4b5c6d7e8';
const databaseSecretArn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!db-1234abcd-AbCdEf';

const cluster = new EcsCluster(stack, 'cluster', { name: 'acme-production' });

const api = new EcsService(stack, 'api', {
  name: 'acme-production-api',
  clusterArn: cluster.clusterArn,
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme/api',
  tag: '2.14.0',
  containerPort: 8080,
  cpu: 512,
  memory: 1024,
  environment: { APP_ENV: 'prod' },
  secrets: {
    DATABASE_USER: `${databaseSecretArn}:username::`,
    DATABASE_PASSWORD: `${databaseSecretArn}:password::`,
  },
  healthCheck: { command: ['CMD-SHELL', 'curl -fs http://localhost:8080/health || exit 1'], startPeriodSeconds: 30 },
  writableTmp: ['/tmp', '/var/www/var/cache'],
  user: '82:82',
  desiredCount: 2,
  loadBalancer: {
    listenerArn: alb.httpsListenerArn,
    albSecurityGroupId: alb.securityGroupId,
    hostHeaders: ['api.example.com'],
    priority: 100,
    healthCheckPath: '/health',
    testListenerArn: alb.testListenerArn,
  },
  // HTTPS anywhere, and MySQL to the database only.
  egress: [HTTPS_TO_ANYWHERE, { name: 'mysql', description: 'MySQL', port: 3306, securityGroupId: databaseSecurityGroupId }],
  // Target errors of the new version during the bake time roll the deployment back.
  deployment: { strategy: 'blueGreen', bakeTimeMinutes: 10, alarmRollback: { albArnSuffix: alb.arnSuffix } },
  autoScaling: {
    minCapacity: 2,
    maxCapacity: 8,
    cpuTargetPercent: 60,
    requestsPerTarget: 1000,
    albArnSuffix: alb.arnSuffix,
  },
});

// The application writes exports to S3: granted as data, not as IAM JSON.
api.grantPolicy([{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::acme-production-exports/*'] }]);

new EcsService(stack, 'worker', {
  name: 'acme-production-worker',
  clusterArn: cluster.clusterArn,
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme/api',
  tag: '2.14.0',
  command: ['bin/console', 'messenger:consume', 'async'],
  cpu: 256,
  memory: 512,
  secrets: { DATABASE_PASSWORD: `${databaseSecretArn}:password::` },
  autoScaling: {
    minCapacity: 1,
    maxCapacity: 1,
    scheduledActions: [
      { name: 'night', schedule: 'cron(0 20 ? * MON-FRI *)', timezone: 'Europe/Berlin', minCapacity: 0, maxCapacity: 0 },
      { name: 'morning', schedule: 'cron(0 7 ? * MON-FRI *)', timezone: 'Europe/Berlin', minCapacity: 1, maxCapacity: 1 },
    ],
  },
});

app.synth();
