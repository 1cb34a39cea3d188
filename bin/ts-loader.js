// A require hook that runs TypeScript without type checking: esbuild strips the types of each
// .ts file (about 1 ms a file) and the result is cached by content hash under the repository's
// .stillon-cache/, so an unchanged file costs one read and two hashes (its key, and the entry's
// own check). Type checking belongs to `npm test` and `npm run build`, not to the synth path that
// runs before every commit.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

// The package's own folder: in a dev checkout it holds src/ and imports/ as .ts; installed from
// the registry it holds the precompiled dist/ and none of them.
const PACKAGE_DIR = path.join(__dirname, '..');
// Part of every cache key (with the entry format): a new esbuild or new options must not reuse old output.
const TRANSFORM_OPTIONS = { loader: 'ts', format: 'cjs', target: 'node20', sourcemap: 'inline', sourcesContent: false };
// The first line of every cache entry: a digest of the code after it, checked on each read, so
// that an entry cut short by a crash or a full disk (rename is atomic, but without an fsync the
// data may not be on disk yet) is rebuilt instead of being run.
const ENTRY_HEADER = '// stillon-cache sha256=';
let esbuild;
let salt;
/** The repository being synthesized: cache keys are relative to it, the cache lives in it. */
let root;
let cacheDir;

/** Sets the repository root (default: the working directory) and the cache folder under it. */
function configure(options = {}) {
  root = path.resolve(options.root ?? root ?? process.cwd());
  // STILLON_CACHE_DIR lets several checkouts (the tests' temporary copies) share one cache.
  cacheDir = path.join(process.env.STILLON_CACHE_DIR || path.join(root, '.stillon-cache'), 'ts');
}

/** Where the output for this file and content lives (or will). */
function cachePath(source, filename) {
  if (!root) configure();
  salt ??= `${ENTRY_HEADER}:${require('esbuild/package.json').version}:${JSON.stringify(TRANSFORM_OPTIONS)}`;
  // Keyed by the path inside the repository, not the absolute one, so that copies share entries;
  // the source map names only the file's base name, which Node resolves next to the file itself.
  const key = crypto.createHash('sha256').update(salt).update('\0').update(path.relative(root, filename)).update('\0').update(source).digest('hex');
  return path.join(cacheDir, `${key}.js`);
}

const digest = (code) => crypto.createHash('sha256').update(code).digest('hex');

/** The code of a cache entry that verifies, else undefined (missing, empty, cut short, garbage). */
function readEntry(cached) {
  let text;
  try {
    text = fs.readFileSync(cached, 'utf8');
  } catch {
    return undefined; // not cached yet
  }
  const newline = text.indexOf('\n');
  if (newline < 0 || !text.startsWith(ENTRY_HEADER)) return undefined;
  const code = text.slice(newline + 1);
  return text.slice(ENTRY_HEADER.length, newline) === digest(code) ? code : undefined;
}

function store(cached, code) {
  try {
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${ENTRY_HEADER}${digest(code)}\n${code}`);
    fs.renameSync(tmp, cached);
  } catch {
    // A read-only checkout still works, just without the cache.
  }
}

function transpile(source, filename) {
  const cached = cachePath(source, filename);
  let code = readEntry(cached);
  if (code !== undefined) return code;
  if (!batchTried) {
    batchTried = true;
    transpileMissingInBatch();
    code = readEntry(cached);
    if (code !== undefined) return code;
    // not part of the batch (a file outside the folders it scans), or an entry that does not verify
  }
  esbuild ??= require('esbuild');
  ({ code } = esbuild.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile: path.basename(filename) }));
  store(cached, code);
  return code;
}

/**
 * On the first cache miss (a fresh clone, a pull that changed many files), transpile every
 * uncached .ts file at once: one transformSync per file is a synchronous round trip to esbuild's
 * process (2.5 ms each here), while a child process can send them all concurrently (600 ms ->
 * 150 ms for 235 files). A handful of misses stay on the inline path. The files: the repository's
 * apps/ and stillon.config.ts, and the package's own src/ and imports/ when they are .ts (a dev
 * checkout; an installed package is precompiled).
 */
let batchTried = false;
const BATCH_FROM = 8;
function transpileMissingInBatch() {
  const missing = [];
  const files = new Set([...walkTs(path.join(PACKAGE_DIR, 'src')), ...walkTs(path.join(PACKAGE_DIR, 'imports')), ...walkTs(path.join(root, 'apps')),
    ...[path.join(root, 'stillon.config.ts')].filter((f) => fs.existsSync(f))]);
  for (const file of files) {
    const cached = cachePath(fs.readFileSync(file, 'utf8'), file);
    if (!fs.existsSync(cached)) missing.push(file);
  }
  if (missing.length < BATCH_FROM) return;
  require('node:child_process').spawnSync(process.execPath, [__filename, '--batch', root], {
    input: missing.join('\n'), stdio: ['pipe', 'ignore', 'inherit'], env: { ...process.env, STILLON_CACHE_DIR: path.dirname(cacheDir) },
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

/** `node ts-loader.js --batch <root>`: transpiles the files named on stdin concurrently into the cache. */
async function batchMain(batchRoot) {
  configure({ root: batchRoot });
  esbuild = require('esbuild');
  const files = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
  await Promise.all(files.map(async (file) => {
    const source = fs.readFileSync(file, 'utf8');
    const { code } = await esbuild.transform(source, { ...TRANSFORM_OPTIONS, sourcefile: path.basename(file) });
    store(cachePath(source, file), code);
  }));
}

/**
 * Installs the loader. `root` is the repository being synthesized (default: the working
 * directory): the cache goes to `<root>/.stillon-cache/` unless STILLON_CACHE_DIR says otherwise.
 * @param {{ root?: string }} [options]
 */
function register(options = {}) {
  configure(options);
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
  batchMain(process.argv[3]).catch((error) => {
    process.stderr.write(`stillon: transpiling failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}
