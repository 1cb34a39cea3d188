#!/usr/bin/env node
// Counts the escape hatches in the real-world corpus's app definitions (issue #11): JSON patches
// (`addJsonPatch`, `JsonPatch.<op>(...)`) and L1 objects (`Kube*` classes, `new ApiObject(`,
// `ApiObject.of(`). The target is 0: every corpus app written with the typed API only.
//
//   node bench/count-escape-hatches.js [--json] [file.ts | folder ...]
//
// Default: test/fixtures/real-world/*/app.ts. Comments and import lines are not counted (an import
// alone patches nothing; its use is counted). Prints a table and the totals, or JSON with --json.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const CORPUS = path.join(REPO, 'test', 'fixtures', 'real-world');

/** The source without comments and import lines, so that only code counts. */
function codeOf(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    .replace(/^\s*import[\s\S]*?from\s+['"][^'"]+['"];?/gm, '');
}

function count(pattern, text) {
  return (text.match(pattern) ?? []).length;
}

/** Escape hatches of one file. */
function escapeHatches(file) {
  const code = codeOf(fs.readFileSync(file, 'utf8'));
  // A patch built with JsonPatch.<op>() counts once, even inside addJsonPatch(); a raw object given to addJsonPatch counts too.
  const jsonPatches = count(/\bJsonPatch\.\w+\s*\(/g, code) + count(/\baddJsonPatch\s*\((?!\s*JsonPatch\b)/g, code);
  const l1Objects = count(/\bKube[A-Z]\w*/g, code) + count(/\bnew\s+ApiObject\s*\(/g, code) + count(/\bApiObject\.of\s*\(/g, code);
  return { file: path.relative(REPO, file), jsonPatches, l1Objects };
}

function filesOf(args) {
  if (args.length === 0) {
    return fs.readdirSync(CORPUS, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(CORPUS, d.name, 'app.ts')))
      .map((d) => path.join(CORPUS, d.name, 'app.ts'))
      .sort();
  }
  return args.flatMap((arg) => {
    const full = path.resolve(arg);
    if (!fs.statSync(full).isDirectory()) return [full];
    return fs.readdirSync(full, { recursive: true }).filter((f) => String(f).endsWith('.ts')).map((f) => path.join(full, String(f))).sort();
  });
}

function main(argv) {
  const json = argv.includes('--json');
  const files = filesOf(argv.filter((a) => a !== '--json'));
  const rows = files.map(escapeHatches);
  const total = {
    files: rows.length,
    jsonPatches: rows.reduce((n, r) => n + r.jsonPatches, 0),
    l1Objects: rows.reduce((n, r) => n + r.l1Objects, 0),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify({ rows, total }, null, 2)}\n`);
    return;
  }
  const width = Math.max(4, ...rows.map((r) => r.file.length));
  console.log(`${'file'.padEnd(width)}  JSON patches  L1 objects`);
  for (const r of rows) console.log(`${r.file.padEnd(width)}  ${String(r.jsonPatches).padStart(12)}  ${String(r.l1Objects).padStart(10)}`);
  console.log(`${`total (${total.files} definitions)`.padEnd(width)}  ${String(total.jsonPatches).padStart(12)}  ${String(total.l1Objects).padStart(10)}`);
}

if (require.main === module) main(process.argv.slice(2));
module.exports = { escapeHatches };
