export * from './actions';
export * from './cli';
export * from './clients';
export * from './credential-report';
export * from './decide';
export * from './inventory';
export * from './render';
export * from './run';
