import { App, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppChart, HealthProbe, STILLON_PROFILE, StandardApp, StandardAppProps, defineApp } from '../../src';
import { codesOf, emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

function container(props: Partial<StandardAppProps>) {
  const { objects, violations } = renderDefinition(defineApp('demo', (app) => {
    new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080, ...props });
  }), root);
  expect(violations).toEqual([]);
  const d = manifestOf(objects, 'Deployment', 'web');
  expect(schemaValidator().validate(d)).toEqual([]);
  return d.spec.template.spec.containers[0];
}

describe('HealthProbe', () => {
  test('renders HTTP readiness, TCP liveness and exec startup probes with their timings', () => {
    const c = container({
      readiness: HealthProbe.http('/api/healthz', { period: Duration.seconds(5), timeout: Duration.seconds(2) }),
      liveness: HealthProbe.tcp({ initialDelay: Duration.seconds(30), failureThreshold: 5 }),
      startup: HealthProbe.exec(['pg_isready', '-U', 'postgres'], { period: Duration.seconds(10), failureThreshold: 30 }),
    });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/api/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, initialDelaySeconds: 30, failureThreshold: 5 });
    expect(c.startupProbe).toEqual({ exec: { command: ['pg_isready', '-U', 'postgres'] }, periodSeconds: 10, failureThreshold: 30 });
  });

  test('probes another port and HTTPS when told', () => {
    const c = container({ readiness: HealthProbe.http('/ping', { port: 9000, scheme: kplus.ConnectionScheme.HTTPS }) });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ping', port: 9000, scheme: 'HTTPS' });
    expect(c.livenessProbe).toBeUndefined();
  });

  test('healthCheckPath stays the short form; an explicit probe replaces only its own kind', () => {
    const c = container({ healthCheckPath: '/health', liveness: HealthProbe.tcp() });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/health', port: 8080, scheme: 'HTTP' });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, failureThreshold: 3 });
    expect(c.startupProbe).toBeUndefined();
  });

  test('fails with ProbeWithoutPort when neither the app nor the probe has a port (cdk8s-plus would probe 80)', () => {
    const chart = new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root });
    expect(() => new StandardApp(chart, 'worker', { image: 'busybox:1.36', readiness: HealthProbe.tcp() }))
      .toThrow(expect.objectContaining({ code: 'ProbeWithoutPort', message: expect.stringContaining('demo/worker') }));
    // An exec probe needs no port.
    expect(() => new StandardApp(chart, 'other', { image: 'busybox:1.36', liveness: HealthProbe.exec(['true']) })).not.toThrow();
  });

  test('fails with InvalidProbe on a relative path or an empty command, and with UnknownProp on a misspelled timing', () => {
    expect(() => HealthProbe.http('healthz')).toThrow(expect.objectContaining({ code: 'InvalidProbe' }));
    expect(() => HealthProbe.exec([])).toThrow(expect.objectContaining({ code: 'InvalidProbe' }));
    expect(() => HealthProbe.tcp({ perod: Duration.seconds(1) } as any)).toThrow(expect.objectContaining({ code: 'UnknownProp', fix: "did you mean 'period'?" }));
    expect(codesOf(renderDefinition(defineApp('demo', (app) => {
      new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 80, readyness: HealthProbe.tcp() } as any);
    }), root).violations)).toEqual(['UnknownProp']);
  });
});
