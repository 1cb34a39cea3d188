import { KubeObject } from '../compare';
import { Conventions } from '../conventions';
import { Expr, print } from './expr';

/** A Go duration (`1h`, `10m0s`, `90s`) in seconds; undefined when it is none. */
export function durationSeconds(text: unknown): number | undefined {
  const s = String(text ?? '');
  if (!/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(s)) return undefined;
  let total = 0;
  for (const [, n, unit] of s.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) total += Number(n) * { h: 3600, m: 60, s: 1, ms: 0.001 }[unit as 'h' | 'm' | 's' | 'ms'];
  return total;
}

/**
 * defineApp's options for the original Flux Kustomization: the namespace when it is not the app
 * name, and interval, prune, wait, timeout, dependsOn, force and healthChecks when they differ
 * from the conventions' Flux defaults. `''` when every one is the default.
 */
export function fluxOptions(app: string, namespace: string, flux: KubeObject | undefined, conventions: Conventions): string {
  const spec: any = flux?.spec ?? {};
  const defaults = conventions.flux;
  const same = (a: unknown, b: unknown) => a === undefined || durationSeconds(a) === durationSeconds(b);
  const options: Record<string, Expr> = {
    interval: same(spec.interval, defaults.interval) ? undefined : spec.interval,
    prune: spec.prune === undefined || spec.prune === defaults.prune ? undefined : spec.prune,
    wait: spec.wait === undefined || spec.wait === defaults.wait ? undefined : spec.wait,
    timeout: spec.timeout === undefined || (defaults.timeout !== undefined && same(spec.timeout, defaults.timeout)) ? undefined : spec.timeout,
    dependsOn: Array.isArray(spec.dependsOn) && spec.dependsOn.length ? spec.dependsOn.map((d: any) => String(d.name)) : undefined,
    force: spec.force === true ? true : undefined,
    healthChecks: Array.isArray(spec.healthChecks) && spec.healthChecks.length ? spec.healthChecks : undefined,
  };
  const fluxExpr = Object.values(options).some((v) => v !== undefined) ? options : undefined;
  const all = print({ namespace: namespace !== app ? namespace : undefined, flux: fluxExpr });
  return all === '{}' ? '' : all;
}
