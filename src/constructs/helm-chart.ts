import { Construct } from 'constructs';
import { HelmRelease, HelmReleaseSpecChartSpecSourceRefKind, HelmReleaseSpecInstallCrds, HelmReleaseSpecUpgradeCrds, HelmReleaseSpecValuesFromKind } from '../../imports/helm.toolkit.fluxcd.io';
import { HelmRepository, HelmRepositorySpecType } from '../../imports/source.toolkit.fluxcd.io';
import { LABELS, isDns1123Label, isSecretKey } from '../conventions';
import { AppChart } from './app-chart';
import { AppConfigMap } from './app-config-map';
import { JsonObject, checkHelmValues } from './helm-values';
import { OutOfBandSecret } from './out-of-band-secret';
import { checkDuration, isExactVersion, requireAwaited, requireString } from './platform-checks';
import { SealedSecretRef } from './sealed-secret-ref';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** What Helm does with the chart's `crds/` folder (HelmRelease `install.crds`, `upgrade.crds`). */
export enum HelmCrds {
  /** Leave CRDs alone: the chart's custom resources fail until someone installs them. */
  SKIP = 'Skip',
  /** Create missing CRDs, never update them (Helm's own behaviour). */
  CREATE = 'Create',
  /** Create and update CRDs, so a chart upgrade brings its new CRD versions. */
  CREATE_REPLACE = 'CreateReplace',
}

/** Chart values read from a Secret or a ConfigMap of the app (HelmRelease `valuesFrom`). */
export interface HelmValuesFrom {
  /** A Secret of the app: synth checks that a sealed one has `valuesKey`. Exactly one of `secret` and `configMap`. @default - none */
  readonly secret?: SealedSecretRef | OutOfBandSecret;
  /** A ConfigMap of the app. Exactly one of `secret` and `configMap`. @default - none */
  readonly configMap?: AppConfigMap;
  /** The key holding the values. @default 'values.yaml' (Flux's default) */
  readonly valuesKey?: string;
  /**
   * Where in the values the key's content goes, e.g. `auth.adminPassword`; the content is then
   * one value rather than a YAML document.
   * @default - omitted: the key holds a values document merged at the root
   */
  readonly targetPath?: string;
}

export interface HelmChartProps {
  /**
   * The chart repository: an `https://` index (`https://charts.jetstack.io`) or an `oci://`
   * registry (`oci://ghcr.io/org/charts`). Plain `http://` is refused: the chart could be
   * swapped in transit.
   */
  readonly repository: string;
  /** Chart name in the repository, e.g. `cert-manager`. */
  readonly chart: string;
  /**
   * The exact chart version, e.g. `v1.17.2`. Required, and a range (`>=1.0.0`, `1.x`, `*`) is
   * an error: everything on the cluster depends on its platform, so an upgrade must be a commit
   * that can be reviewed and reverted, not whatever the repository publishes next.
   */
  readonly version: string;
  /** Helm release name and HelmRelease name. @default - the construct id */
  readonly releaseName?: string;
  /** Name of the HelmRepository; charts of one app with the same URL share it. @default - the release name */
  readonly repositoryName?: string;
  /** Chart values. Never a credential (SecretInHelmValues): pass those with `valuesFrom`. @default - none: the chart's defaults */
  readonly values?: JsonObject;
  /** Values from Secrets and ConfigMaps of the app, merged in order after `values`. @default [] */
  readonly valuesFrom?: readonly HelmValuesFrom[];
  /** CRD policy on install and on upgrade. @default HelmCrds.CREATE_REPLACE */
  readonly crds?: HelmCrds;
  /** Retries of a failed install (the release is uninstalled in between). @default 3 */
  readonly installRetries?: number;
  /** Retries of a failed upgrade (rolled back in between). @default 3 */
  readonly upgradeRetries?: number;
  /** How often Flux checks the release (and the chart repository) for drift. @default - the conventions' Flux interval ('10m0s') */
  readonly interval?: string;
  /** Timeout of each Helm action, hooks and waits included. @default '5m0s' */
  readonly timeout?: string;
  /** Releases of this app that must be ready first (e.g. a CRD chart). @default [] */
  readonly dependsOn?: readonly HelmChart[];
}

const HELM_VALUES_FROM = propSchema<HelmValuesFrom>({ secret: true, configMap: true, valuesKey: true, targetPath: true });
const HELM_CHART_PROPS = propSchema<HelmChartProps>({
  repository: true,
  chart: true,
  version: true,
  releaseName: true,
  repositoryName: true,
  values: true,
  valuesFrom: true,
  crds: true,
  installRetries: true,
  upgradeRetries: true,
  interval: true,
  timeout: true,
  dependsOn: true,
});

/** HelmRepositories already created per app, by name, so that charts of one repository share it. */
const REPOSITORIES = new WeakMap<AppChart, Map<string, HelmRepository>>();

/**
 * A Helm chart installed by Flux: a HelmRepository (`source.toolkit.fluxcd.io/v1`) and a
 * HelmRelease (`helm.toolkit.fluxcd.io/v2`) in the app's namespace, releasing into it. The
 * version is pinned, CRDs are created and replaced on install and upgrade, failed actions are
 * retried, and values never hold a credential. The namespace is never created by Helm
 * (`install.createNamespace` stays off): it comes from `namespaces/`, applied by hand.
 *
 * @example
 * new HelmChart(app, 'cert-manager', {
 *   repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.17.2',
 *   values: { crds: { enabled: true } },
 * });
 * @see https://fluxcd.io/flux/components/helm/helmreleases/
 */
export class HelmChart extends Construct {
  /** The Helm release name, also the HelmRelease's name. */
  public readonly releaseName: string;
  /** The namespace the HelmRelease lives in and releases into. */
  public readonly namespace: string;
  public readonly helmRelease: HelmRelease;
  public readonly helmRepository: HelmRepository;

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(props, HELM_CHART_PROPS, where);
    const app = AppChart.of(this);
    this.namespace = app.namespace;
    this.releaseName = props.releaseName ?? id;
    // Helm stores a release in a Secret named after it, and the name ends up in labels: 53 at most.
    if (!isDns1123Label(this.releaseName) || this.releaseName.length > 53) {
      throw new StillonError('InvalidName', where, `release name '${this.releaseName}' must be a DNS-1123 label of at most 53 characters`,
        'pass a short lower-case { releaseName }');
    }
    const repository = requireString(props.repository, 'repository', where, "'https://charts.jetstack.io'");
    const chart = requireString(props.chart, 'chart', where, "'cert-manager'");
    const version = requireString(props.version, 'version', where, "'1.2.3'");
    if (!isExactVersion(version)) {
      throw new StillonError('FloatingChartVersion', where, `version '${version}' of chart '${chart}' is not one exact version`,
        'pin the version the cluster should run, e.g. { version: \'1.2.3\' }, and bump it in a commit (Renovate can)');
    }
    if (props.values !== undefined) checkHelmValues(props.values, where);
    const interval = checkDuration(props.interval, 'interval', where) ?? app.conventions.flux.interval;
    const timeout = checkDuration(props.timeout, 'timeout', where) ?? '5m0s';
    const crds = props.crds ?? HelmCrds.CREATE_REPLACE;
    if (!Object.values(HelmCrds).includes(crds)) {
      throw new StillonError('InvalidHelmOption', where, `crds must be one of ${Object.values(HelmCrds).join(', ')}, got ${JSON.stringify(crds)}`, 'pass e.g. { crds: HelmCrds.CREATE_REPLACE }');
    }
    const installRetries = retries(props.installRetries, 'installRetries', where);
    const upgradeRetries = retries(props.upgradeRetries, 'upgradeRetries', where);

    this.helmRepository = this.repositoryFor(app, props.repositoryName ?? this.releaseName, repository, interval);
    const labels = { [LABELS.component]: this.releaseName };
    this.helmRelease = new HelmRelease(this, 'Resource', {
      metadata: { name: this.releaseName, namespace: this.namespace, labels },
      spec: {
        chart: {
          spec: {
            chart,
            version,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: this.helmRepository.name, namespace: this.namespace },
          },
        },
        // Explicit: with targetNamespace set, Flux would name the release `<namespace>-<name>`.
        releaseName: this.releaseName,
        targetNamespace: this.namespace,
        interval,
        timeout,
        install: { crds: crds as string as HelmReleaseSpecInstallCrds, remediation: { retries: installRetries } },
        upgrade: { crds: crds as string as HelmReleaseSpecUpgradeCrds, remediation: { retries: upgradeRetries } },
        dependsOn: dependencies(props.dependsOn, where),
        values: props.values,
        valuesFrom: props.valuesFrom?.map((from, i) => valuesFrom(from, i, where)),
      },
    });
    requireAwaited(this, `HelmRelease/${this.releaseName}`);
  }

  private repositoryFor(app: AppChart, name: string, url: string, interval: string): HelmRepository {
    const where = this.node.path;
    if (!isDns1123Label(name)) {
      throw new StillonError('InvalidName', where, `repository name '${name}' is not a DNS-1123 label`, 'pass a lower-case { repositoryName }');
    }
    const scheme = /^(https|oci):\/\/[^\s/@]+(\/|$)/.exec(url)?.[1];
    if (!scheme) {
      throw new StillonError('InvalidRepositoryUrl', where, `repository must be an https:// or oci:// URL without credentials, got '${url.replace(/\/\/[^/@]*@/, '//***@')}'`,
        "pass e.g. { repository: 'https://charts.jetstack.io' }; a private repository takes its credentials from a Secret, on the HelmRepository (helmRepository.addJsonPatch)");
    }
    const known = REPOSITORIES.get(app) ?? new Map<string, HelmRepository>();
    REPOSITORIES.set(app, known);
    const twin = known.get(name);
    if (twin) {
      if (twin.toJson().spec.url !== url) {
        throw new StillonError('DuplicateHelmRepository', where, `HelmRepository '${name}' of this app already points at ${twin.toJson().spec.url}`,
          'give this chart its own { repositoryName }');
      }
      return twin;
    }
    const repository = new HelmRepository(this, 'Repository', {
      metadata: { name, namespace: app.namespace, labels: { [LABELS.component]: this.releaseName } },
      spec: { url, interval, type: scheme === 'oci' ? HelmRepositorySpecType.OCI : undefined },
    });
    known.set(name, repository);
    return repository;
  }
}

function retries(value: number | undefined, prop: string, where: string): number {
  if (value === undefined) return 3;
  if (!Number.isInteger(value) || value < 0) {
    throw new StillonError('InvalidHelmOption', where, `${prop} must be a whole number of at least 0, got ${JSON.stringify(value)}`, `pass e.g. { ${prop}: 3 }`);
  }
  return value;
}

function dependencies(dependsOn: readonly HelmChart[] | undefined, where: string) {
  if (!dependsOn?.length) return undefined;
  return dependsOn.map((chart) => {
    if (!(chart instanceof HelmChart)) {
      throw new StillonError('InvalidHelmOption', where, 'dependsOn must list HelmCharts of this app', 'pass the HelmChart objects, e.g. { dependsOn: [crds] }');
    }
    return { name: chart.releaseName, namespace: chart.namespace };
  }).sort((a, b) => a.name.localeCompare(b.name));
}

function valuesFrom(from: HelmValuesFrom, i: number, where: string) {
  checkProps(from, HELM_VALUES_FROM, where, `valuesFrom[${i}].`);
  const source = from.secret ?? from.configMap;
  if (!source || (from.secret && from.configMap)) {
    throw new StillonError('InvalidHelmOption', where, `valuesFrom[${i}] needs exactly one of secret and configMap`,
      'pass e.g. { secret: new SealedSecretRef(app, \'values\') }');
  }
  const valuesKey = from.valuesKey ?? 'values.yaml';
  if (!isSecretKey(valuesKey)) {
    throw new StillonError('InvalidSecretKey', where, `valuesFrom[${i}].valuesKey '${valuesKey}' is not a valid key`, 'use letters, digits, -, _ and .');
  }
  // A sealed key the app reads: synth fails when the sealed file lacks it.
  if (from.secret instanceof SealedSecretRef) from.secret.key(valuesKey);
  return {
    kind: from.secret ? HelmReleaseSpecValuesFromKind.SECRET : HelmReleaseSpecValuesFromKind.CONFIG_MAP,
    name: source.name,
    valuesKey: from.valuesKey,
    targetPath: from.targetPath,
  };
}
