export { ExportsBucket, type ExportsBucketProps } from './exports-bucket';
export { ScheduledTask, type ScheduledTaskProps, type ScheduledTaskRetry } from './scheduled-task';
