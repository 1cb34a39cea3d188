import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { CONFIG_FILE } from '../conventions/load-config';
import { readTextIfExists } from '../private/files';

/** Folders never part of what Flux applies. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/** Kustomize's file names for a kustomization, in the order it looks for them. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export const isYamlFile = (file: string) => /\.ya?ml$/i.test(file);

/**
 * The files of a repository as Flux's source would hold them, relative to the root with `/`:
 * without `.git`, `node_modules`, hidden folders, what the root's `.sourceignore` excludes (the
 * file Flux's source-controller honours), and folders that are repositories of their own (they
 * hold a `.git` or a `stillon.config.ts`: check them with `stillon check <folder>`).
 */
export class RepoFiles {
  public readonly files: readonly string[];
  private readonly fileSet: Set<string>;
  private readonly dirSet = new Set<string>(['.']);

  constructor(public readonly rootDir: string) {
    const ignored = readSourceIgnore(rootDir);
    const files: string[] = [];
    const walk = (rel: string) => {
      const abs = path.join(rootDir, rel);
      for (const entry of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const child = rel === '.' ? entry.name : `${rel}/${entry.name}`;
        if (entry.isDirectory()) {
          if (ALWAYS_SKIPPED.has(entry.name) || entry.name.startsWith('.') || ignored(child, true)) continue;
          if (fs.existsSync(path.join(abs, entry.name, '.git')) || fs.existsSync(path.join(abs, entry.name, CONFIG_FILE))) continue;
          this.dirSet.add(child);
          walk(child);
        } else if (entry.isFile() && !ignored(child, false)) {
          files.push(child);
        }
      }
    };
    walk('.');
    this.files = files;
    this.fileSet = new Set(files);
  }

  public isFile(rel: string): boolean {
    return this.fileSet.has(rel);
  }

  public isDir(rel: string): boolean {
    return this.dirSet.has(rel);
  }

  /** The kustomization file of a folder, if it has one. */
  public kustomizationIn(dir: string): string | undefined {
    return KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => this.fileSet.has(f));
  }

  /** Files below a folder (recursively), sorted. */
  public filesUnder(dir: string): string[] {
    if (dir === '.') return [...this.files];
    return this.files.filter((f) => f.startsWith(`${dir}/`));
  }
}

/** `dir` + `name`, normalized, `.` for the root; undefined when it leaves the root. */
export function resolveRel(dir: string, name: string): string | undefined {
  const joined = path.posix.normalize(path.posix.join(dir, name)).replace(/\/$/, '');
  if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined)) return undefined;
  return joined === '' ? '.' : joined;
}

function join(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`;
}

/**
 * A matcher for the root `.sourceignore`, with gitignore semantics as Flux's source-controller
 * reads it: `#` comments, `!` negations (the last matching pattern wins), `/` anchors, a trailing
 * `/` for folders only, `*`, `**` and `?` globs. A file inside an ignored folder stays ignored
 * whatever a later `!` says, as in git: the walk never enters that folder.
 * @see https://fluxcd.io/flux/components/source/gitrepositories/#excluding-files
 */
function readSourceIgnore(rootDir: string): (rel: string, isDir: boolean) => boolean {
  const text = readTextIfExists(path.join(rootDir, '.sourceignore'));
  if (text === undefined) return () => false;
  const matcher = ignore().add(text);
  // `ignore` tells a folder from a file by a trailing slash.
  return (rel, isDir) => matcher.ignores(isDir ? `${rel}/` : rel);
}
