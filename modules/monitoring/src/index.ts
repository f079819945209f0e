export { ALARM_DEFINITIONS, type AlarmDefinition, type AlarmName, type AlarmSetting } from './alarms';
export { chatbotNotification } from './chatbot-notification';
export {
  Dashboard,
  type AlarmStatusWidget,
  type DashboardProps,
  type DashboardRow,
  type DashboardWidget,
  type ExpressionLine,
  type GraphWidget,
  type MetricLine,
  type TextWidget,
} from './dashboard';
export { DEPLOYMENT_STATES, DeploymentNotifications, type DeploymentNotificationsProps, type DeploymentSubject } from './deployment-notifications';
export { LoadBalancerAlarms, MINIMUM_REQUESTS, type LoadBalancerAlarmsProps } from './load-balancer-alarms';
export { ServiceAlarms, type ServiceAlarmsProps, type ServiceTargets } from './service-alarms';
