import { Conventions, STILLON_PROFILE } from '../../src/conventions';
import { PolicyObject, Rule } from '../../src/policy/rule';
import { runRules } from '../../src/policy/runner';
import { Violation } from '../../src/policy/violation';

/** A rendered object as the rules see it; Flux-managed unless said otherwise. */
export function policyObject(manifest: any, options: { app?: string; source?: string; fluxManaged?: boolean } = {}): PolicyObject {
  return {
    app: options.app ?? 'demo',
    source: options.source ?? `demo/${manifest?.metadata?.name ?? 'object'}`,
    manifest,
    fluxManaged: options.fluxManaged ?? true,
  };
}

/** The violations of one rule over `manifests`, as synth and check report them. */
export function violationsOf(rule: Rule, objects: readonly PolicyObject[], conventions: Conventions = STILLON_PROFILE): Violation[] {
  return runRules(objects, { conventions }, [rule]);
}

/** An Ingress the way StillonIngress renders it, for rules to pick apart. */
export function ingress(name: string, host: string, overrides: { annotations?: Record<string, string>; tls?: any[] } = {}): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'demo', annotations: overrides.annotations ?? { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } },
    spec: {
      ingressClassName: 'nginx',
      tls: overrides.tls ?? [{ hosts: [host], secretName: `${name}-tls` }],
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }],
    },
  };
}

/** A Deployment with the given containers. */
export function deployment(name: string, containers: any[]): any {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'demo' }, spec: { template: { spec: { containers } } } };
}
