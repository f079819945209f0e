#!/usr/bin/env node
// Runs the TypeScript sources through sucrase's require hook (as synth does): no build step.
require('sucrase/register/ts');
require('../src/cli.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
