import { isKind } from '../k8s-objects';
import { Rule, describe } from '../rule';
import { Severity } from '../violation';

/** Secrets enter Git only sealed: a Secret with data is plaintext (base64 is not encryption). */
export const plainSecret: Rule = {
  code: 'PlainSecret',
  severity: Severity.ERROR,
  rationale: 'a Secret with data or stringData puts the plaintext into Git; base64 is an encoding, not encryption',
  fix: 'seal it (stillon seal) and read it with SealedSecretRef; then remove the Secret and rotate the leaked values',
  check(objects) {
    return objects
      .filter((o) => isKind(o.manifest, 'Secret', '')
        && (Object.keys(o.manifest.data ?? {}).length > 0 || Object.keys(o.manifest.stringData ?? {}).length > 0))
      .map((object) => ({ object, message: `${describe(object)} has plaintext data (keys: ${[...Object.keys(object.manifest.data ?? {}), ...Object.keys(object.manifest.stringData ?? {})].sort().join(', ')})` }));
  },
};
