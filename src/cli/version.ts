import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The version in our own package.json: the nearest one above this file that names
 * `stillon-gitops`. Looked up rather than imported, so that it is the same whether this runs
 * from `src/` or compiled from `dist/`, and read only when `--version` asks.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'stillon-gitops' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here (or not ours): keep looking upwards
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
