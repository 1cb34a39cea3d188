import * as fs from 'node:fs';
import * as path from 'node:path';

/** What `stillon init` needs to know about the stillon-gitops package it is part of. */
export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  readonly peerDependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

/**
 * Our own package.json, found by walking up from this file: `src/init/` in a checkout and
 * `dist/src/init/` when installed are at different depths.
 */
export function packageInfo(from: string = __dirname): PackageInfo {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === 'stillon-gitops') {
        return { name: pkg.name, version: pkg.version, peerDependencies: pkg.peerDependencies ?? {}, devDependencies: pkg.devDependencies ?? {} };
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of stillon-gitops above ${from}`);
  }
}
