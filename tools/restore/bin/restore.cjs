#!/usr/bin/env node
'use strict';
// The TypeScript sources through the sucrase require hook synth uses: no build step.
require('sucrase/register/ts');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../src/cli.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
