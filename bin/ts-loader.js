// A require hook that runs TypeScript without type checking: esbuild strips the types of each
// .ts file (about 1 ms a file) and the result is cached by content hash under .stillon-cache/,
// so an unchanged file costs one read and one hash. Type checking belongs to `npm test` and
// `npm run build`, not to the synth path that runs before every commit.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
// STILLON_CACHE_DIR lets several checkouts (the tests' temporary copies) share one cache.
const CACHE_DIR = path.join(process.env.STILLON_CACHE_DIR || path.join(ROOT, '.stillon-cache'), 'ts');
// Part of every cache key: a new esbuild or new options must not reuse old output.
const TRANSFORM_OPTIONS = { loader: 'ts', format: 'cjs', target: 'node20', sourcemap: 'inline', sourcesContent: false };
let esbuild;
let salt;

function transpile(source, filename) {
  salt ??= `${require('esbuild/package.json').version}:${JSON.stringify(TRANSFORM_OPTIONS)}`;
  // Keyed by the path inside the checkout, not the absolute one, so that copies share entries; the
  // source map names only the file's base name, which Node resolves next to the file itself.
  const key = crypto.createHash('sha256').update(salt).update('\0').update(path.relative(ROOT, filename)).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
  esbuild ??= require('esbuild');
  const { code } = esbuild.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile: path.basename(filename) });
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  } catch {
    // A read-only checkout still works, just without the cache.
  }
  return code;
}

function register() {
  if (Module._extensions['.ts']) return; // ts-node, ts-jest or a second call: keep theirs
  Module._extensions['.ts'] = (module, filename) => {
    withSourceMaps(true, () => module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename));
  };
  // Stack traces point into the .ts files (app errors name their line). Node reads the source map
  // of each module when it is compiled with source maps on, and for node_modules that means
  // parsing cdk8s's and cdk8s-plus's .js.map files (some MB) on every run: JavaScript modules are
  // compiled with them off. The switch only matters at compile time and when a stack is printed.
  if (process.setSourceMapsEnabled && 'sourceMapsEnabled' in process) {
    const loadJs = Module._extensions['.js'];
    Module._extensions['.js'] = (module, filename) => withSourceMaps(false, () => loadJs(module, filename));
    process.setSourceMapsEnabled(true);
  }
}

function withSourceMaps(on, load) {
  const before = process.sourceMapsEnabled;
  if (before === undefined || before === on) return load();
  process.setSourceMapsEnabled(on);
  try {
    return load();
  } finally {
    process.setSourceMapsEnabled(before);
  }
}

module.exports = { register, transpile };
