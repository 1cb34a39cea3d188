import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LABELS, explainDns1123Label, isDns1123Label, isDns1123Subdomain, isSecretKey } from '../conventions';
import { AppChart } from './app-chart';
import { PodTarget, podOf, rollOnChange } from './pod-options';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

export interface AppConfigMapProps {
  /** Name of the ConfigMap. @default - the construct id */
  readonly name?: string;
  /** Literal entries, key → value. Never secrets: the SecretInConfigMap rule reads them. @default {} */
  readonly data?: Record<string, string>;
  /**
   * Entries read from files kept in the repository at synth time, key → path relative to the
   * repository root, e.g. `{ 'config.yaml': 'apps/files/gitea/config.yaml' }`. The bytes land
   * unchanged (UTF-8 text only).
   * @default {}
   */
  readonly files?: Record<string, string>;
  /** `app.kubernetes.io/component` label. @default 'config' */
  readonly component?: string;
}

/** How a ConfigMap is mounted as a folder. */
export interface ConfigMountOptions {
  /** Project only these keys, key → file path under the mount, e.g. `{ 'config.yaml': 'app/config.yaml' }`. @default - every key, as a file of its name */
  readonly items?: Record<string, string>;
  /** Container to mount into (an init container or sidecar). @default - the main container */
  readonly container?: kplus.Container;
  /** Pod volume name. @default `config-<name>` */
  readonly volumeName?: string;
  /** File mode of the projected files, e.g. `0o755` for scripts. @default - omitted (Kubernetes: 0644) */
  readonly defaultMode?: number;
}

/** How one key is mounted as one file (`subPath`). */
export interface ConfigFileMountOptions {
  /** @default - the main container */
  readonly container?: kplus.Container;
  /** @default `config-<name>` */
  readonly volumeName?: string;
}

/** How a ConfigMap becomes environment variables. */
export interface ConfigEnvFromOptions {
  /** Put before every variable name, e.g. `'APP_'`. @default - none */
  readonly prefix?: string;
  /** @default - the main container */
  readonly container?: kplus.Container;
}

const CONFIG_ENV_FROM_OPTIONS = propSchema<ConfigEnvFromOptions>({ prefix: true, container: true });
const APP_CONFIG_MAP_PROPS = propSchema<AppConfigMapProps>({ name: true, data: true, files: true, component: true });
const CONFIG_MOUNT_OPTIONS = propSchema<ConfigMountOptions>({ items: true, container: true, volumeName: true, defaultMode: true });
const CONFIG_FILE_MOUNT_OPTIONS = propSchema<ConfigFileMountOptions>({ container: true, volumeName: true });

/** The API server refuses a ConfigMap over 1 MiB. */
const MAX_BYTES = 1024 * 1024;

/**
 * A ConfigMap from literal data and files kept in the repository, whose readers roll when it
 * changes: every workload that mounts or reads it gets a `stillon.top/config-hash` annotation on
 * its pod template, a deterministic hash of the content (the ConfigMap keeps its name, unlike
 * kustomize's configMapGenerator suffix, so nothing that names it has to change).
 *
 * @example
 * const config = new AppConfigMap(app, 'gitea-config', { files: { 'app.ini': 'apps/files/gitea/app.ini' } });
 * config.mountFile(web, '/data/gitea/conf/app.ini', 'app.ini');   // subPath mount of one key
 * config.envFrom(worker);                                         // every key as an env variable
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/
 */
export class AppConfigMap extends Construct {
  public readonly name: string;
  /** Every entry, keys sorted. */
  public readonly data: Readonly<Record<string, string>>;
  /** sha256 of the content, first 16 hex digits. */
  public readonly hash: string;
  public readonly configMap: kplus.ConfigMap;
  private readonly volumes = new Map<kplus.Workload, Map<string, { volume: kplus.Volume; items: string }>>();

  constructor(scope: Construct, id: string, props: AppConfigMapProps = {}) {
    super(scope, id);
    checkProps(props, APP_CONFIG_MAP_PROPS, this.node.path);
    const app = AppChart.of(this);
    this.name = props.name ?? id;
    if (!isDns1123Subdomain(this.name)) {
      throw new StillonError('InvalidName', this.node.path, `ConfigMap name ${explainDns1123Label(this.name)}`, 'pass a lower-case { name }');
    }
    const entries: Record<string, string> = {};
    for (const [key, value] of Object.entries(props.data ?? {})) entries[this.checkKey(key)] = this.checkValue(key, value);
    for (const [key, file] of Object.entries(props.files ?? {})) {
      if (key in entries) {
        throw new StillonError('DuplicateConfigKey', this.node.path, `key '${key}' is in both data and files`, 'give it once');
      }
      entries[this.checkKey(key)] = this.readFile(app.rootDir, file);
    }
    this.data = Object.fromEntries(Object.keys(entries).sort().map((k) => [k, entries[k]]));
    const bytes = Object.entries(this.data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    if (bytes > MAX_BYTES) {
      throw new StillonError('ConfigMapTooLarge', this.node.path, `the content is ${bytes} bytes, over the API server's 1 MiB`, 'split it, or ship the file in the image or a volume');
    }
    this.hash = createHash('sha256').update(JSON.stringify(this.data)).digest('hex').slice(0, 16);
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: this.name, labels: { [LABELS.component]: props.component ?? 'config' } },
      data: { ...this.data },
    });
  }

  /** Mounts the ConfigMap (or `items` of it) as a read-only folder at `mountPath`. */
  public mount(target: PodTarget, mountPath: string, options: ConfigMountOptions = {}): this {
    checkProps(options, CONFIG_MOUNT_OPTIONS, this.node.path);
    for (const key of Object.keys(options.items ?? {})) this.requireKey(key);
    const { pod, container } = podOf(target);
    const volume = this.volumeFor(pod, options.volumeName, options.items, options.defaultMode);
    (options.container ?? container).mount(mountPath, volume, { readOnly: true });
    rollOnChange(pod, this.name, this.hash);
    return this;
  }

  /**
   * Mounts one key as the file `filePath` (a `subPath` mount), leaving the rest of its folder
   * alone. Kubernetes never updates a subPath mount in place; the config hash restarts the pods instead.
   */
  public mountFile(target: PodTarget, filePath: string, key: string, options: ConfigFileMountOptions = {}): this {
    checkProps(options, CONFIG_FILE_MOUNT_OPTIONS, this.node.path);
    this.requireKey(key);
    const { pod, container } = podOf(target);
    (options.container ?? container).mount(filePath, this.volumeFor(pod, options.volumeName), { readOnly: true, subPath: key });
    rollOnChange(pod, this.name, this.hash);
    return this;
  }

  /** Every key as an environment variable (`envFrom.configMapRef`), optionally prefixed. */
  public envFrom(target: PodTarget, options: ConfigEnvFromOptions = {}): this {
    checkProps(options, CONFIG_ENV_FROM_OPTIONS, this.node.path);
    const { pod, container } = podOf(target);
    (options.container ?? container).env.copyFrom(kplus.Env.fromConfigMap(this.configMap, options.prefix));
    rollOnChange(pod, this.name, this.hash);
    return this;
  }

  /** One key as the environment variable `name` (`valueFrom.configMapKeyRef`). */
  public env(target: PodTarget, name: string, key: string, container?: kplus.Container): this {
    this.requireKey(key);
    const { pod, container: main } = podOf(target);
    (container ?? main).env.addVariable(name, kplus.EnvValue.fromConfigMap(this.configMap, key));
    rollOnChange(pod, this.name, this.hash);
    return this;
  }

  private volumeFor(pod: kplus.Workload, volumeName: string = `config-${this.name}`, items?: Record<string, string>, defaultMode?: number): kplus.Volume {
    if (!isDns1123Label(volumeName)) {
      throw new StillonError('InvalidName', this.node.path, `volume name ${explainDns1123Label(volumeName)}`, "pass a shorter { volumeName: 'config' }");
    }
    const signature = JSON.stringify([items ?? null, defaultMode ?? null]);
    const byName = this.volumes.get(pod) ?? new Map();
    this.volumes.set(pod, byName);
    const known = byName.get(volumeName);
    if (known) {
      if (known.items !== signature) {
        throw new StillonError('ConfigVolumeConflict', this.node.path, `volume '${volumeName}' is already mounted with other items or mode`, 'pass another { volumeName } for this mount');
      }
      return known.volume;
    }
    const volume = kplus.Volume.fromConfigMap(pod, `${this.node.id}-${volumeName}`, this.configMap, {
      name: volumeName,
      defaultMode,
      items: items && Object.fromEntries(Object.entries(items).map(([key, p]) => [key, { path: p }])),
    });
    byName.set(volumeName, { volume, items: signature });
    return volume;
  }

  private requireKey(key: string): void {
    if (!(key in this.data)) {
      throw new StillonError('ConfigKeyMissing', this.node.path, `ConfigMap '${this.name}' has no key '${key}' (it has: ${Object.keys(this.data).join(', ') || 'none'})`,
        'add it to data or files, or fix the key');
    }
  }

  private checkKey(key: string): string {
    if (!isSecretKey(key)) {
      throw new StillonError('InvalidConfigKey', this.node.path, `key '${key}' is not a valid ConfigMap key (letters, digits, '-', '_', '.')`, "rename it, e.g. 'config.yaml'");
    }
    return key;
  }

  private checkValue(key: string, value: unknown): string {
    if (typeof value !== 'string') {
      throw new StillonError('InvalidConfigValue', this.node.path, `data '${key}' must be a string, got ${typeof value}`, `pass '${String(value)}' in quotes`);
    }
    return value;
  }

  /** A repository file's text; only files inside the repository, read once here. */
  private readFile(rootDir: string, file: string): string {
    const fix = `keep the file under the repository, e.g. { files: { 'config.yaml': 'apps/files/${AppChart.of(this).appName}/config.yaml' } }`;
    if (typeof file !== 'string' || path.isAbsolute(file) || path.posix.normalize(file.replace(/\\/g, '/')).startsWith('../')) {
      throw new StillonError('ConfigFileOutsideRepository', this.node.path, `'${file}' is not a path inside the repository`, fix);
    }
    const full = path.join(rootDir, file);
    let buffer: Buffer;
    try {
      // A symlink may not lead out of the repository either.
      const real = fs.realpathSync(full);
      const root = fs.realpathSync(rootDir);
      if (real !== root && !real.startsWith(root + path.sep)) {
        throw new StillonError('ConfigFileOutsideRepository', this.node.path, `'${file}' resolves outside the repository`, fix);
      }
      buffer = fs.readFileSync(real);
    } catch (error) {
      if (error instanceof StillonError) throw error;
      throw new StillonError('ConfigFileMissing', this.node.path, `cannot read '${file}' (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        `create ${file}, or fix the path (relative to the repository root)`);
    }
    const text = buffer.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(buffer)) {
      throw new StillonError('ConfigFileNotText', this.node.path, `'${file}' is not UTF-8 text`, 'ship binary files in the image or a volume');
    }
    return text;
  }
}
