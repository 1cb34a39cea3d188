import { isKind, workloadContainers } from '../k8s-objects';
import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';

const inRange = (port: unknown) => typeof port !== 'number' || (Number.isInteger(port) && port >= 1 && port <= 65535);

/** Ports must be 1 to 65535; the API server rejects the whole apply otherwise. */
export const invalidPort: Rule = {
  code: 'InvalidPort',
  severity: Severity.ERROR,
  rationale: 'the API server rejects a port outside 1-65535, failing the whole Flux reconcile',
  fix: 'use a port number from 1 to 65535',
  check(objects) {
    const findings: Finding[] = [];
    for (const { object, container } of workloadContainers(objects)) {
      for (const port of container.ports ?? []) {
        if (!inRange(port.containerPort)) findings.push({ object, message: `container '${container.name}' of ${describe(object)} has containerPort ${port.containerPort}` });
      }
    }
    for (const object of objects) {
      if (isKind(object.manifest, 'Service', '')) {
        for (const port of object.manifest.spec?.ports ?? []) {
          for (const [field, value] of [['port', port.port], ['targetPort', port.targetPort]]) {
            if (!inRange(value)) findings.push({ object, message: `${describe(object)} has ${field} ${value}` });
          }
        }
      }
    }
    return findings;
  },
};
