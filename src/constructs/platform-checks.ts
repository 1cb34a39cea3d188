// What the platform constructs (HelmChart, RemoteManifests, AcmeClusterIssuer) check alike:
// pinned versions, Flux durations, and that the app's own Flux Kustomization waits for them.
import { Construct } from 'constructs';
import { AppChart } from './app-chart';
import { FLOATING_TAGS } from '../conventions';
import { Severity, StillonError } from '../errors';
import { addCheck } from '../private/checks';

/** One exact SemVer 2 version, `1.2.3`, `v1.17.2`, `1.0.0-rc.1`: no range, no wildcard, no `1.2`. */
const EXACT_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Whether a version names exactly one release (a Helm or Flux semver constraint that can match only it). */
export function isExactVersion(version: string): boolean {
  return EXACT_VERSION.test(version);
}

/** A Git commit: a full SHA-1 or SHA-256 (Flux checks out exactly that object). */
export function isCommit(value: string): boolean {
  return /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}

/** An OCI digest, `sha256:<64 hex>`. */
export function isDigest(value: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(value);
}

/** A tag that moves (`latest`, `main`, ...): the same Git commit would deploy different manifests tomorrow. */
export function isFloatingTag(tag: string): boolean {
  return FLOATING_TAGS.includes(tag.toLowerCase());
}

/** A Go duration as the Flux CRDs accept it (their pattern), e.g. `10m0s`, `1h`, `30s`. */
export function checkDuration(value: string | undefined, prop: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(value)) {
    throw new StillonError('InvalidDuration', where, `${prop} must be a Go duration such as '5m0s', got ${JSON.stringify(value)}`,
      `pass e.g. { ${prop}: '5m0s' }`);
  }
  return value;
}

/** Throws MissingProp when a required prop is absent or empty (types are stripped when synth loads apps/*.ts). */
export function requireString(value: unknown, prop: string, where: string, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new StillonError('MissingProp', where, `${prop} is required${value === undefined ? '' : `, got ${JSON.stringify(value)}`}`, `pass e.g. { ${prop}: ${example} }`);
  }
  return value;
}

/**
 * Registers, once per app, the check that the app's own Flux Kustomization waits for what it
 * applies. A HelmRelease or a Kustomization is only *applied* when its Flux Kustomization is
 * Ready; without `wait` (or health checks) every app that `dependsOn` the platform starts
 * while the ingress controller or cert-manager's webhook is still being installed. An error on
 * a cluster's platform app (ClusterSettings.platform), a warning on any other app.
 */
export function requireAwaited(construct: Construct, what: string): void {
  const chart = AppChart.of(construct);
  const known = AWAITED.get(chart);
  if (known) {
    known.push(what);
    return;
  }
  const applied = [what];
  AWAITED.set(chart, applied);
  addCheck(chart.flux, () => {
    const spec = chart.flux.apiObject.toJson().spec ?? {};
    if (spec.wait === true || (spec.healthChecks ?? []).length > 0) return [];
    const platform = chart.conventions.cluster?.platform.includes(chart.appName) ?? false;
    return [{
      code: 'PlatformNotAwaited',
      severity: platform ? Severity.ERROR : Severity.WARNING,
      message: `the Flux Kustomization of '${chart.appName}' applies ${[...applied].sort().join(', ')} without waiting for them to be ready`
        + (platform ? `, and '${chart.appName}' is a platform app every other app of cluster '${chart.conventions.cluster!.name}' depends on` : ''),
      fix: `defineApp('${chart.appName}', { flux: { wait: true } }, ...)`,
    }];
  });
}

/** Per app, what its platform constructs apply (`HelmRelease/ingress-nginx`), for the message. */
const AWAITED = new WeakMap<AppChart, string[]>();
