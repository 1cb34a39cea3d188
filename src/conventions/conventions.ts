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
  };
}
