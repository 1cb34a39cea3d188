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

  test('addServicePort puts a sidecar\'s port on the main Service without declaring it on the main container', () => {
    const objects = render({ name: 'code-server', port: 8080 }, (web) => {
      web.addSidecar({ name: 'oauth2-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1', ports: [{ number: 4180, name: 'oauth2' }] });
      web.addServicePort({ name: 'oauth2', port: 4180, targetPort: 'oauth2' }).addServicePort({ name: 'oauth2-num', port: 4181, targetPort: 4180 });
    });
    expect(manifestOf(objects, 'Service', 'code-server').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'oauth2', port: 4180, targetPort: 'oauth2' },
      { name: 'oauth2-num', port: 4181, targetPort: 4180 },
    ]);
    const containers = manifestOf(objects, 'Deployment', 'code-server').spec.template.spec.containers;
    expect(containers.map((c: any) => [c.name, c.ports.map((p: any) => p.containerPort)])).toEqual([['code-server', [8080]], ['oauth2-proxy', [4180]]]);
  });

  test('fails: addServicePort before the sidecar, to an undeclared number, to a name two containers share, without a Service, or twice', () => {
    const proxy = (web: StandardApp, name = 'oauth2') => web.addSidecar({ name: 'oauth2-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1', ports: [{ number: 4180, name }] });
    expect(thrown({}, (web) => web.addServicePort({ name: 'oauth2', port: 4180, targetPort: 'oauth2' })))
      .toMatchObject({ code: 'UnknownTargetPort', message: expect.stringContaining("targetPort 'oauth2' of port 'oauth2' names no port of container 'pihole'") });
    expect(thrown({}, (web) => { proxy(web); web.addServicePort({ name: 'x', port: 9000 }); }))
      .toMatchObject({ code: 'UnknownTargetPort', message: expect.stringContaining('targetPort 9000/TCP of port \'x\' is declared by no container') });
    expect(thrown({}, (web) => { proxy(web, 'http'); web.addServicePort({ name: 'web', port: 81, targetPort: 'http' }); }))
      .toMatchObject({ code: 'AmbiguousTargetPort', message: expect.stringContaining("names a port of 'pihole' and 'oauth2-proxy'") });
    expect(thrown({ port: undefined }, (web) => web.addServicePort({ name: 'x', port: 1 }))).toMatchObject({ code: 'ServicePortWithoutService' });
    expect(thrown({}, (web) => { proxy(web); web.addServicePort({ name: 'oauth2', port: 4180, targetPort: 'oauth2' }).addServicePort({ name: 'oauth2', port: 4181, targetPort: 'oauth2' }); }))
      .toMatchObject({ code: 'InvalidPort', message: expect.stringContaining('listed twice') });
    expect(thrown({}, (web) => { proxy(web); web.addServicePort({ name: 'oauth2', port: 4180, targetport: 'oauth2' } as any); }))
      .toMatchObject({ code: 'UnknownProp', fix: "did you mean 'addServicePort.targetPort'?" });
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
