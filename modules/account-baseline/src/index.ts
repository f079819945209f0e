export { AccountBaseline, type AccountBaselineProps, type FindingNotifications, type PasswordPolicy } from './account-baseline';
