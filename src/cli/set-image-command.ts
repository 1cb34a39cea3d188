import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from './command';
import { CliIo } from './io';
import { formatError, formatFileChanges, formatViolations, parseArgsError, reportUsage, usageError } from './print';
import { repositoryRoot } from './repository';
import { Conventions } from '../conventions';
import { loadConventions } from '../conventions/load-config';
import { isDns1123Label } from '../conventions/names';
import { StillonError } from '../errors';
import { ImageEdit, loadTypeScript, parseImageReference, planImageEdit } from '../set-image';
import { discoverAppFiles } from '../synth/discover';
import { hasErrors, synth } from '../synth/synth';

export const SET_IMAGE_USAGE = `Usage: stillon set-image <app> <image>:<tag>|<image>@<digest> [--container <name>] [--env <env>] [--cluster <name>]

Sets the image of one container of apps/<app>.ts: rewrites the one string literal there whose
repository is the image's (the part before the tag or digest; nginx is docker.io/library/nginx),
keeping its quotes, its spelling of the name and every other byte of the file, then synthesizes
the app. Made for CI: a job of the app's repository runs it in the GitOps repository, commits and
pushes.

Refuses, writing nothing, when no literal holds that image, when two do (pick one with
--container), or when an expression builds it (a template literal with substitutions, a
concatenation). When synth fails after the edit, the app file is restored as it was.

Options:
      --container <name>   only the image in the props of the construct (StandardApp's id) or
                           container (addSidecar's name, containerName) with this name
      --env <env>          only the image of this environment: the literal under its key in
                           env.pick({ staging: '...', production: '...' }); refused when the
                           image is the same for every environment (or comes from the fallback)
      --cluster <name>     only the image of this cluster, likewise in cluster.pick({ ... })
  -h, --help               show this help

Exit codes: 0 set (or already set), 1 refused or synth failed (nothing written), 2 usage error.
`;

const OPTIONS = {
  container: { type: 'string' },
  env: { type: 'string' },
  cluster: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `stillon set-image <app> <image>`: one literal of apps/<app>.ts rewritten, then that app synthesized. */
export const setImageCommand: Command = async (args: string[], io: CliIo) => {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return reportUsage(io, 'set-image', parseArgsError('set-image', error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(SET_IMAGE_USAGE);
    return 0;
  }
  for (const flag of ['env', 'cluster'] as const) {
    const value = values[flag];
    if (value !== undefined && !isDns1123Label(value)) {
      return reportUsage(io, 'set-image', usageError('set-image', `--${flag}`,
        `'${value}' is not ${flag === 'env' ? 'an environment' : 'a cluster'} name (a DNS-1123 label)`,
        `pass the name as stillon.config.ts declares it, e.g. --${flag} ${flag === 'env' ? 'staging' : 'home'}`));
    }
  }
  if (positionals.length !== 2) {
    return reportUsage(io, 'set-image', usageError('set-image', positionals.length > 2 ? positionals[2] : positionals.length ? '<image>' : '<app>',
      positionals.length > 2 ? `expected an app and an image, got ${positionals.join(' ')}` : `missing the ${positionals.length ? 'image' : 'app name'}`,
      'stillon set-image <app> <image>:<tag> (or <image>@sha256:<digest>); see `stillon set-image --help`'));
  }
  const [app, imageText] = positionals;
  const image = parseImageReference(imageText);
  if (!image || !(image.tag || image.digest)) {
    return reportUsage(io, 'set-image', usageError('set-image', imageText, image
      ? 'the image has neither a tag nor a digest, so the app would run whatever the registry serves that day'
      : 'not an image reference (expected e.g. ghcr.io/acme/shop:2.3.0 or ghcr.io/acme/shop@sha256:<64 hex digits>)',
    'pass the image with its tag or digest, e.g. ghcr.io/acme/shop:2.3.0'));
  }
  if (values.container === '') return reportUsage(io, 'set-image', usageError('set-image', '--container', 'the container name is empty'));
  const rootDir = repositoryRoot(io, 'set-image');
  if (rootDir === undefined) return 2;

  let file: string;
  let original: Buffer;
  let edit: ImageEdit;
  try {
    const conventions = loadConventions(rootDir);
    file = appFileOf(rootDir, app, discoverAppFiles(rootDir, conventions), conventions.paths.apps);
    original = fs.readFileSync(path.join(rootDir, file));
    if (!Buffer.from(original.toString('utf8'), 'utf8').equals(original)) {
      // Decoded and encoded again, the bytes that are no UTF-8 would change: not one line only.
      throw new StillonError('AppFileNotUtf8', file, `${file} is not valid UTF-8`, `save ${file} as UTF-8, then run set-image again`);
    }
    checkVariantNames(conventions, values.env, values.cluster);
    edit = planImageEdit(loadTypeScript(rootDir), {
      file, text: original.toString('utf8'), image, container: values.container, environment: values.env, cluster: values.cluster,
    });
  } catch (error) {
    if (!(error instanceof StillonError)) throw error;
    io.err(formatError('set-image', error, { color: io.color?.err }));
    io.err('stillon set-image: nothing was written.\n');
    return error.code === 'TypeScriptMissing' ? 2 : 1;
  }
  const unchanged = edit.text === original.toString('utf8');
  const replaced = unchanged ? { restore: () => undefined, commit: () => undefined } : replaceFile(path.join(rootDir, file), edit.text, original);
  let result;
  try {
    result = synth({ rootDir, app });
  } catch (error) {
    replaced.restore();
    throw error;
  }
  if (hasErrors(result.violations)) {
    replaced.restore();
    io.err(formatViolations(result.violations, { color: io.color?.err }));
    io.err(`stillon set-image: synth failed, so ${file} was ${unchanged ? 'left' : 'restored'} as it was and nothing was written.\n`);
    return 1;
  }
  replaced.commit();
  if (result.violations.length) io.err(formatViolations(result.violations, { color: io.color?.err }));
  const plan = result.plan!;
  io.out(formatFileChanges({ created: plan.create, updated: [...unchanged ? [] : [file], ...plan.update], deleted: plan.remove }, io.color?.out));
  io.out(unchanged
    ? `set-image: ${file}:${edit.literal.line} already holds ${edit.image}; ${describePlan(plan)}.\n`
    : `set-image: ${file}:${edit.literal.line} ${edit.literal.value} -> ${edit.image}; ${describePlan(plan)}.\n`);
  return 0;
};

/** `--env`/`--cluster` must name what stillon.config.ts declares: a typo would find no literal and say less. */
function checkVariantNames(conventions: Conventions, env: string | undefined, cluster: string | undefined): void {
  const declared = { env: Object.keys(conventions.environments ?? {}).sort(), cluster: Object.keys(conventions.clusters ?? {}).sort() };
  for (const [flag, value] of [['env', env], ['cluster', cluster]] as const) {
    if (value === undefined || declared[flag].includes(value)) continue;
    const what = flag === 'env' ? 'environments' : 'clusters';
    throw new StillonError(flag === 'env' ? 'UnknownEnvironment' : 'UnknownCluster', `--${flag}`,
      `stillon.config.ts declares no ${flag === 'env' ? 'environment' : 'cluster'} '${value}'${declared[flag].length ? '' : ` (it declares no ${what})`}`,
      declared[flag].length ? `pass one of: ${declared[flag].join(', ')}` : `drop --${flag}, or declare ${what} in stillon.config.ts`);
  }
}

/** The app file of `app`: `apps/<app>.ts`; any other name is refused with the apps there are. */
function appFileOf(rootDir: string, app: string, files: readonly string[], appsDir: string): string {
  const file = path.posix.join(appsDir, `${app}.ts`);
  // A DNS-1123 label has no `/` or `..`: the name never leads out of apps/.
  if (isDns1123Label(app) && files.includes(file)) {
    if (fs.lstatSync(path.join(rootDir, file)).isFile()) return file;
    // Renamed over, a symlink would become a copy: the file it points at would keep the old image.
    throw new StillonError('AppFileNotRegular', file, `${file} is not a regular file (a symlink or a folder)`, `set the image in the file it points at, or make ${file} a regular file`);
  }
  const names = files.map((f) => path.posix.basename(f, '.ts'));
  throw new StillonError('UnknownApp', app, `no app file ${file}`, `pick one of: ${names.join(', ') || '(none)'}`);
}

/**
 * Writes `text` over `file` atomically (a temporary file beside it, with the file's mode, renamed
 * over it) and returns how to put the original back. The original stays linked under a second
 * name until then: renamed back, it is the same file, bytes and modification time, so a failed
 * synth leaves no trace. Where hard links are refused, its bytes are written back instead.
 */
function replaceFile(file: string, text: string, original: Buffer): { restore(): void; commit(): void } {
  const stat = fs.statSync(file);
  const sibling = (suffix: string) => path.join(path.dirname(file), `.${path.basename(file)}.stillon-${process.pid}.${suffix}`);
  const write = (bytes: Buffer | string) => {
    const tmp = sibling('tmp');
    try {
      fs.writeFileSync(tmp, bytes, { flag: 'wx' });
      // The permission bits only (the rest of st_mode is the file type); chmod, as umask would narrow them.
      fs.chmodSync(tmp, stat.mode % 0o10000);
      fs.renameSync(tmp, file);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  };
  let kept: string | undefined = sibling('orig');
  try {
    fs.linkSync(file, kept);
  } catch {
    kept = undefined;
  }
  try {
    write(text);
  } catch (error) {
    if (kept) fs.rmSync(kept, { force: true });
    throw error;
  }
  return {
    restore: () => {
      if (kept) {
        fs.renameSync(kept, file);
      } else {
        write(original);
        fs.utimesSync(file, stat.atime, stat.mtime);
      }
    },
    commit: () => {
      if (kept) fs.rmSync(kept, { force: true });
    },
  };
}

function describePlan(plan: { create: readonly string[]; update: readonly string[]; remove: readonly string[] }): string {
  return `synth: ${plan.create.length} created, ${plan.update.length} updated, ${plan.remove.length} deleted`;
}
