export { AuditTrail, type AuditTrailProps, type AuditTrailSecurityAlarms } from './audit-trail';
export { SECURITY_ALARMS, SecurityAlarms, type SecurityAlarmDefinition, type SecurityAlarmName, type SecurityAlarmsProps } from './security-alarms';
export { LOG_RETENTION_DAYS } from './validate';
