import * as fs from 'node:fs';
import * as path from 'node:path';
import { Conventions, StillonConfig, resolveConventions } from './conventions';
import { StillonError } from '../errors';

/** The optional cluster configuration at the repository root. */
export const CONFIG_FILE = 'stillon.config.ts';

/** Reads `stillon.config.ts` (default export) over the Stillon profile. */
export function loadConventions(rootDir: string): Conventions {
  const file = path.join(rootDir, CONFIG_FILE);
  if (!fs.existsSync(file)) return resolveConventions();
  let config: StillonConfig;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the file is only known at run time
    config = require(file).default;
  } catch (error) {
    throw new StillonError('ConfigLoadFailed', CONFIG_FILE, (error as Error).message, `fix ${CONFIG_FILE}`);
  }
  if (typeof config !== 'object' || config === null) {
    throw new StillonError('ConfigLoadFailed', CONFIG_FILE, 'it has no default export', 'end it with `export default defineConfig({ ... })`');
  }
  return resolveConventions(config);
}
