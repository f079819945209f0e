export { END_OF_STANDARD_SUPPORT, engineVersionProblem, RdsReplicaPair, type RdsAlarmThresholds, type RdsReplicaPairProps, type RestoreFrom } from './rds-replica-pair';
export { estimatedMaxConnections, isValidInstanceClass } from './instance-class';
