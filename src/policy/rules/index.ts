import { Rule } from '../rule';
import { buildFailed } from './build-failed';
import { dependsOnMissing } from './depends-on-missing';
import { deprecatedIngressClass } from './deprecated-ingress-class';
import { duplicateHost } from './duplicate-host';
import { floatingImageTag } from './floating-image-tag';
import { fluxPathMissing } from './flux-path-missing';
import { fluxPruneUnprotectedPvc } from './flux-prune-unprotected-pvc';
import { foreignHost } from './foreign-host';
import { ingressWithoutTls } from './ingress-without-tls';
import { invalidName } from './invalid-name';
import { invalidPort } from './invalid-port';
import { invalidYaml } from './invalid-yaml';
import { missingReference } from './missing-reference';
import { namespaceInFlux } from './namespace-in-flux';
import { objectInTwoApps } from './object-in-two-apps';
import { plainSecret } from './plain-secret';
import { pvcNotProtected } from './pvc-not-protected';
import { sealedForAnotherCluster } from './sealed-for-another-cluster';
import { sealedSecretMismatch } from './sealed-secret-mismatch';
import { secretEnvLiteral } from './secret-env-literal';
import { secretInConfigMap } from './secret-in-config-map';
import { unexpectedHost } from './unexpected-host';
import { unreachableKustomization } from './unreachable-kustomization';
import { unrepresentableCharacter } from './unrepresentable-character';

/** Every rule, in the order they are documented. */
export const ALL_RULES: readonly Rule[] = [
  pvcNotProtected,
  namespaceInFlux,
  plainSecret,
  ingressWithoutTls,
  foreignHost,
  duplicateHost,
  objectInTwoApps,
  invalidName,
  invalidPort,
  floatingImageTag,
  unexpectedHost,
  deprecatedIngressClass,
  secretEnvLiteral,
  secretInConfigMap,
  missingReference,
  sealedSecretMismatch,
  sealedForAnotherCluster,
  fluxPathMissing,
  dependsOnMissing,
  unreachableKustomization,
  fluxPruneUnprotectedPvc,
  buildFailed,
  invalidYaml,
  unrepresentableCharacter,
];

export {
  buildFailed, deprecatedIngressClass, duplicateHost, floatingImageTag, fluxPathMissing, fluxPruneUnprotectedPvc, foreignHost, ingressWithoutTls,
  invalidName, invalidPort, invalidYaml, missingReference, namespaceInFlux, objectInTwoApps, plainSecret, pvcNotProtected, sealedSecretMismatch,
  secretEnvLiteral, secretInConfigMap, unexpectedHost, unrepresentableCharacter,
  dependsOnMissing, sealedForAnotherCluster, unreachableKustomization,
};
