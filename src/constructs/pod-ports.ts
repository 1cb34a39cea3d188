import * as kplus from 'cdk8s-plus-28';
import { ServicePortSpec } from './app-service';
import { isDns1123Label } from '../conventions';
import { StillonError } from '../errors';

/**
 * Throws InvalidPort unless `port` is a whole number from 1 to 65535.
 * @param prop the prop named in the error, e.g. `servicePort`
 */
export function validatePortNumber(where: string, prop: string, port: number | undefined): void {
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new StillonError('InvalidPort', where, `${prop} must be a whole number from 1 to 65535, got ${port}`, `pass e.g. { ${prop}: 8080 }`);
  }
}

/**
 * Throws InvalidPort unless `name` is an IANA service name, as a container port's name must be
 * (lower-case letters, digits and '-', at least one letter, at most 15 characters): the API
 * server would refuse it only when Flux applies.
 */
export function validatePortName(where: string, prop: string, name: string): void {
  if (typeof name !== 'string' || name.length > 15 || !isDns1123Label(name) || !/[a-z]/.test(name)) {
    throw new StillonError('InvalidPort', where, `${prop} '${name}' is not an IANA service name (lower-case letters, digits and '-', at most 15 characters)`,
      `pass e.g. { ${prop}: 'redis' }`);
  }
}

/**
 * A named target port must name exactly one port among the pod's containers (the main one and
 * its sidecars): otherwise the Service routes nowhere, or to whichever container Kubernetes
 * finds first.
 */
export function checkTargetPorts(where: string, containers: readonly kplus.Container[], ports: readonly ServicePortSpec[]): void {
  for (const p of ports) {
    if (typeof p.targetPort !== 'string') continue;
    const owners = containers.filter((c) => c.ports.some((cp) => cp.name === p.targetPort));
    if (!owners.length) {
      const known = containers.flatMap((c) => c.ports.filter((cp) => cp.name).map((cp) => `'${cp.name}' (${c.name})`));
      throw new StillonError('UnknownTargetPort', where, `targetPort '${p.targetPort}' of port '${p.name}' names no port of container${containers.length > 1 ? 's' : ''} ${containers.map((c) => `'${c.name}'`).join(', ')}`,
        `name one of ${known.join(', ') || 'their ports (none yet)'}, or pass a number; a sidecar's port is known once addSidecar declares it`);
    }
    if (owners.length > 1) {
      throw new StillonError('AmbiguousTargetPort', where, `targetPort '${p.targetPort}' of port '${p.name}' names a port of ${owners.map((c) => `'${c.name}'`).join(' and ')}`,
        'give the containers\' ports different names, so that the Service reaches one of them');
    }
  }
}
