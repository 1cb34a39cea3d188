import { LABELS, hostFor, isUnderDomain } from '../../conventions';
import { PolicyObject, Rule, describe } from '../rule';
import { Severity } from '../violation';
import { ingressHostPairs } from './ingress-hosts';

/**
 * Each app is served at `<app>.<domain>`, so a host says which app answers it. In a hand-written
 * repository the app is the Flux Kustomization's name, or a segment of the kustomization's folder
 * (`apps/linkding/overlays/prod` may serve `linkding.<domain>`). Synth skips the rule: a subdomain
 * override in apps/*.ts is already explicit. An environment variant `<app>-<env>` that synth wrote
 * (its objects are `app.kubernetes.io/part-of: <app>`) may serve `<app>.<domain>`: production's host.
 */
export const unexpectedHost: Rule = {
  code: 'UnexpectedHost',
  severity: Severity.WARNING,
  scope: 'check',
  rationale: 'a host that does not name its app makes the routing table unreadable and invites two apps onto one name',
  fix: 'serve the app at <app>.<domain>, or record an exception for the app and rule UnexpectedHost with the reason in stillon.config.ts',
  check(objects, { conventions }) {
    return ingressHostPairs(objects)
      .filter(({ host }) => isUnderDomain(conventions, host)) // ForeignHost speaks for the others
      .filter(({ object, host }) => !object.app.split('/').some((segment) => host === hostFor(conventions, object.app, segment)))
      .filter(({ object, host }) => !isProductionVariantHost(object, host, conventions))
      .map(({ object, host }) => ({
        object,
        message: `${describe(object)} of app '${object.app}' serves ${host}, expected ${hostFor(conventions, object.app, object.app.split('/').pop())}`,
      }));
  },
};

/** `choremane.<domain>` served by `choremane-production`, an environment variant of app `choremane`. */
function isProductionVariantHost(object: PolicyObject, host: string, conventions: Parameters<typeof hostFor>[0]): boolean {
  const partOf = object.manifest?.metadata?.labels?.[LABELS.partOf];
  return typeof partOf === 'string' && object.app.startsWith(`${partOf}-`) && host === hostFor(conventions, partOf);
}
