import { composeEnvironment, runSynth } from '@lq3/live-shared';

runSynth(__dirname, composeEnvironment);
