export { EcsCluster, type ContainerInsights, type EcsClusterProps } from './ecs-cluster';
export { EcsService } from './ecs-service';
export { fargateSizeProblem } from './fargate';
export type {
  DeploymentStrategy,
  EcsServiceAutoScaling,
  EcsServiceDeployment,
  EcsServiceHealthCheck,
  EcsServiceLoadBalancer,
  EcsServiceProps,
  EcsServiceScheduledAction,
} from './ecs-service-props';
export type { PolicyStatement } from './iam';
