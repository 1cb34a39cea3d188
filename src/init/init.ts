import * as fs from 'node:fs';
import * as path from 'node:path';
import { Conventions, IngressProfile, isDns1123Label, isDns1123Subdomain, resolveConventions } from '../conventions';
import { StillonError } from '../errors';
import { PackageInfo, packageInfo } from './package-info';
import { mergePackageJson, newPackageJson } from './package-json';
import { readme } from './readme';
import { InitSettings, ROOT_KUSTOMIZATION, ciWorkflow, clusterDir, gitignore, preCommitHook, rootKustomization, stillonConfig, tsconfigJson } from './templates';
import { appSource } from '../scaffold/app-source';
import { appFileOf, appTestFileOf, appTestSource, planScaffold } from '../scaffold/scaffold';
import { Layout } from '../synth/layout';

/** What a person types after `stillon init`. */
export interface InitRequest {
  /** @default 'example.org' */
  readonly domain?: string;
  /** @default 'letsencrypt-prod' */
  readonly issuer?: string;
  /** `nginx` or `traefik`. @default 'traefik' (k3s ships it) */
  readonly ingress?: string;
  /** @default 'my-cluster' */
  readonly cluster?: string;
}

export const INIT_DEFAULTS = { domain: 'example.org', issuer: 'letsencrypt-prod', ingress: 'traefik', cluster: 'my-cluster' } as const;

/** The example app: a static web server that runs as non-root on a read-only filesystem. */
const EXAMPLE = { name: 'hello', image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', port: 8080, description: 'Example app: a static web server' };

/** Everything init would do, decided before anything is written. */
export interface InitPlan {
  readonly settings: InitSettings;
  readonly conventions: Conventions;
  /** Path relative to the root → content, in the order they are listed. */
  readonly files: ReadonlyMap<string, string>;
  /** Paths among `files` that exist and are updated (only package.json, merged). */
  readonly updates: readonly string[];
  /** Why init cannot run here: existing files, each with the reason. Nothing is written when any. */
  readonly conflicts: readonly string[];
  /** Files synth will write for the example app (so they must not exist either). */
  readonly synthOutputs: readonly string[];
}

const EXECUTABLE = new Set(['.githooks/pre-commit']);

const fail = (where: string, detail: string, fix: string) => new StillonError('InitInvalid', where, detail, fix);

export function resolveSettings(request: InitRequest): InitSettings {
  const domain = (request.domain ?? INIT_DEFAULTS.domain).toLowerCase().replace(/\.$/, '');
  if (!isDns1123Subdomain(domain) || !domain.includes('.')) {
    throw fail('--domain', `'${request.domain}' is not a domain name`, 'pass e.g. --domain example.org (apps are served at <app>.<domain>)');
  }
  const issuer = request.issuer ?? INIT_DEFAULTS.issuer;
  if (!isDns1123Subdomain(issuer)) throw fail('--issuer', `'${issuer}' is not a ClusterIssuer name`, 'pass the name of your cert-manager ClusterIssuer, e.g. --issuer letsencrypt-prod');
  const ingress = request.ingress ?? INIT_DEFAULTS.ingress;
  if (ingress !== 'nginx' && ingress !== 'traefik') throw fail('--ingress', `'${ingress}' is not a known ingress controller`, 'pass --ingress traefik (k3s\'s own) or --ingress nginx');
  const cluster = request.cluster ?? INIT_DEFAULTS.cluster;
  if (!isDns1123Label(cluster)) throw fail('--cluster', `'${cluster}' is not a lower-case name`, 'pass e.g. --cluster home');
  return { domain, issuer, ingress, cluster, app: EXAMPLE.name };
}

/**
 * Plans a new repository in `rootDir`: which files, what they hold, and what stands in the way.
 * Existing files are never replaced; package.json alone is merged (npm creates it when the
 * library is installed before init).
 */
export function planInit(rootDir: string, request: InitRequest, info: PackageInfo = packageInfo()): InitPlan {
  const settings = resolveSettings(request);
  const conventions = resolveConventions({
    domain: settings.domain,
    clusterIssuer: settings.issuer,
    ingress: settings.ingress === 'traefik' ? IngressProfile.TRAEFIK : IngressProfile.NGINX,
  });
  const spec = planScaffold({ name: EXAMPLE.name, image: EXAMPLE.image, port: EXAMPLE.port, description: EXAMPLE.description }, conventions, []);
  const files = new Map<string, string>();
  const conflicts: string[] = [];
  const updates: string[] = [];

  const pkgFile = path.join(rootDir, 'package.json');
  if (fs.existsSync(pkgFile)) {
    const merged = mergePackageJson(fs.readFileSync(pkgFile, 'utf8'), info);
    conflicts.push(...merged.conflicts);
    if (merged.content !== undefined) {
      files.set('package.json', merged.content);
      updates.push('package.json');
    }
  } else {
    const name = path.basename(path.resolve(rootDir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'gitops';
    files.set('package.json', newPackageJson(name, `GitOps repository of ${settings.domain}, built with stillon-gitops`, info));
  }
  files.set('tsconfig.json', tsconfigJson());
  files.set('stillon.config.ts', stillonConfig(settings));
  files.set(appFileOf(spec, conventions), appSource(spec, 'stillon-gitops'));
  files.set(appTestFileOf(spec), appTestSource(spec, conventions, 'stillon-gitops'));
  files.set(`${clusterDir(settings)}/${ROOT_KUSTOMIZATION}.yaml`, rootKustomization(settings, conventions));
  files.set('.githooks/pre-commit', preCommitHook());
  files.set('.github/workflows/ci.yaml', ciWorkflow());
  files.set('.gitignore', gitignore());
  files.set('README.md', readme(settings, conventions));

  for (const rel of files.keys()) {
    if (!updates.includes(rel) && rel !== 'package.json' && exists(rootDir, rel)) conflicts.push(`${rel} exists`);
  }
  const layout = new Layout(conventions);
  const synthOutputs = [
    layout.appDir(spec.name), layout.fluxFile(spec.name), layout.fluxKustomization(), layout.namespaceFile(spec.name), layout.inventoryFile(),
  ];
  for (const rel of synthOutputs) if (exists(rootDir, rel)) conflicts.push(`${rel} exists (synth would write it)`);
  // A Flux Kustomization that points at apps/ applies every manifest there while the folder has no
  // kustomization.yaml; the one synth writes lists only ours, so Flux would prune the others.
  const appsDir = path.join(rootDir, conventions.paths.apps);
  if (fs.existsSync(appsDir)) {
    const others = fs.readdirSync(appsDir).filter((f) => !files.has(path.posix.join(conventions.paths.apps, f)));
    if (others.length) conflicts.push(`${conventions.paths.apps}/ holds files of its own (${others.sort().join(', ')}): synth would add ${layout.fluxKustomization()} there`);
  }
  return { settings, conventions, files, updates, conflicts, synthOutputs };
}

function exists(rootDir: string, rel: string): boolean {
  try {
    fs.lstatSync(path.join(rootDir, rel));
    return true;
  } catch {
    return false;
  }
}

/** What writeInit did, so that `undoInit` can take it back. */
export interface InitWrite {
  readonly created: string[];
  /** Folders it created, deepest last. */
  readonly dirs: string[];
}

/**
 * Writes the plan's new files, exclusively: a file that appeared since the plan stops it, and
 * what was written is removed again. The files to update (package.json) wait for `updateInit`,
 * after synth passed: a failed init then leaves them untouched, modification time included.
 */
export function writeInit(rootDir: string, plan: InitPlan): InitWrite {
  const done: InitWrite = { created: [], dirs: [] };
  try {
    for (const [rel, content] of plan.files) {
      if (plan.updates.includes(rel)) continue;
      mkdirs(rootDir, path.posix.dirname(rel), done.dirs);
      fs.writeFileSync(path.join(rootDir, rel), content, { flag: 'wx' });
      // Explicitly: the mode given to open() is cut by the umask.
      if (EXECUTABLE.has(rel)) fs.chmodSync(path.join(rootDir, rel), 0o755);
      done.created.push(rel);
    }
  } catch (error) {
    undoInit(rootDir, done);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new StillonError('InitConflict', String((error as NodeJS.ErrnoException).path ?? rootDir), 'a file appeared while init was writing', 'run init again');
    }
    throw error;
  }
  return done;
}

/** Rewrites the files init merges into (package.json), each through a temporary file renamed over it. */
export function updateInit(rootDir: string, plan: InitPlan): string[] {
  for (const rel of plan.updates) {
    const file = path.join(rootDir, rel);
    const tmp = `${file}.${process.pid}.stillon-tmp`;
    fs.writeFileSync(tmp, plan.files.get(rel)!);
    fs.renameSync(tmp, file);
  }
  return [...plan.updates];
}

function mkdirs(rootDir: string, rel: string, created: string[]): void {
  if (rel === '.' || rel === '') return;
  mkdirs(rootDir, path.posix.dirname(rel), created);
  const dir = path.join(rootDir, rel);
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir);
    created.push(rel);
  }
}

/** Takes back a write: created files removed, then the folders it created when they are empty. */
export function undoInit(rootDir: string, done: InitWrite): void {
  for (const rel of done.created) fs.rmSync(path.join(rootDir, rel), { force: true });
  for (const rel of [...done.dirs].reverse()) {
    try {
      fs.rmdirSync(path.join(rootDir, rel));
    } catch {
      // not empty: something else lives there
    }
  }
}
