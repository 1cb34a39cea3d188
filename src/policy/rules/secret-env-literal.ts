import { workloadContainers } from '../k8s-objects';
import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';
import { couldBeSecretValue, credentialIn, isSecretName } from './secret-patterns';

/** A credential typed into an env `value` is plaintext in Git, whatever the Secret next to it says. */
export const secretEnvLiteral: Rule = {
  code: 'SecretEnvLiteral',
  severity: Severity.ERROR,
  rationale: 'an env value is plaintext in Git and in every `kubectl get -o yaml`; a credential there is leaked',
  fix: 'seal the value (stillon seal) and read it with valueFrom.secretKeyRef (SealedSecretRef.key in apps/*.ts); then rotate it',
  check(objects) {
    const findings: Finding[] = [];
    for (const { object, container } of workloadContainers(objects)) {
      for (const env of container.env ?? []) {
        if (typeof env?.value !== 'string') continue;
        const byName = isSecretName(String(env.name)) && couldBeSecretValue(env.value);
        const found = byName ? 'a literal value' : credentialIn(env.value);
        if (found) {
          findings.push({ object, message: `env ${env.name} of container '${container.name}' in ${describe(object)} has ${found} in plain text` });
        }
      }
    }
    return findings;
  },
};
