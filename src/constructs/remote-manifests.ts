import { Construct } from 'constructs';
import { Kustomization, KustomizationSpecHealthChecks, KustomizationSpecSourceRefKind } from '../../imports/kustomize.toolkit.fluxcd.io';
import { GitRepository, OciRepository } from '../../imports/source.toolkit.fluxcd.io';
import { LABELS, isDns1123Label } from '../conventions';
import { AppChart } from './app-chart';
import { checkDuration, isCommit, isDigest, isExactVersion, isFloatingTag, requireAwaited, requireString } from './platform-checks';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** A Git repository pinned to one revision: exactly one of `tag`, `semver` (an exact version) and `commit`. */
export interface GitManifestSource {
  /** `https://` or `ssh://` URL, e.g. `https://github.com/kubernetes/ingress-nginx`. */
  readonly url: string;
  /** A release tag, e.g. `controller-v1.12.1`; never a moving one (`main`, `latest`). @default - none */
  readonly tag?: string;
  /** One exact version among the repository's SemVer tags, e.g. `1.12.1`; a range is refused. @default - none */
  readonly semver?: string;
  /** A full commit SHA. @default - none */
  readonly commit?: string;
}

/** An OCI artifact pinned to one revision: exactly one of `tag`, `semver` (an exact version) and `digest`. */
export interface OciManifestSource {
  /** `oci://` URL, e.g. `oci://ghcr.io/org/manifests/app`. */
  readonly url: string;
  /** @default - none */
  readonly tag?: string;
  /** @default - none */
  readonly semver?: string;
  /** `sha256:<64 hex digits>`. @default - none */
  readonly digest?: string;
}

export interface RemoteManifestsProps {
  /** Manifests from a Git repository. Exactly one of `git` and `oci`. @default - none */
  readonly git?: GitManifestSource;
  /** Manifests from an OCI artifact. Exactly one of `git` and `oci`. @default - none */
  readonly oci?: OciManifestSource;
  /** Folder in the source to build (a kustomization or plain manifests). @default './' */
  readonly path?: string;
  /** Name of the source and of the Kustomization. @default - the construct id */
  readonly name?: string;
  /** Namespace of every namespaced object built. @default - the app's namespace */
  readonly targetNamespace?: string;
  /** Delete objects that left the source. @default true */
  readonly prune?: boolean;
  /**
   * Wait for every applied object to be ready. Flux ignores `healthChecks` when it waits, so the
   * two exclude each other.
   * @default - true, unless healthChecks are given
   */
  readonly wait?: boolean;
  /** Objects whose health gates the reconcile, instead of waiting for all of them. @default - none */
  readonly healthChecks?: readonly KustomizationSpecHealthChecks[];
  /** Timeout of apply and health checks. @default '5m0s' */
  readonly timeout?: string;
  /** Reconcile interval of the source and the Kustomization. @default - the conventions' Flux interval ('10m0s') */
  readonly interval?: string;
  /** Remote manifests of this app that must be ready first. @default [] */
  readonly dependsOn?: readonly RemoteManifests[];
}

const GIT_SOURCE = propSchema<GitManifestSource>({ url: true, tag: true, semver: true, commit: true });
const OCI_SOURCE = propSchema<OciManifestSource>({ url: true, tag: true, semver: true, digest: true });
const REMOTE_MANIFESTS_PROPS = propSchema<RemoteManifestsProps>({
  git: true,
  oci: true,
  path: true,
  name: true,
  targetNamespace: true,
  prune: true,
  wait: true,
  healthChecks: true,
  timeout: true,
  interval: true,
  dependsOn: true,
}, { git: GIT_SOURCE, oci: OCI_SOURCE });

/**
 * Deletes every Namespace the remote manifests carry (most upstream install manifests start
 * with one). A Namespace in a Flux build is pruned with everything in it when it leaves the
 * source; ours come from `namespaces/`, applied by hand.
 */
const DROP_NAMESPACES = { patch: '$patch: delete\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: any\n', target: { version: 'v1', kind: 'Namespace' } };

/**
 * Manifests kept in another repository (an upstream install folder, an OCI artifact), applied
 * by a Flux Kustomization of this app: a GitRepository or OCIRepository pinned to one revision
 * (`source.toolkit.fluxcd.io/v1`) and a Kustomization (`kustomize.toolkit.fluxcd.io/v1`) of a
 * path in it, which waits for what it applies. Namespaces never go through Flux: any Namespace
 * in the source is deleted from the build, and the namespace comes from `namespaces/`.
 *
 * @example
 * new RemoteManifests(app, 'ingress-nginx', {
 *   git: { url: 'https://github.com/kubernetes/ingress-nginx', tag: 'controller-v1.12.1' },
 *   path: './deploy/static/provider/baremetal',
 * });
 * @see https://fluxcd.io/flux/components/kustomize/kustomizations/
 */
export class RemoteManifests extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly source: GitRepository | OciRepository;
  public readonly kustomization: Kustomization;

  constructor(scope: Construct, id: string, props: RemoteManifestsProps) {
    super(scope, id);
    const where = this.node.path;
    // Before checkProps: a branch is a floating ref, not a typo.
    if (props?.git && 'branch' in props.git) {
      throw new StillonError('FloatingSourceRef', where, 'git.branch moves: the same commit of this repository would apply different manifests tomorrow',
        'pin a { tag }, an exact { semver } or a { commit }');
    }
    checkProps(props, REMOTE_MANIFESTS_PROPS, where);
    const app = AppChart.of(this);
    this.name = props.name ?? id;
    this.namespace = app.namespace;
    const targetNamespace = props.targetNamespace ?? app.namespace;
    for (const [what, value] of [['name', this.name], ['targetNamespace', targetNamespace]]) {
      if (!isDns1123Label(value)) throw new StillonError('InvalidName', where, `${what} '${value}' is not a DNS-1123 label`, `pass a lower-case { ${what} }`);
    }
    if (this.name === app.conventions.flux.sourceRef.name) {
      throw new StillonError('InvalidName', where, `'${this.name}' is the name of the repository's own Flux source`, 'pass another { name }');
    }
    const interval = checkDuration(props.interval, 'interval', where) ?? app.conventions.flux.interval;
    const timeout = checkDuration(props.timeout, 'timeout', where) ?? '5m0s';
    const path = checkPath(props.path ?? './', where);
    if (props.wait === true && props.healthChecks?.length) {
      throw new StillonError('HealthChecksIgnored', where, 'wait: true makes Flux ignore healthChecks',
        'pass either { wait: true } (every object) or { healthChecks: [...] } (only those)');
    }
    const metadata = { name: this.name, namespace: this.namespace, labels: { [LABELS.component]: this.name } };
    if (!props.git === !props.oci) {
      throw new StillonError('InvalidSource', where, `pass exactly one of git and oci, got ${props.git ? 'both' : 'neither'}`,
        "pass e.g. { git: { url: 'https://github.com/org/repo', tag: 'v1.2.3' } }");
    }
    let kind: KustomizationSpecSourceRefKind;
    if (props.git) {
      const url = requireString(props.git.url, 'git.url', where, "'https://github.com/org/repo'");
      checkUrl(url, /^(https:\/\/|ssh:\/\/([^\s/:@]+@)?)[^\s/@]+(\/|$)/, 'git.url', 'an https:// or ssh://', where);
      const ref = pinned(props.git, 'git', ['tag', 'semver', 'commit'], where);
      this.source = new GitRepository(this, 'Source', { metadata, spec: { url, interval, ref } });
      kind = KustomizationSpecSourceRefKind.GIT_REPOSITORY;
    } else {
      const oci = props.oci!;
      const url = requireString(oci.url, 'oci.url', where, "'oci://ghcr.io/org/manifests'");
      checkUrl(url, /^oci:\/\/[^\s/@]+(\/|$)/, 'oci.url', 'an oci://', where);
      const ref = pinned(oci, 'oci', ['tag', 'semver', 'digest'], where);
      this.source = new OciRepository(this, 'Source', { metadata, spec: { url, interval, ref } });
      kind = KustomizationSpecSourceRefKind.OCI_REPOSITORY;
    }
    this.kustomization = new Kustomization(this, 'Resource', {
      metadata,
      spec: {
        interval,
        path,
        prune: props.prune ?? true,
        sourceRef: { kind, name: this.name, namespace: this.namespace },
        targetNamespace,
        wait: props.healthChecks?.length ? props.wait : props.wait ?? true,
        healthChecks: props.healthChecks?.length ? [...props.healthChecks] : undefined,
        timeout,
        dependsOn: props.dependsOn?.map((d) => {
          if (!(d instanceof RemoteManifests)) {
            throw new StillonError('InvalidSource', where, 'dependsOn must list RemoteManifests of this app', 'pass the RemoteManifests objects');
          }
          return { name: d.name, namespace: d.namespace };
        }).sort((a, b) => a.name.localeCompare(b.name)),
        patches: [DROP_NAMESPACES],
      },
    });
    requireAwaited(this, `Kustomization/${this.name}`);
  }
}

const EXPECTED_REF: Readonly<Record<string, string>> = {
  tag: 'a release tag, not a moving one',
  semver: 'one exact version such as 1.2.3, not a range',
  commit: 'a full commit SHA',
  digest: 'sha256:<64 hex digits>',
};

/** The one ref field given, checked to pin one revision. */
function pinned<T extends object>(source: T, prefix: string, fields: ReadonlyArray<keyof T & string>, where: string): Record<string, string> {
  const given = fields.filter((f) => source[f] !== undefined);
  if (given.length !== 1) {
    throw new StillonError(given.length ? 'InvalidSource' : 'FloatingSourceRef', where,
      given.length ? `${prefix} takes exactly one of ${fields.join(', ')}, got ${given.join(' and ')}` : `${prefix} names no revision: Flux would follow the default branch`,
      `pin one: { ${prefix}: { url, ${fields[0]}: '...' } }`);
  }
  const field = given[0];
  const value = String(source[field]);
  const ok = field === 'tag' ? value.trim() !== '' && !isFloatingTag(value)
    : field === 'semver' ? isExactVersion(value)
      : field === 'commit' ? isCommit(value) : isDigest(value);
  if (!ok) {
    const expected = EXPECTED_REF[field];
    throw new StillonError('FloatingSourceRef', where, `${prefix}.${field} '${value}' does not pin one revision: expected ${expected}`,
      'pin the revision the cluster should run and bump it in a commit');
  }
  return { [field]: value };
}

function checkUrl(url: string, pattern: RegExp, prop: string, expected: string, where: string): void {
  if (!pattern.test(url)) {
    throw new StillonError('InvalidSourceUrl', where, `${prop} must be ${expected} URL without credentials, got '${url.replace(/\/\/[^/@]*@/, '//***@')}'`,
      'a private source takes its credentials from a Secret (source.addJsonPatch with spec.secretRef)');
  }
}

function checkPath(path: string, where: string): string {
  if (typeof path !== 'string' || path.startsWith('/') || path.split('/').includes('..')) {
    throw new StillonError('InvalidPath', where, `path must be relative to the source's root, got ${JSON.stringify(path)}`, "pass e.g. { path: './deploy' }");
  }
  return path.startsWith('./') || path === '.' ? path : `./${path}`;
}
