#!/usr/bin/env node
// Runs the TypeScript sources through the swc require hook (as synth does): no build step.
process.env.SWC_NODE_PROJECT = require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../src/cli.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
