export { EcsCluster, type ContainerInsights, type EcsClusterProps } from './ecs-cluster';
export { EcsService } from './ecs-service';
export { HTTPS_TO_ANYWHERE } from './egress';
export { MIN_BAKE_WITH_ALARM_MINUTES } from './validate';
export { fargateSizeProblem } from './fargate';
export type {
  DeploymentStrategy,
  EcsServiceAutoScaling,
  EcsServiceDeployment,
  EcsServiceEgressRule,
  EcsServiceHealthCheck,
  EcsServiceLoadBalancer,
  EcsServiceProps,
  EcsServiceScheduledAction,
} from './ecs-service-props';
export type { PolicyStatement } from './iam';
