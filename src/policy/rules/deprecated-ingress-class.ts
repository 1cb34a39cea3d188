import { ANNOTATIONS } from '../../conventions';
import { isKind } from '../k8s-objects';
import { Rule, describe } from '../rule';
import { Severity } from '../violation';

/** `spec.ingressClassName` picks the controller; the annotation is deprecated since Kubernetes 1.18. */
export const deprecatedIngressClass: Rule = {
  code: 'DeprecatedIngressClass',
  severity: Severity.WARNING,
  rationale: 'controllers are dropping the kubernetes.io/ingress.class annotation; an Ingress chosen only by it can silently stop being served',
  fix: `set spec.ingressClassName and remove the ${ANNOTATIONS.deprecatedIngressClass} annotation`,
  check(objects, { conventions }) {
    return objects
      .filter((o) => isKind(o.manifest, 'Ingress', 'networking.k8s.io')
        && o.manifest.metadata?.annotations?.[ANNOTATIONS.deprecatedIngressClass] !== undefined
        && !o.manifest.spec?.ingressClassName)
      .map((object) => ({
        object,
        message: `${describe(object)} picks its class only with the deprecated annotation ${ANNOTATIONS.deprecatedIngressClass}: ${object.manifest.metadata.annotations[ANNOTATIONS.deprecatedIngressClass]}`,
        fix: `set spec.ingressClassName: ${object.manifest.metadata.annotations[ANNOTATIONS.deprecatedIngressClass] || conventions.ingress.className} and remove the annotation`,
      }));
  },
};
