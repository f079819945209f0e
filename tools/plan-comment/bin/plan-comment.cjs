#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources through the same swc require hook synth uses:
// no build step, no dist/ to keep in sync.
const { join } = require('node:path');

process.env.SWC_NODE_PROJECT ??= join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../src/cli.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
