import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export type KustomizeResult = { readonly ok: true; readonly yaml: string } | { readonly ok: false; readonly error: string };

/** A build that takes longer than this (e.g. a remote base behind a hanging network) counts as failed. */
const TIMEOUT_MS = 60_000;

/**
 * Builds a folder with the real `kubectl kustomize`, as Flux's kustomize-controller would (it
 * lifts kustomize's load restrictions too, so a patch may come from a sibling folder).
 */
export function kustomizeBuild(rootDir: string, dir: string, kubectl = process.env.STILLON_KUBECTL ?? 'kubectl'): KustomizeResult {
  const result = spawnSync(kubectl, ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', path.join(rootDir, dir)], {
    encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? `${kubectl} is not installed (kubectl kustomize builds kustomizations)` : result.error.message };
  }
  if (result.status !== 0) return { ok: false, error: cleanError(result.stderr, rootDir) };
  return { ok: true, yaml: result.stdout };
}

/** kubectl's klog-wrapped error as one readable line, with paths relative to the root. */
function cleanError(stderr: string, rootDir: string): string {
  const text = stderr
    .replace(/^[EW]\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\] /gm, '')
    .replace(/"command failed" err=<\s*/, '')
    .replace(/\s*>\s*$/, '')
    .split(`${path.resolve(rootDir)}/`).join('')
    .replace(/^Error: /, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 600 ? `${text.slice(0, 600)}…` : text || 'kubectl kustomize failed without a message';
}
