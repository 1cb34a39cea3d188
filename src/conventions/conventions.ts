import { IngressProfile } from './ingress-profile';

/** Where synth writes, relative to the repository root. */
export interface OutputPaths {
  /** Per-app manifests: `<kustomize>/<app>/`. @default 'kustomize' */
  readonly kustomize: string;
  /** Flux Kustomizations, one per app, plus their `kustomization.yaml`. @default 'apps' */
  readonly apps: string;
  /** Namespaces, applied by hand and never by Flux. @default 'namespaces' */
  readonly namespaces: string;
  /** SealedSecret sources, `<sealedSecrets>/<namespace>/<name>.yaml`. @default 'sealed-secrets' */
  readonly sealedSecrets: string;
  /**
   * The generated app inventory (Markdown): one row per app, a summary and the Flux wiring.
   * Its folder is an output folder: synth prunes Markdown files there that carry our header.
   * @default 'docs/apps.md'
   */
  readonly inventory: string;
}

/** What every app's Flux Kustomization gets unless the app says otherwise. */
export interface FluxDefaults {
  /** Namespace of the Flux Kustomizations. @default 'flux-system' */
  readonly namespace: string;
  /** Reconcile interval. @default '10m0s' */
  readonly interval: string;
  /** Delete objects that left Git (claims are protected by their prune-disabled annotation). @default true */
  readonly prune: boolean;
  /** The GitRepository the repository is reconciled from. @default { kind: 'GitRepository', name: 'flux-system' } */
  readonly sourceRef: { readonly kind: 'GitRepository' | 'OCIRepository' | 'Bucket'; readonly name: string };
  /** Wait for every applied object to become ready. @default - omitted (Flux: false) */
  readonly wait?: boolean;
  /** Timeout of apply and health checks. @default - omitted (Flux: the interval) */
  readonly timeout?: string;
}

/**
 * The conventions of one cluster: the Stillon profile unless `stillon.config.ts` says otherwise.
 * Passed down the construct tree as a value (never a global) so that several clusters can
 * each carry their own.
 */
export interface Conventions {
  /** Apps are served at `<app>.<domain>`. @default 'stillon.top' */
  readonly domain: string;
  /** cert-manager ClusterIssuer for every Ingress's certificate. @default 'letsencrypt-prod' */
  readonly clusterIssuer: string;
  /** Ingress controller and its annotations. @default IngressProfile.NGINX */
  readonly ingress: IngressProfile;
  /** Flux Kustomization defaults. */
  readonly flux: FluxDefaults;
  /** Output layout. */
  readonly paths: OutputPaths;
  /**
   * Hosts outside `domain` that an app may still serve (e.g. a legacy domain).
   * @default [] - every host must lie under `domain`
   */
  readonly allowedForeignHosts: readonly string[];
  /** How `stillon check` judges a repository. @default - every rule at its own severity, no exceptions */
  readonly check?: CheckSettings;
  /**
   * The cluster these conventions are for, when `stillon.config.ts` declares `clusters`.
   * @default - none: the one-cluster layout of a repository without `clusters`
   */
  readonly cluster?: ClusterInfo;
  /** The environment an app variant is rendered for. @default - none: the app has no environments */
  readonly environment?: EnvironmentInfo;
  /**
   * The clusters `stillon.config.ts` declares (StillonConfig.clusters), kept so that synth can
   * refine these conventions per cluster (`clusterConventions`).
   * @default - none: the one-cluster layout
   */
  readonly clusters?: Readonly<Record<string, ClusterSettings>>;
  /** The environments `stillon.config.ts` declares (StillonConfig.environments). @default - none */
  readonly environments?: Readonly<Record<string, EnvironmentSettings>>;
}

/** One entry of `clusters` in `stillon.config.ts`: a cluster fed from this repository, and what differs on it. */
export interface ClusterSettings {
  /** The cluster's Flux root: the folder `flux bootstrap --path` points at. @default `clusters/<name>` */
  readonly root?: string;
  /** @default - the repository's `domain` */
  readonly domain?: string;
  /** @default - the repository's `clusterIssuer` */
  readonly clusterIssuer?: string;
  /** @default - the repository's `ingress` */
  readonly ingress?: IngressProfile;
  /** Laid over the repository's Flux defaults. @default - the repository's */
  readonly flux?: Partial<FluxDefaults>;
  /** @default - the repository's `allowedForeignHosts` */
  readonly allowedForeignHosts?: readonly string[];
  /**
   * The certificate of this cluster's sealed-secrets controller (`kubeseal --fetch-cert`): each
   * controller has its own key, so a secret sealed for one cluster does not open on another.
   * @default `<sealedSecrets>/<name>/cert.pem`
   */
  readonly sealing?: string;
  /**
   * Apps that every other app of this cluster depends on (the platform: ingress controller,
   * cert-manager, the sealed-secrets controller); their Flux Kustomizations go into every other
   * app's `dependsOn` on this cluster.
   * @default [] - no platform layer
   */
  readonly platform?: readonly string[];
}

/** One entry of `environments` in `stillon.config.ts`. */
export interface EnvironmentSettings {
  /**
   * Whether this environment is served at `<app>.<domain>`; any other is served at
   * `<app>-<env>.<domain>`.
   * @default - true for the environment named `production`, false for any other
   */
  readonly production?: boolean;
}

/** The cluster an app is rendered for (`Conventions.cluster`). */
export interface ClusterInfo {
  readonly name: string;
  /** The Flux root, e.g. `clusters/home`. */
  readonly root: string;
  /** The sealing certificate, relative to the repository root. */
  readonly sealingCertificate: string;
  /** Apps every other app of the cluster depends on. */
  readonly platform: readonly string[];
}

/** The environment an app variant is rendered for (`Conventions.environment`). */
export interface EnvironmentInfo {
  readonly name: string;
  readonly production: boolean;
}

/** A rule's severity as configured: `off` drops the rule from `stillon check`. */
export type ConfiguredSeverity = 'error' | 'warning' | 'off';

/** A finding accepted on purpose, with the reason recorded next to it. */
export interface CheckException {
  /** The app (Flux Kustomization name, or kustomization folder) it applies to; `*` for every app. */
  readonly app: string;
  /** The rule code, e.g. `UnexpectedHost`. */
  readonly rule: string;
  /** Only this object, as `Kind/name` (e.g. `Ingress/miniflux`). @default - every object of the app */
  readonly object?: string;
  /** Why the finding is fine here; printed with the suppressed finding. Required. */
  readonly reason: string;
}

/** A Secret, ConfigMap or claim that exists in the cluster without being in Git. */
export interface ProvidedOutOfBand {
  readonly kind: 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';
  readonly name: string;
  /** Only for this app. @default - every app */
  readonly app?: string;
  /** How it gets there (e.g. "created by the registry operator"). Required. */
  readonly reason: string;
}

/** The `check` section of `stillon.config.ts`. */
export interface CheckSettings {
  /** Severity per rule code, e.g. `{ FloatingImageTag: 'error', UnexpectedHost: 'off' }`. @default - each rule's own */
  readonly severities?: Readonly<Record<string, ConfiguredSeverity>>;
  /** Findings accepted on purpose. @default [] */
  readonly exceptions?: readonly CheckException[];
  /** References that count as provided although nothing in Git provides them. @default [] */
  readonly providedOutOfBand?: readonly ProvidedOutOfBand[];
}

/**
 * `<sealedSecrets>/<namespace>/<name>.yaml`, or `<sealedSecrets>/<cluster>/<namespace>/<name>.yaml`
 * in a repository with clusters: where SealedSecretRef reads and `stillon seal` writes.
 */
export function sealedSecretFile(paths: Pick<OutputPaths, 'sealedSecrets'>, namespace: string, name: string, cluster?: string): string {
  return cluster === undefined
    ? `${paths.sealedSecrets}/${namespace}/${name}.yaml`
    : `${paths.sealedSecrets}/${cluster}/${namespace}/${name}.yaml`;
}

/**
 * `<sealedSecrets>/cert.pem` (or `<sealedSecrets>/<cluster>/cert.pem`, a cluster's default): where
 * `kubeseal --fetch-cert` output is kept.
 */
export function sealingCertificateFile(paths: Pick<OutputPaths, 'sealedSecrets'>, cluster?: string): string {
  return cluster === undefined ? `${paths.sealedSecrets}/cert.pem` : `${paths.sealedSecrets}/${cluster}/cert.pem`;
}

/** The Stillon profile: the conventions of our first user's cluster. */
export const STILLON_PROFILE: Conventions = {
  domain: 'stillon.top',
  clusterIssuer: 'letsencrypt-prod',
  ingress: IngressProfile.NGINX,
  flux: {
    namespace: 'flux-system',
    interval: '10m0s',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
  },
  paths: {
    kustomize: 'kustomize',
    apps: 'apps',
    namespaces: 'namespaces',
    sealedSecrets: 'sealed-secrets',
    inventory: 'docs/apps.md',
  },
  allowedForeignHosts: [],
};

/** What `stillon.config.ts` may set: any subset of the conventions. */
export interface StillonConfig {
  readonly domain?: string;
  readonly clusterIssuer?: string;
  readonly ingress?: IngressProfile;
  readonly flux?: Partial<FluxDefaults>;
  readonly paths?: Partial<OutputPaths>;
  readonly allowedForeignHosts?: readonly string[];
  readonly check?: CheckSettings;
  /**
   * The clusters this repository feeds, by name (DNS-1123 labels). With clusters, the output is
   * laid out per cluster (`clusters/<name>/apps/`); without, it is the one-cluster layout.
   * @default - one cluster, the one-cluster layout
   */
  readonly clusters?: Readonly<Record<string, ClusterSettings>>;
  /**
   * Environments an app may be rendered in, by name, e.g. `{ staging: {}, production: {} }`.
   * @default - none
   */
  readonly environments?: Readonly<Record<string, EnvironmentSettings>>;
}

/**
 * Typed helper for `stillon.config.ts`.
 * @example
 * export default defineConfig({ domain: 'example.org', ingress: IngressProfile.TRAEFIK });
 */
export function defineConfig(config: StillonConfig): StillonConfig {
  return config;
}

/** The profile with a config laid over it. */
export function resolveConventions(config: StillonConfig = {}, base: Conventions = STILLON_PROFILE): Conventions {
  return {
    domain: config.domain ?? base.domain,
    clusterIssuer: config.clusterIssuer ?? base.clusterIssuer,
    ingress: config.ingress ?? base.ingress,
    flux: { ...base.flux, ...config.flux },
    paths: { ...base.paths, ...config.paths },
    allowedForeignHosts: config.allowedForeignHosts ?? base.allowedForeignHosts,
    // Omitted when unset, so that conventions without a check section compare equal to the profile.
    ...(config.check ?? base.check ? { check: config.check ?? base.check } : {}),
    ...(config.clusters ?? base.clusters ? { clusters: config.clusters ?? base.clusters } : {}),
    ...(config.environments ?? base.environments ? { environments: config.environments ?? base.environments } : {}),
  };
}

/** The names of the clusters the conventions declare, sorted; empty for the one-cluster layout. */
export function clusterNames(conventions: Pick<Conventions, 'clusters'>): string[] {
  return Object.keys(conventions.clusters ?? {}).sort();
}

/** The ClusterInfo of a declared cluster (its Flux root and sealing certificate, defaults applied). */
export function clusterInfo(conventions: Pick<Conventions, 'clusters' | 'paths'>, name: string): ClusterInfo {
  const settings = conventions.clusters?.[name];
  if (!settings) throw new Error(`no cluster '${name}' in stillon.config.ts`);
  return {
    name,
    root: settings.root ?? `clusters/${name}`,
    sealingCertificate: settings.sealing ?? sealingCertificateFile(conventions.paths, name),
    platform: [...settings.platform ?? []],
  };
}

/**
 * The conventions of one declared cluster: its domain, issuer, ingress profile, Flux defaults
 * and foreign hosts laid over the repository's, and `cluster` set.
 */
export function clusterConventions(conventions: Conventions, name: string): Conventions {
  const settings = conventions.clusters?.[name];
  if (!settings) throw new Error(`no cluster '${name}' in stillon.config.ts`);
  return {
    ...conventions,
    domain: settings.domain ?? conventions.domain,
    clusterIssuer: settings.clusterIssuer ?? conventions.clusterIssuer,
    ingress: settings.ingress ?? conventions.ingress,
    flux: { ...conventions.flux, ...settings.flux },
    allowedForeignHosts: settings.allowedForeignHosts ?? conventions.allowedForeignHosts,
    cluster: clusterInfo(conventions, name),
  };
}

/** The conventions of one declared environment: `environment` set (production unless said otherwise by name). */
export function environmentConventions(conventions: Conventions, name: string): Conventions {
  const settings = conventions.environments?.[name] ?? {};
  return { ...conventions, environment: { name, production: settings.production ?? name === 'production' } };
}

/**
 * The host an app is served at unless it says otherwise: `<app>.<domain>`, and
 * `<app>-<env>.<domain>` in an environment that is not production. The ingress and the rules
 * both call it.
 */
export function defaultHostOf(conventions: Pick<Conventions, 'domain' | 'environment'>, app: string): string {
  const env = conventions.environment;
  return env && !env.production ? `${app}-${env.name}.${conventions.domain}` : `${app}.${conventions.domain}`;
}
