import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliResult, REPO_ROOT, runCli } from '../../support/temp-repo';

/** What a scratch repository borrows from this checkout, as symlinks: the library and its dependencies. */
const LINKED = ['src', 'bin', 'imports', 'node_modules'];

/**
 * A small repository under os.tmpdir() holding only the files a case gives (app definitions,
 * config, committed output), with the library linked in: cases stay independent of this
 * repository's own apps/. Remove it with `removeScratchRepo`.
 */
export function scratchRepo(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'stillon-adversarial-'));
  for (const entry of LINKED) symlinkSync(join(REPO_ROOT, entry), join(root, entry), 'dir');
  // Named as the library, like a checkout of it: `stillon new` then imports '../src' (the linked
  // source), not the package's dist/, which a clean clone has not built.
  writeFiles(root, { 'package.json': '{ "name": "stillon-gitops", "private": true }\n', ...files });
  return root;
}

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
}

export function removeScratchRepo(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** `stillon <args>` in the scratch repository, as a real process. */
export function stillon(root: string, ...args: string[]): CliResult {
  return runCli(root, args);
}

/** Every file of the repository (the linked library left out), path → sha256 of its bytes. */
export function tree(root: string, dir = ''): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of readdirSync(join(root, dir)).sort()) {
    const rel = dir ? `${dir}/${entry}` : entry;
    const stat = lstatSync(join(root, rel));
    if (stat.isSymbolicLink()) {
      if (!dir && LINKED.includes(entry)) continue;
      result[rel] = 'symlink';
    } else if (stat.isDirectory()) {
      if (!dir && entry === '.stillon-cache') continue;
      Object.assign(result, tree(root, rel));
    } else {
      result[rel] = createHash('sha256').update(readFileSync(join(root, rel))).digest('hex');
    }
  }
  return result;
}

export function read(root: string, rel: string): string {
  return readFileSync(join(root, rel), 'utf8');
}

export function exists(root: string, rel: string): boolean {
  return existsSync(join(root, rel));
}

/** An app with a web Deployment and a protected claim; `options` are defineApp's options as source text. */
export function appWithClaim(name: string, options = '{}', claimId = 'data'): string {
  return `import { ProtectedPvc, StandardApp, defineApp } from '../src';
export default defineApp('${name}', ${options}, (app) => {
  const web = new StandardApp(app, '${name}', { image: 'ghcr.io/example/${name}:1.0.0', port: 8080 });
  web.mount('/data', new ProtectedPvc(app, '${claimId}', { size: '1Gi' }));
});
`;
}

/** An app without state. */
export function plainApp(name: string): string {
  return `import { StandardApp, defineApp } from '../src';
export default defineApp('${name}', (app) => {
  new StandardApp(app, '${name}', { image: 'ghcr.io/example/${name}:1.0.0', port: 8080 });
});
`;
}

/** An app whose body (TypeScript, with `app` and `ApiObject` in scope) adds raw objects. */
export function rawApp(name: string, body: string): string {
  return `import { ApiObject } from 'cdk8s';
import { StandardApp, defineApp } from '../src';
export default defineApp('${name}', (app) => {
  new StandardApp(app, '${name}', { image: 'ghcr.io/example/${name}:1.0.0', port: 8080 });
  ${body}
});
`;
}
