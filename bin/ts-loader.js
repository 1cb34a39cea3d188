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

/** Where the output for this file and content lives (or will). */
function cachePath(source, filename) {
  salt ??= `${require('esbuild/package.json').version}:${JSON.stringify(TRANSFORM_OPTIONS)}`;
  // Keyed by the path inside the checkout, not the absolute one, so that copies share entries; the
  // source map names only the file's base name, which Node resolves next to the file itself.
  const key = crypto.createHash('sha256').update(salt).update('\0').update(path.relative(ROOT, filename)).update('\0').update(source).digest('hex');
  return path.join(CACHE_DIR, `${key}.js`);
}

function store(cached, code) {
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  } catch {
    // A read-only checkout still works, just without the cache.
  }
}

function transpile(source, filename) {
  const cached = cachePath(source, filename);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
  if (!batchTried) {
    batchTried = true;
    transpileMissingInBatch();
    try {
      return fs.readFileSync(cached, 'utf8');
    } catch {
      // not part of the batch (a file outside src/, apps/, imports/)
    }
  }
  esbuild ??= require('esbuild');
  const { code } = esbuild.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile: path.basename(filename) });
  store(cached, code);
  return code;
}

/**
 * On the first cache miss (a fresh clone, a pull that changed many files), transpile every
 * uncached .ts file of the checkout at once: one transformSync per file is a synchronous round
 * trip to esbuild's process (2.5 ms each here), while a child process can send them all
 * concurrently (600 ms -> 150 ms for 235 files). A handful of misses stay on the inline path.
 */
let batchTried = false;
const BATCH_FROM = 8;
function transpileMissingInBatch() {
  const missing = [];
  for (const file of [...walkTs(path.join(ROOT, 'src')), ...walkTs(path.join(ROOT, 'apps')), ...walkTs(path.join(ROOT, 'imports')),
    ...['stillon.config.ts'].map((f) => path.join(ROOT, f)).filter((f) => fs.existsSync(f))]) {
    const cached = cachePath(fs.readFileSync(file, 'utf8'), file);
    if (!fs.existsSync(cached)) missing.push(file);
  }
  if (missing.length < BATCH_FROM) return;
  require('node:child_process').spawnSync(process.execPath, [__filename, '--batch'], {
    input: missing.join('\n'), stdio: ['pipe', 'ignore', 'inherit'], env: { ...process.env, STILLON_CACHE_DIR: path.dirname(CACHE_DIR) },
  });
}

function walkTs(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => e.isDirectory() ? walkTs(path.join(dir, e.name))
    : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []);
}

/** `node ts-loader.js --batch`: transpiles the files named on stdin concurrently into the cache. */
async function batchMain() {
  esbuild = require('esbuild');
  const files = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
  await Promise.all(files.map(async (file) => {
    const source = fs.readFileSync(file, 'utf8');
    const { code } = await esbuild.transform(source, { ...TRANSFORM_OPTIONS, sourcefile: path.basename(file) });
    store(cachePath(source, file), code);
  }));
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

if (require.main === module && process.argv[2] === '--batch') {
  batchMain().catch((error) => {
    process.stderr.write(`stillon: transpiling failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}
