import { App, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ApiAccess, AppChart, STILLON_PROFILE, SealedSecretRef, StillonError, StillonJob, StillonJobProps, addInitContainer, defineApp } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition, sealInto } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(async () => {
  root = emptyRoot();
  await sealInto(root, 'demo', 'db', { url: 'postgres://u:p@db/app' });
});
afterAll(() => removeRoot(root));

const MIGRATE: StillonJobProps = { image: 'ghcr.io/example/app:1.4.0', command: ['app', 'migrate'] };

function render(props: Partial<StillonJobProps> = {}, more: (app: AppChart, job: StillonJob) => void = () => {}) {
  const result = renderDefinition(defineApp('demo', (app) => more(app, new StillonJob(app, 'migrate', { ...MIGRATE, ...props }))), root);
  expect(result.violations).toEqual([]);
  return result.objects;
}

function thrown(props: Partial<StillonJobProps>): StillonError {
  try {
    new StillonJob(new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root }), 'migrate', { ...MIGRATE, ...props });
  } catch (error) {
    return error as StillonError;
  }
  throw new Error('expected an error');
}

describe('StillonJob', () => {
  test('renders a Job with its name, labels, Never restarts, and nothing Kubernetes would not default', () => {
    const job = manifestOf(render(), 'Job', 'migrate');
    expect(job.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'migrate', 'app.kubernetes.io/component': 'job' });
    expect(job.spec.backoffLimit).toBeUndefined();
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(job.spec.activeDeadlineSeconds).toBeUndefined();
    expect(job.spec.selector).toBeUndefined();
    const pod = job.spec.template;
    expect(pod.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'migrate', 'app.kubernetes.io/instance': 'demo', 'app.kubernetes.io/component': 'job' });
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.spec.containers).toEqual([expect.objectContaining({ name: 'migrate', command: ['app', 'migrate'], imagePullPolicy: 'IfNotPresent' })]);
    expect(JSON.stringify(job)).not.toContain('cdk8s.io');
  });

  test('takes run options, a container name, sealed env and an init container', () => {
    const objects = render({ backoffLimit: 2, activeDeadline: Duration.minutes(10), ttlAfterFinished: Duration.hours(1), restartPolicy: 'OnFailure', containerName: 'migrations' }, (app, job) => {
      job.container.env.addVariable('DATABASE_URL', new SealedSecretRef(app, 'db').key('url').envValue);
      addInitContainer(job, { name: 'wait-for-db', image: 'busybox:1.36.1', command: ['sh', '-c', 'until nc -z db 5432; do sleep 1; done'] });
    });
    const job = manifestOf(objects, 'Job', 'migrate');
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 3600 });
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(job.spec.template.spec.containers[0].name).toBe('migrations');
    expect(job.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db']);
  });

  test('mounts a ServiceAccount token only with ApiAccess or when asked', () => {
    expect(manifestOf(render(), 'Job', 'migrate').spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(manifestOf(render({ automountServiceAccountToken: true }), 'Job', 'migrate').spec.template.spec.automountServiceAccountToken).toBe(true);
    const result = renderDefinition(defineApp('demo', (app) => {
      new StillonJob(app, 'migrate', { ...MIGRATE, apiAccess: new ApiAccess(app, 'api', { name: 'migrator' }) });
    }), root);
    expect(manifestOf(result.objects, 'Job', 'migrate').spec.template.spec).toMatchObject({ serviceAccountName: 'migrator', automountServiceAccountToken: true });
  });

  test('every object validates against the Kubernetes 1.28 schemas', () => {
    const objects = render({ nodeSelector: { a: 'b' }, tolerations: [{ key: 'k', value: 'v' }], backoffLimit: 0 }, (_app, job) => {
      job.container.mount('/work', kplus.Volume.fromEmptyDir(job, 'work', 'work'));
    });
    for (const { path, manifest } of objects) expect({ path, errors: schemaValidator().validate(manifest) }).toEqual({ path, errors: [] });
  });

  test('fails on a misspelled prop with UnknownProp', () => {
    expect(thrown({ backofLimit: 2 } as any)).toMatchObject({ code: 'UnknownProp', message: "[demo/migrate] UnknownProp: unknown prop 'backofLimit'; fix: did you mean 'backoffLimit'?" });
  });

  test.each([
    [{ backoffLimit: -1 }, 'backoffLimit must be a whole number of at least 0, got -1'],
    [{ restartPolicy: 'Always' as any }, "restartPolicy must be Never or OnFailure, got 'Always'"],
    [{ name: 'x'.repeat(53) }, 'longer than 52 characters'],
  ])('fails on %p', (props, message) => {
    expect(thrown(props)).toMatchObject({ message: expect.stringContaining(message) });
  });
});
