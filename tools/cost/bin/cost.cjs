#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources through the same sucrase require hook synth uses:
// no build step, no dist/ to keep in sync.
require('sucrase/register/ts');
process.exitCode = require('../src/cli.ts').main(process.argv.slice(2));
