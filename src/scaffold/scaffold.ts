import * as fs from 'node:fs';
import * as path from 'node:path';
import { Conventions, explainDns1123Label, hostFor, isDns1123Label, isDns1123Subdomain, isUnderDomain } from '../conventions';
import { AppSpec, VolumeSpec, appSource } from './app-source';
import { parseSize } from '../conventions/size';
import { StillonError } from '../policy/violation';

/** What a person types after `stillon new <app>`. */
export interface ScaffoldRequest {
  readonly name: string;
  readonly image?: string;
  readonly port?: string | number;
  readonly description?: string;
  /** `path=size`, e.g. `/data=1Gi`. */
  readonly volumes?: readonly string[];
  /** Names of sealed secrets. */
  readonly secrets?: readonly string[];
  /** `--no-ingress`. @default false */
  readonly noIngress?: boolean;
  /** A host under the domain (`links.stillon.top`), its first label (`links`), or an allowed foreign host. */
  readonly host?: string;
}

/**
 * App names that would collide with a file synth writes: `apps/kustomization.ts` would render its
 * Flux Kustomization to `apps/kustomization.yaml`, the list of every app.
 */
const RESERVED_NAMES = ['kustomization'];

const fail = (where: string, detail: string, fix: string) => new StillonError('ScaffoldInvalid', where, detail, fix);

/**
 * Turns a request into a validated spec, or throws a StillonError saying what to change: every
 * check that a later synth would make on these inputs is made here, before any file exists.
 */
export function planScaffold(request: ScaffoldRequest, conventions: Conventions, existingApps: readonly string[]): AppSpec {
  const { name } = request;
  if (!isDns1123Label(name ?? '')) {
    throw fail('name', explainDns1123Label(name ?? ''), `pick a lower-case name, e.g. '${suggestName(name ?? '')}'`);
  }
  if (RESERVED_NAMES.includes(name)) {
    throw fail('name', `'${name}' is reserved: its Flux Kustomization would overwrite ${conventions.paths.apps}/${name}.yaml, the list of every app`, 'pick another name');
  }
  if (existingApps.includes(name)) {
    throw new StillonError('AppExists', 'name', `an app named '${name}' already exists`, `edit ${conventions.paths.apps}/${name}.ts, or pick another name`);
  }
  const image = request.image;
  if (!image || /\s/.test(image)) {
    throw fail('--image', image ? `'${image}' is not an image reference` : 'an image is required', 'pass e.g. --image nginx:1.27.3');
  }
  const port = parsePort(request.port);
  if (request.noIngress && request.host !== undefined) throw fail('--host', '--host and --no-ingress contradict each other', 'drop one of them');
  const expose = port !== undefined && !request.noIngress;
  if (request.host !== undefined && port === undefined) throw fail('--host', 'an Ingress needs a port', 'pass --port <container port>');
  return {
    name,
    image,
    description: request.description?.trim() || undefined,
    port,
    volumes: parseVolumes(request.volumes ?? []),
    secrets: parseSecrets(request.secrets ?? []),
    expose,
    ingress: expose && request.host !== undefined ? parseHost(request.host, name, conventions) : undefined,
  };
}

function parsePort(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = typeof value === 'number' ? value : /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw fail('--port', `port must be a whole number from 1 to 65535, got '${value}'`, 'pass e.g. --port 8080');
  return port;
}

function parseVolumes(values: readonly string[]): VolumeSpec[] {
  const volumes: VolumeSpec[] = [];
  for (const value of values) {
    const at = value.lastIndexOf('=');
    const mountPath = at > 0 ? value.slice(0, at) : '';
    const size = value.slice(at + 1);
    if (!mountPath.startsWith('/') || /\s/.test(mountPath)) {
      throw fail('--volume', `expected <absolute path>=<size>, got '${value}'`, 'pass e.g. --volume /data=1Gi');
    }
    parseSize(size, '--volume');
    if (volumes.some((v) => v.path === mountPath)) throw fail('--volume', `${mountPath} is given twice`, 'mount each path once');
    // The claim is named after the last path segment: /var/lib/postgresql/data → data.
    const base = mountPath.split('/').filter(Boolean).pop()?.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'data';
    let id = base;
    for (let i = 2; volumes.some((v) => v.id === id); i++) id = `${base}-${i}`;
    volumes.push({ path: mountPath, id, size });
  }
  return volumes;
}

function parseSecrets(values: readonly string[]): string[] {
  const secrets: string[] = [];
  for (const secret of values) {
    if (!isDns1123Subdomain(secret)) throw fail('--secret', `'${secret}' is not a valid Secret name`, 'pass a lower-case name, e.g. --secret demo-env');
    if (secrets.includes(secret)) throw fail('--secret', `${secret} is given twice`, 'pass each secret once');
    secrets.push(secret);
  }
  return secrets;
}

/** `--host`: the app's default host needs nothing, one label under the domain is a subdomain. */
function parseHost(value: string, app: string, conventions: Conventions): AppSpec['ingress'] {
  const host = value.toLowerCase().replace(/\.$/, '');
  if (isDns1123Label(host)) return host === app ? undefined : { subdomain: host };
  if (!isDns1123Subdomain(host)) throw fail('--host', `'${value}' is not a host name`, `pass e.g. --host ${hostFor(conventions, app)}`);
  if (host === hostFor(conventions, app)) return undefined;
  const sub = host.endsWith(`.${conventions.domain}`) ? host.slice(0, -conventions.domain.length - 1) : undefined;
  if (sub !== undefined && isDns1123Label(sub)) return { subdomain: sub };
  if (isUnderDomain(conventions, host) || conventions.allowedForeignHosts.includes(host)) return { host };
  throw fail('--host', `${host} is outside ${conventions.domain}`,
    `use a host under ${conventions.domain}, or add '${host}' to allowedForeignHosts in stillon.config.ts first`);
}

function suggestName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'my-app';
}

/** The file a new app goes to, relative to the root. */
export function appFileOf(spec: AppSpec, conventions: Conventions): string {
  return path.posix.join(conventions.paths.apps, `${spec.name}.ts`);
}

/** Sealed files the app reads that do not exist yet, relative to the root. */
export function unsealedSecrets(rootDir: string, spec: AppSpec, conventions: Conventions): string[] {
  return spec.secrets
    .map((s) => path.posix.join(conventions.paths.sealedSecrets, spec.name, `${s}.yaml`))
    .filter((file) => !fs.existsSync(path.join(rootDir, file)));
}

/** The snapshot test of a new app, relative to the root: `test/apps/<app>.test.ts`. */
export function appTestFileOf(spec: Pick<AppSpec, 'name'>): string {
  return `test/apps/${spec.name}.test.ts`;
}

/**
 * What app files and tests import the library as, from `fromDir` (relative to the root): the
 * package, or in a checkout of stillon-gitops itself (the reference repository) its `src/`.
 */
export function libraryImport(rootDir: string, fromDir: string): string {
  if (!fs.existsSync(path.join(rootDir, 'src', 'index.ts'))) return LIBRARY;
  try {
    if (JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')).name !== LIBRARY) return LIBRARY;
  } catch {
    return LIBRARY;
  }
  return path.posix.relative(fromDir, 'src');
}

const LIBRARY = 'stillon-gitops';

/** The three-line snapshot test of one app (see `Testing.synth`), importing the library as `library`. */
export function appTestSource(spec: Pick<AppSpec, 'name'>, conventions: Conventions, library: string): string {
  const dir = path.posix.dirname(appTestFileOf(spec));
  const app = path.posix.relative(dir, path.posix.join(conventions.paths.apps, spec.name));
  return [
    `import { Testing } from '${library}';`,
    `import app from '${app}';`,
    '',
    `test('${spec.name}', () => expect(Testing.synth(app)).toMatchSnapshot());`,
    '',
  ].join('\n');
}

/**
 * Writes `apps/<app>.ts` and its snapshot test `test/apps/<app>.test.ts`, refusing to replace any
 * file (even one created since the check): both or neither. Returns the app file's path relative
 * to the root (the test's is `appTestFileOf(spec)`).
 */
export function writeScaffold(rootDir: string, spec: AppSpec, conventions: Conventions): string {
  const rel = appFileOf(spec, conventions);
  const testRel = appTestFileOf(spec);
  const written: string[] = [];
  try {
    for (const [file, content] of [
      [rel, appSource(spec, libraryImport(rootDir, conventions.paths.apps))],
      [testRel, appTestSource(spec, conventions, libraryImport(rootDir, path.posix.dirname(testRel)))],
    ]) {
      fs.mkdirSync(path.dirname(path.join(rootDir, file)), { recursive: true });
      fs.writeFileSync(path.join(rootDir, file), content, { flag: 'wx' });
      written.push(file);
    }
  } catch (error) {
    for (const file of written) fs.rmSync(path.join(rootDir, file), { force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const existing = written.length ? testRel : rel;
      throw new StillonError('AppExists', existing, `${existing} already exists`, `edit ${existing}, or move it away, or pick another name`);
    }
    throw error;
  }
  return rel;
}
