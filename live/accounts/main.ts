import { composeAccountLayer, runAccountSynth } from '@lq3/live-shared';

runAccountSynth(__dirname, composeAccountLayer);
