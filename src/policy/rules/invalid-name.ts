import { isDns1123Label, isDns1123Subdomain } from '../../conventions';
import { Rule, describe } from '../rule';
import { Severity } from '../violation';

/** Kinds whose names become DNS labels (Service names are host names inside the cluster). */
const LABEL_KINDS = new Set(['Namespace', 'Service']);

export const invalidName: Rule = {
  code: 'InvalidName',
  severity: Severity.ERROR,
  rationale: 'the API server rejects names that are not DNS-1123, failing the whole Flux reconcile',
  fix: 'use lower-case letters, digits and "-", starting and ending with a letter or digit',
  check(objects) {
    return objects.flatMap((object) => {
      const m = object.manifest;
      const name = m?.metadata?.name;
      const namespace = m?.metadata?.namespace;
      const problems: string[] = [];
      if (typeof name !== 'string' || !(LABEL_KINDS.has(m.kind) ? isDns1123Label(name) : isDns1123Subdomain(name))) {
        problems.push(`${describe(object)} has an invalid name '${name}'`);
      }
      if (namespace !== undefined && !isDns1123Label(namespace)) problems.push(`${describe(object)} has an invalid namespace '${namespace}'`);
      return problems.map((message) => ({ object, message }));
    });
  },
};
