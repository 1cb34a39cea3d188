import * as kplus from 'cdk8s-plus-28';
import {
  AppChart, ProtectedPvc, SealedSecretRef, StandardApp, StillonError, StillonIngress, Violation, defineApp, homeLabContainerProps,
} from '../../src';
import { closestName, editDistance, propSchema } from '../../src/private/known-props';
import { emptyRoot, removeRoot, renderDefinition, sealInto, synthApps } from '../support/app-fixture';

let root: string;
beforeAll(async () => {
  root = emptyRoot();
  await sealInto(root, 'demo', 'creds', { PASSWORD: 'pw' });
});
afterAll(() => removeRoot(root));

/** The violations of app `demo` built with `build`: what synth reports. */
function violationsOf(build: (app: AppChart) => void): Violation[] {
  return renderDefinition(defineApp('demo', build), root).violations;
}

/** The one-line form of the only violation, as a StillonError's message reads. */
function onlyError(build: (app: AppChart) => void): string {
  const violations = violationsOf(build);
  expect(violations).toHaveLength(1);
  const [v] = violations;
  return `[${v.path}] ${v.code}: ${v.message}; fix: ${v.fix}`;
}

/** Props as a JavaScript app file passes them: the types were stripped, not checked. */
const untyped = (props: Record<string, unknown>): any => props;

describe('UnknownProp', () => {
  test('fails on a misspelled StandardApp prop, naming the construct path and the closest name', () => {
    expect(onlyError((app) => new StandardApp(app, 'web', untyped({ image: 'nginx:1.27.3', port: 80, healthcheckPath: '/api/healthz' }))))
      .toBe("[demo/web] UnknownProp: unknown prop 'healthcheckPath'; fix: did you mean 'healthCheckPath'?");
  });

  test('fails with every unknown prop of one object, each with its guess', () => {
    expect(onlyError((app) => new StandardApp(app, 'web', untyped({ image: 'nginx:1.27.3', replica: 2, exposee: false }))))
      .toBe("[demo/web] UnknownProp: unknown props 'replica', 'exposee'; fix: did you mean 'replicas', 'expose'?");
  });

  test('fails on a name close to nothing, listing the known props instead of guessing', () => {
    expect(onlyError((app) => new SealedSecretRef(app, 'creds', untyped({ namespace: 'other' }))))
      .toBe("[demo/creds] UnknownProp: unknown prop 'namespace'; fix: remove or rename it; the known props are name");
  });

  test.each([
    ['security', { security: { runAsroot: true } }, "'security.runAsroot'", "did you mean 'security.runAsRoot'?"],
    ['ingress', { ingress: { subDomain: 'www' } }, "'ingress.subDomain'", "did you mean 'ingress.subdomain'?"],
    ['ingress (a prop StandardApp sets itself)', { ingress: { servicePort: 81 } }, "'ingress.servicePort'",
      "remove or rename it; the known props of 'ingress' are name, subdomain, host, allowForeignHost, paths, additionalHosts, tlsSecretName, nginx, traefik, annotations"],
    ['resources', { resources: { memroy: {} } }, "'resources.memroy'", "did you mean 'resources.memory'?"],
    ['resources.cpu', { resources: { cpu: { requests: kplus.Cpu.millis(10) } } }, "'resources.cpu.requests'", "did you mean 'resources.cpu.request'?"],
  ])('fails on a misspelled prop of the nested %s object', (_what, nested, unknown, fix) => {
    expect(onlyError((app) => new StandardApp(app, 'web', untyped({ image: 'nginx:1.27.3', port: 80, ...nested }))))
      .toBe(`[demo/web] UnknownProp: unknown prop ${unknown}; fix: ${fix}`);
  });

  test.each([
    ['ProtectedPvc', (app: AppChart) => new ProtectedPvc(app, 'data', untyped({ size: '1Gi', storageClass: 'local-path' })), "[demo/data] UnknownProp: unknown prop 'storageClass'; fix: did you mean 'storageClassName'?"],
    ['StillonIngress', (app: AppChart) => new StillonIngress(app, 'ing', untyped({ serviceName: 'web', allowForeignHosts: true })), "[demo/ing] UnknownProp: unknown prop 'allowForeignHosts'; fix: did you mean 'allowForeignHost'?"],
    ['SealedSecretRef', (app: AppChart) => new SealedSecretRef(app, 'creds', untyped({ nmae: 'creds' })), "[demo/creds] UnknownProp: unknown prop 'nmae'; fix: did you mean 'name'?"],
    ['addSidecar', (app: AppChart) => new StandardApp(app, 'web', { image: 'nginx:1.27.3' }).addSidecar(untyped({ name: 'x', image: 'busybox:1.36', imagePulPolicy: 'Always' })),
      "[demo/web] UnknownProp: unknown prop 'imagePulPolicy'; fix: did you mean 'imagePullPolicy'?"],
    ['addSidecar security', (app: AppChart) => new StandardApp(app, 'web', { image: 'nginx:1.27.3' }).addSidecar({ name: 'x', image: 'busybox:1.36' }, untyped({ usr: 1000 })),
      "[demo/web] UnknownProp: unknown prop 'security.usr'; fix: did you mean 'security.user'?"],
  ])('fails on a misspelled %s prop', (_what, build, line) => {
    expect(onlyError(build)).toBe(line);
  });

  test('fails on a misspelled defineApp option, and on one of its flux options, as a finding of the app', () => {
    const options = (o: Record<string, unknown>) => renderDefinition(defineApp('demo', untyped(o), () => {}), root).violations;
    expect(options({ namspace: 'x' })).toEqual([new StillonError('UnknownProp', 'demo', "unknown prop 'namspace'", "did you mean 'namespace'?").toViolation('demo')]);
    expect(options({ flux: { dependOn: ['db'] } })).toEqual([expect.objectContaining({
      app: 'demo', path: 'demo', message: "unknown prop 'flux.dependOn'", fix: "did you mean 'flux.dependsOn'?",
    })]);
    // The names the library adds are not offered to the user.
    expect(options({ root: '.' })[0].fix).toBe('remove or rename it; the known props are namespace, description, flux, createNamespace, clusters, environments');
  });

  test('fails on a misspelled homeLabContainerProps prop or security option, called on its own', () => {
    expect(() => homeLabContainerProps(untyped({ image: 'busybox:1.36', comand: ['sh'] }))).toThrow(
      "[homeLabContainerProps] UnknownProp: unknown prop 'comand'; fix: did you mean 'command'?");
    expect(() => homeLabContainerProps({ image: 'busybox:1.36', securityContext: untyped({ readOnlyRootFileSystem: false }) }, {}, 'demo/job')).toThrow(
      "[demo/job] UnknownProp: unknown prop 'securityContext.readOnlyRootFileSystem'; fix: did you mean 'securityContext.readOnlyRootFilesystem'?");
    expect(() => homeLabContainerProps({ image: 'busybox:1.36' }, untyped({ writeableRootFilesystem: true }))).toThrow(
      "[homeLabContainerProps] UnknownProp: unknown prop 'security.writeableRootFilesystem'; fix: did you mean 'security.writableRootFilesystem'?");
  });

  test('fails synth with UnknownProp and writes nothing', () => {
    const result = synthApps(root, [defineApp('demo', (app) => {
      new StandardApp(app, 'web', untyped({ image: 'nginx:1.27.3', port: 80, healthcheckPath: '/x' }));
    })]);
    expect(result.violations).toEqual([expect.objectContaining({ code: 'UnknownProp', app: 'demo', path: 'demo/web', fix: "did you mean 'healthCheckPath'?" })]);
    expect(result.plan).toBeUndefined();
    expect(result.wrote).toBe(false);
  });

  test('accepts every declared prop, an explicit undefined, and class instances as values', () => {
    expect(violationsOf((app) => {
      const pvc = new ProtectedPvc(app, 'data', { size: '1Gi', name: 'demo-data', storageClassName: 'local-path', component: 'db' });
      const creds = new SealedSecretRef(app, 'creds', { name: 'creds' });
      new StandardApp(app, 'web', {
        image: 'nginx:1.27.3',
        port: 8080,
        name: 'web',
        description: 'd',
        replicas: 1,
        env: { PASSWORD: creds.key('PASSWORD') },
        command: ['nginx'],
        args: [],
        resources: { cpu: { request: kplus.Cpu.millis(10) } },
        security: { runAsRoot: false, writableRootFilesystem: false, user: 1000, group: 1000 },
        fsGroup: 1000,
        expose: true,
        ingress: { subdomain: 'www', name: 'web' },
        servicePort: 80,
        component: 'web',
        selector: { app: 'web' },
        healthCheckPath: undefined,
      }).mount('/data', pvc);
    })).toEqual([]);
  });
});

describe('closest name', () => {
  test('ignores case and counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestName('HEALTHCHECKPATH', ['healthCheckPath', 'port'])).toBe('healthCheckPath');
    expect(closestName('img', ['image', 'name'])).toBe('image');
  });

  test('guesses nothing when every name is too far', () => {
    expect(closestName('namespace', ['name'])).toBeUndefined();
    expect(closestName('x', ['image', 'port'])).toBeUndefined();
  });
});

describe('prop lists cannot drift from their interface', () => {
  interface Props {
    readonly a?: number;
    readonly b: string;
  }

  test('the compiler rejects a missing and an extra name (checked by tsc -p test/tsconfig.json)', () => {
    expect(propSchema<Props>({ a: true, b: true }).names).toEqual({ a: true, b: true });
    // @ts-expect-error: 'b' is missing
    propSchema<Props>({ a: true });
    // @ts-expect-error: 'c' is not a prop of Props
    propSchema<Props>({ a: true, b: true, c: true });
  });
});
