import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Drops the repository's own modules (apps/*.ts, stillon.config.ts and what they import) from
 * Node's module cache, so that each tool call sees the files as they are now. The server lives
 * as long as the assistant's session while the user (or `new_app`) edits those files; a cached
 * module would make synth report, and write, what an app said an hour ago. The library and
 * node_modules stay cached: a second copy of the library would break `instanceof` between an app's
 * constructs and synth.
 */
export function forgetRepositoryModules(rootDir: string): void {
  const root = withSep(path.resolve(rootDir));
  const kept = [withSep(path.join(root, 'node_modules')), ...libraryDirs()];
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(root) && !kept.some((dir) => file.startsWith(dir))) delete require.cache[file];
  }
}

/** Where this library's modules live: src/ and imports/ of the package (or dist/ once built). */
function libraryDirs(): string[] {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (isThisPackage(path.join(dir, 'package.json'))) return ['src', 'imports', 'dist'].map((d) => withSep(path.join(dir, d)));
  }
  return [withSep(path.resolve(__dirname, '..'))];
}

function isThisPackage(file: string): boolean {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).name === 'stillon-gitops';
  } catch {
    return false;
  }
}

const withSep = (dir: string) => (dir.endsWith(path.sep) ? dir : dir + path.sep);
