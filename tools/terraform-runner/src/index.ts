export * from './plan-summary';
