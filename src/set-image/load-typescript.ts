import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { TypeScriptApi } from './find-images';
import { StillonError } from '../errors';

/**
 * The TypeScript compiler of the user's repository (a devDependency of every repository
 * `stillon init` writes), resolved from its root as the repository's own code would resolve it:
 * the library does not ship a compiler of its own, and the user's copy is the one that parses
 * their apps the way their `tsc` does.
 */
export function loadTypeScript(rootDir: string): TypeScriptApi {
  const requireFromRoot = createRequire(path.join(rootDir, 'package.json'));
  try {
    return requireFromRoot('typescript') as TypeScriptApi;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new StillonError('TypeScriptMissing', 'typescript',
      `set-image reads the app file with the TypeScript compiler, and no \`typescript\` package resolves from ${rootDir}`,
      'run `npm install --save-dev typescript` in the repository (`stillon init` lists it in package.json), then `npm ci` in CI');
  }
}
