#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources through the same sucrase require hook synth uses:
// no build step, no dist/ to keep in sync.
require('sucrase/register/ts');
// The pinned SDK supports the repo's Node 20; its notice that later SDK versions
// will need Node 22 would only clutter every run's log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../src/cli.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
