import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** What synth and the CLI need, plus the committed output, so that `synth --check` passes on the copy. */
const COPIED = ['apps', 'src', 'imports', 'sealed-secrets', 'bin', 'kustomize', 'namespaces', 'docs', 'package.json', 'tsconfig.json', 'stillon.config.ts'];

/** A copy of the repository under os.tmpdir(), node_modules as a symlink. */
export function repoCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'stillon-scaffold-'));
  for (const entry of COPIED) {
    if (existsSync(join(REPO_ROOT, entry))) cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true, filter: (src) => !src.includes('.stillon-cache') });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

export function removeCopy(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** `node bin/stillon.js <args>` in `root`, as a real process. */
export function stillon(root: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'stillon.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
