export * from './account-config';
export * from './account-stack';
export * from './compose';
export * from './synth';
export { channelTopics } from './stacks/chat-stack';
