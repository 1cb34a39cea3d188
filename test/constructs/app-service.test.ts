import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppChart, STILLON_PROFILE, ServiceKind, StandardApp, StandardAppProps, defineApp } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

function render(props: Partial<StandardAppProps>, more: (web: StandardApp) => void = () => {}) {
  const { objects, violations } = renderDefinition(defineApp('pihole', (app) => {
    more(new StandardApp(app, 'pihole', { image: 'pihole/pihole:2024.07.0', port: 80, ...props }));
  }), root);
  expect(violations).toEqual([]);
  for (const o of objects) expect([o.manifest.kind, schemaValidator().validate(o.manifest)]).toEqual([o.manifest.kind, []]);
  return objects;
}

function thrown(props: Partial<StandardAppProps>, more: (web: StandardApp) => void = () => {}): any {
  const chart = new AppChart(new App(), 'pihole', { conventions: STILLON_PROFILE, rootDir: root });
  try {
    more(new StandardApp(chart, 'pihole', { image: 'pihole/pihole:2024.07.0', port: 80, ...props }));
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('StandardApp services', () => {
  test('a DNS server: web UI on ClusterIP behind the Ingress, port 53 UDP and TCP on a LoadBalancer with a fixed address', () => {
    const objects = render({ serviceName: 'pihole-web' }, (web) => web.addService('dns', {
      name: 'pihole-dns',
      kind: ServiceKind.LOAD_BALANCER,
      preserveClientIp: true,
      loadBalancerIp: '192.168.1.53',
      ports: [{ name: 'dns-udp', port: 53, protocol: kplus.Protocol.UDP }, { name: 'dns-tcp', port: 53 }],
    }));
    const webService = manifestOf(objects, 'Service', 'pihole-web');
    expect(webService.spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 80 }] });
    expect(manifestOf(objects, 'Ingress', 'pihole').spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'pihole-web', port: { number: 80 } });
    const dns = manifestOf(objects, 'Service', 'pihole-dns');
    expect(dns.spec).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      loadBalancerIP: '192.168.1.53',
      selector: webService.spec.selector,
      ports: [{ name: 'dns-udp', port: 53, targetPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, targetPort: 53 }],
    });
    // The container declares the ports the new Service routes to.
    expect(manifestOf(objects, 'Deployment', 'pihole').spec.template.spec.containers[0].ports).toEqual([
      { containerPort: 80, name: 'http' }, { containerPort: 53, name: 'dns-udp', protocol: 'UDP' }, { containerPort: 53, name: 'dns-tcp' },
    ]);
  });

  test('NodePort with fixed node ports, several ports and a named target port', () => {
    const objects = render({
      serviceKind: ServiceKind.NODE_PORT,
      extraPorts: [{ name: 'metrics', port: 9617, targetPort: 9617 }, { name: 'dns', port: 53, protocol: kplus.Protocol.UDP, nodePort: 30053 }],
    }, (web) => web.addService('api', { name: 'pihole-api', ports: [{ name: 'api', port: 8080, targetPort: 'http' }] }));
    expect(manifestOf(objects, 'Service', 'pihole').spec).toMatchObject({
      type: 'NodePort',
      ports: [
        { name: 'http', port: 80, targetPort: 80 },
        { name: 'metrics', port: 9617, targetPort: 9617 },
        { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP', nodePort: 30053 },
      ],
    });
    expect(manifestOf(objects, 'Service', 'pihole-api').spec.ports).toEqual([{ name: 'api', port: 8080, targetPort: 'http' }]);
  });

  test('headless keeps the selector and sets clusterIP: None', () => {
    const objects = render({ headless: true, expose: false, selector: { app: 'pihole' } });
    expect(manifestOf(objects, 'Service', 'pihole').spec).toMatchObject({ clusterIP: 'None', type: 'ClusterIP', selector: { app: 'pihole' } });
  });

  test('fails on a named target port the container lacks, a nodePort on ClusterIP, a headless LoadBalancer and a duplicate port', () => {
    expect(thrown({}, (web) => web.addService('x', { name: 'x', ports: [{ name: 'x', port: 1, targetPort: 'metrics' }] })))
      .toMatchObject({ code: 'UnknownTargetPort', message: expect.stringContaining("targetPort 'metrics'") });
    expect(thrown({ extraPorts: [{ name: 'dns', port: 53, nodePort: 30053 }] })).toMatchObject({ code: 'InvalidPort', message: expect.stringContaining('nodePort on a ClusterIP') });
    expect(thrown({ headless: true, serviceKind: ServiceKind.LOAD_BALANCER })).toMatchObject({ code: 'InvalidService' });
    expect(thrown({ extraPorts: [{ name: 'http', port: 81 }] })).toMatchObject({ code: 'InvalidPort', message: expect.stringContaining('listed twice') });
    expect(thrown({}, (web) => web.addService('x', { name: 'x', ports: [{ name: 'a', port: 1, protocl: 'UDP' } as any] }))).toMatchObject({ code: 'UnknownProp', fix: "did you mean 'ports[].protocol'?" });
    expect(thrown({ serviceKnd: ServiceKind.NODE_PORT } as any)).toMatchObject({ code: 'UnknownProp', fix: "did you mean 'serviceKind'?" });
  });
});
