import { App } from 'cdk8s';
import { AppChart, OutOfBandSecret, STILLON_PROFILE, StandardApp, StillonError, StillonJob, defineApp } from '../../src';
import { missingReference } from '../../src/policy/rules';
import { emptyRoot, manifestOf, removeRoot, renderDefinition, synthApps } from '../support/app-fixture';
import { policyObject, violationsOf } from '../support/policy';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

const definition = defineApp('demo', (app) => {
  const web = new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080 });
  const token = new OutOfBandSecret(app, 'ghcr-token', { reason: 'synced by the registry operator', keys: ['token', 'user'] });
  const tls = new OutOfBandSecret(app, 'legacy-tls', { reason: 'copied from the old server' });
  token.env(web, 'GHCR_TOKEN', 'token');
  tls.mount(web, '/tls', ['tls.crt']);
  token.envFrom(new StillonJob(app, 'migrate', { image: 'busybox:1.36.1' }));
});

function thrown(build: (app: AppChart, web: StandardApp) => void): StillonError {
  const chart = new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root });
  try {
    build(chart, new StandardApp(chart, 'web', { image: 'nginx:1.27.3' }));
  } catch (error) {
    return error as StillonError;
  }
  throw new Error('expected an error');
}

describe('OutOfBandSecret', () => {
  test('renders no Secret, the references, and the declaration on the workloads, not their pod templates', () => {
    const { objects, violations } = renderDefinition(definition, root);
    expect(violations).toEqual([]);
    expect(objects.filter((o) => o.manifest.kind === 'Secret')).toEqual([]);
    const web = manifestOf(objects, 'Deployment', 'web');
    expect(web.metadata.annotations['stillon.top/provided-out-of-band']).toBe('Secret/ghcr-token,Secret/legacy-tls');
    expect(web.spec.template.metadata.annotations).toBeUndefined();
    const c = web.spec.template.spec.containers[0];
    expect(c.env).toContainEqual({ name: 'GHCR_TOKEN', valueFrom: { secretKeyRef: { name: 'ghcr-token', key: 'token' } } });
    expect(c.volumeMounts).toContainEqual({ name: 'secret-legacy-tls', mountPath: '/tls', readOnly: true });
    expect(web.spec.template.spec.volumes).toContainEqual({ name: 'secret-legacy-tls', secret: { secretName: 'legacy-tls', items: [{ key: 'tls.crt', path: 'tls.crt' }] } });
    const job = manifestOf(objects, 'Job', 'migrate');
    expect(job.metadata.annotations['stillon.top/provided-out-of-band']).toBe('Secret/ghcr-token');
    expect(job.spec.template.spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'ghcr-token' } }]);
    for (const { manifest } of objects) expect(schemaValidator().validate(manifest)).toEqual([]);
  });

  test('synth passes MissingReference with the declaration, and the rule still fails an undeclared Secret', () => {
    expect(synthApps(root, [definition], { check: true }).violations.filter((v) => v.code === 'MissingReference')).toEqual([]);
    const { objects } = renderDefinition(definition, root);
    const web = manifestOf(objects, 'Deployment', 'web');
    const undeclared = { ...web, metadata: { ...web.metadata, annotations: { 'stillon.top/provided-out-of-band': 'Secret/ghcr-token' } } };
    expect(violationsOf(missingReference, [policyObject(undeclared)])).toEqual([expect.objectContaining({
      code: 'MissingReference', message: expect.stringContaining('reads Secret/legacy-tls'),
    })]);
  });

  test.each([
    [(app: AppChart) => new OutOfBandSecret(app, 'x', { reason: ' ' }), 'MissingReason'],
    [(app: AppChart) => new OutOfBandSecret(app, 'x', {} as any), 'MissingReason'],
    [(app: AppChart) => new OutOfBandSecret(app, 'Bad_Name', { reason: 'r' }), 'InvalidName'],
    [(app: AppChart) => new OutOfBandSecret(app, 'x', { reason: 'r', key: ['a'] } as any), 'UnknownProp'],
    [(app: AppChart, web: StandardApp) => new OutOfBandSecret(app, 'x', { reason: 'r', keys: ['token'] }).env(web, 'T', 'tokn'), 'SecretKeyMissing'],
  ])('fails (%#) with the code', (build, code) => {
    expect(thrown(build)).toMatchObject({ code });
  });
});
