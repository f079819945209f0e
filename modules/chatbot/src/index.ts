export { SlackChannel, type SlackChannelProps } from './slack-channel';
