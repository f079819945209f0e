export { CostAlerts, type CostAlertsProps } from './cost-alerts';
