#!/usr/bin/env node
// Entry point of the `stillon` command. Plain JavaScript on purpose: it installs the TypeScript
// loader that everything else (src/, apps/, stillon.config.ts) goes through.
'use strict';
require('./ts-loader').register();
const { main } = require('../src/cli/main.ts');

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`stillon: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
