import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { TEST_CERT } from './unseal';

/**
 * A throw-away repository under os.tmpdir(): a package.json depending on stillon-gitops (what
 * makes a folder a repository for the CLI) and the test certificate at sealed-secrets/cert.pem.
 */
export function makeTempRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'stillon-seal-'));
  writeFileSync(join(root, 'package.json'), '{ "private": true, "devDependencies": { "stillon-gitops": "*" } }\n');
  mkdirSync(join(root, 'sealed-secrets'));
  copyFileSync(TEST_CERT, join(root, 'sealed-secrets', 'cert.pem'));
  return root;
}

export function removeTempRepo(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Every file under `root`, relative, sorted. */
export function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(root, path) : [relative(root, path)];
  }).sort();
}

/** Files under `root` whose bytes contain `needle`: a test that sealed `needle` expects none. */
export function filesContaining(root: string, needle: string | Buffer): string[] {
  const bytes = Buffer.isBuffer(needle) ? needle : Buffer.from(needle);
  return listFiles(root).filter((file) => readFileSync(join(root, file)).includes(bytes));
}
