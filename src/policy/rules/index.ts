import { Rule } from '../rule';
import { duplicateHost } from './duplicate-host';
import { floatingImageTag } from './floating-image-tag';
import { foreignHost } from './foreign-host';
import { ingressWithoutTls } from './ingress-without-tls';
import { invalidName } from './invalid-name';
import { invalidPort } from './invalid-port';
import { namespaceInFlux } from './namespace-in-flux';
import { plainSecret } from './plain-secret';
import { pvcNotProtected } from './pvc-not-protected';

/** Every rule, in the order they are documented. */
export const ALL_RULES: readonly Rule[] = [
  pvcNotProtected,
  namespaceInFlux,
  plainSecret,
  ingressWithoutTls,
  foreignHost,
  duplicateHost,
  invalidName,
  invalidPort,
  floatingImageTag,
];

export { duplicateHost, floatingImageTag, foreignHost, ingressWithoutTls, invalidName, invalidPort, namespaceInFlux, plainSecret, pvcNotProtected };
