import { App, Cron, Duration } from 'cdk8s';
import { AppChart, STILLON_PROFILE, StillonCronJob, StillonCronJobProps, StillonError, defineApp } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

const BACKUP: StillonCronJobProps = { image: 'restic/restic:0.17.3', schedule: '30 3 * * *', args: ['backup', '/data'] };

function render(props: Partial<StillonCronJobProps> = {}) {
  const result = renderDefinition(defineApp('demo', (app) => { new StillonCronJob(app, 'backup', { ...BACKUP, ...props }); }), root);
  expect(result.violations).toEqual([]);
  return result.objects;
}

function thrown(props: Partial<StillonCronJobProps>): StillonError {
  try {
    new StillonCronJob(new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root }), 'backup', { ...BACKUP, ...props });
  } catch (error) {
    return error as StillonError;
  }
  throw new Error('expected an error');
}

describe('StillonCronJob', () => {
  test('renders the schedule, Forbid, the history limits written out and no startingDeadlineSeconds', () => {
    const cron = manifestOf(render(), 'CronJob', 'backup');
    expect(cron.spec).toMatchObject({ schedule: '30 3 * * *', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, suspend: false });
    expect(cron.spec.startingDeadlineSeconds).toBeUndefined();
    expect(cron.spec.timeZone).toBeUndefined();
    const pod = cron.spec.jobTemplate.spec.template;
    expect(pod.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'backup', 'app.kubernetes.io/instance': 'demo', 'app.kubernetes.io/component': 'cronjob' });
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.spec.containers).toEqual([expect.objectContaining({ name: 'backup', args: ['backup', '/data'] })]);
    expect(JSON.stringify(cron)).not.toContain('cdk8s.io');
  });

  test('takes time zone, concurrency, deadline, limits, suspend and a cdk8s Cron', () => {
    const cron = manifestOf(render({
      schedule: Cron.schedule({ minute: '0', hour: '*/6' }),
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      startingDeadline: Duration.minutes(30),
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 5,
      suspend: true,
      backoffLimit: 1,
      hostNetwork: true,
    }), 'CronJob', 'backup');
    expect(cron.spec).toMatchObject({
      schedule: '0 */6 * * *',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      startingDeadlineSeconds: 1800,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 5,
      suspend: true,
      jobTemplate: { spec: { backoffLimit: 1 } },
    });
    expect(cron.spec.jobTemplate.spec.template.spec).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
  });

  test('accepts the @daily macros', () => {
    expect(manifestOf(render({ schedule: '@daily' }), 'CronJob', 'backup').spec.schedule).toBe('@daily');
  });

  test('every object validates against the Kubernetes 1.28 schemas', () => {
    const objects = render({ timeZone: 'Europe/Berlin', nodeSelector: { a: 'b' }, tolerations: [{ key: 'k' }] });
    for (const { path, manifest } of objects) expect({ path, errors: schemaValidator().validate(manifest) }).toEqual({ path, errors: [] });
  });

  test('fails on a misspelled prop with UnknownProp', () => {
    expect(thrown({ concurrencyPolice: 'Allow' } as any)).toMatchObject({ code: 'UnknownProp', message: expect.stringContaining("did you mean 'concurrencyPolicy'?") });
  });

  test.each([
    [{ schedule: '30 3 * *' }, 'InvalidSchedule', "schedule '30 3 * *' is not a five-field cron expression"],
    [{ schedule: 'every day' }, 'InvalidSchedule', 'is not a five-field cron expression'],
    [{ startingDeadline: Duration.seconds(5) }, 'InvalidJob', 'startingDeadline must be at least 10s'],
    [{ concurrencyPolicy: 'Never' as any }, 'InvalidJob', "concurrencyPolicy must be Allow, Forbid or Replace, got 'Never'"],
    [{ successfulJobsHistoryLimit: -1 }, 'InvalidJob', 'successfulJobsHistoryLimit must be a whole number'],
    [{ ttlAfterFinished: Duration.hours(1) }, 'InvalidJob', 'ttlAfterFinished'],
  ])('fails on %p', (props, code, message) => {
    expect(thrown(props)).toMatchObject({ code, message: expect.stringContaining(message) });
  });
});
