import { isKind } from '../k8s-objects';
import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';
import { couldBeSecretValue, credentialIn, isSecretName } from './secret-patterns';

/** A ConfigMap is not a Secret: keys named like credentials, or files holding them, are plaintext in Git. */
export const secretInConfigMap: Rule = {
  code: 'SecretInConfigMap',
  severity: Severity.WARNING,
  rationale: 'a ConfigMap is stored and shown in plain text; a password, token or session cookie in it is leaked',
  fix: 'move the value into a SealedSecret (stillon seal) and mount or reference that; then rotate it',
  check(objects) {
    const findings: Finding[] = [];
    for (const object of objects.filter((o) => isKind(o.manifest, 'ConfigMap', ''))) {
      for (const [key, value] of Object.entries<unknown>(object.manifest.data ?? {})) {
        const found = isSecretName(key) && couldBeSecretValue(value) && !String(value).includes('\n')
          ? 'a literal value'
          : typeof value === 'string' ? credentialIn(value) : undefined;
        if (found) findings.push({ object, message: `key '${key}' of ${describe(object)} holds ${found}` });
      }
    }
    return findings;
  },
};
