#!/usr/bin/env node
// Entry point of the `stillon` command. Plain JavaScript on purpose: it installs the TypeScript
// loader that the user's apps/*.ts and stillon.config.ts go through, cached under the user's
// repository: the nearest folder, the working directory or above, with a stillon.config.ts or a
// package.json (the commands find the same root by the stricter test of
// src/private/repository-root.ts; this only decides where the cache lives).
//
// Installed from the package, the CLI itself is the compiled JavaScript in dist/. In a checkout of
// stillon-gitops (src/cli/main.ts beside this folder) it runs src/ through the same loader
// instead: `npm run synth` and the tests then need no build step, and can never run a stale
// dist/ left over from an older build.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const DEBUG_FLAG = '--debug';
const argv = process.argv.slice(2);
const debug = argv.includes(DEBUG_FLAG) || ['1', 'true'].includes(process.env.STILLON_DEBUG ?? '');

require('./ts-loader').register({ root: cacheRoot(process.cwd()) });
const devMain = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
const { main } = fs.existsSync(devMain) ? require(devMain) : require('../dist/src/cli/main.js');

main(argv.filter((a) => a !== DEBUG_FLAG)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // A bug of ours, not a finding about the user's repository: one line and where to send it.
    const message = String((err && err.message) || err).split('\n')[0];
    process.stderr.write(`stillon: internal error: ${message}\n`);
    if (debug) {
      process.stderr.write(`${(err && err.stack) || err}\n`);
    } else {
      process.stderr.write(`  please report it at ${bugsUrl()} with the output of the same command run with ${DEBUG_FLAG} (or STILLON_DEBUG=1)\n`);
    }
    process.exitCode = 2;
  },
);

function bugsUrl() {
  try {
    const pkg = require('../package.json');
    return (pkg.bugs && pkg.bugs.url) || `the issue tracker of ${pkg.name}@${pkg.version}`;
  } catch {
    return 'the issue tracker of stillon-gitops';
  }
}

/** Where `.stillon-cache/` goes: never inside a subfolder a command happens to be run from. */
function cacheRoot(start) {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'stillon.config.ts')) || fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
