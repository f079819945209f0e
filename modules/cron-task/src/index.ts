export { ExportsBucket, type ExportsBucketProps } from './exports-bucket';
export { scheduleExpressionProblem, timeZoneProblem } from './schedule-expression';
export { ScheduledTask, type ScheduledTaskProps, type ScheduledTaskRetry } from './scheduled-task';
