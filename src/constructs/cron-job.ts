import { ApiObject, Cron, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { JOB_RUN_NAMES, JobRunOptions, jobBasics, labelPods } from './job';
import { IPodWorkload, MAIN_CONTAINER_NAMES, MAIN_CONTAINER_NESTED, MainContainerOptions, POD_PLACEMENT, PodPlacement, addMainContainer, placePod, placementOf, recordWorkloadConventions } from './pod-options';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** What happens when a run is due while the previous one still runs. */
export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';

export interface StillonCronJobProps extends MainContainerOptions, PodPlacement, JobRunOptions {
  /** Five-field cron expression, e.g. `'30 3 * * *'` (03:30 every day), or a cdk8s `Cron`. */
  readonly schedule: string | Cron;
  /** Time zone of the schedule, e.g. `'Europe/Berlin'`. @default - omitted: the controller's (UTC on k3s) */
  readonly timeZone?: string;
  /**
   * `Forbid` skips a run while the last one is still going: two backups or syncs of the same data
   * at once is the usual way a scheduled job corrupts it.
   * @default 'Forbid'
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * A missed run (controller down, node rebooting) still starts if at most this late.
   * @default - omitted: a missed run starts whenever it can (cdk8s-plus would render 10s, which skips runs after a short outage)
   */
  readonly startingDeadline?: Duration;
  /** Finished Jobs kept for their logs. @default 3 (Kubernetes' default, written out) */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed Jobs kept for their logs. @default 1 (Kubernetes' default, written out) */
  readonly failedJobsHistoryLimit?: number;
  /** Stop scheduling runs. @default false */
  readonly suspend?: boolean;
}

const STILLON_CRON_JOB_PROPS = propSchema<StillonCronJobProps>({
  ...MAIN_CONTAINER_NAMES,
  ...POD_PLACEMENT.names,
  ...JOB_RUN_NAMES,
  schedule: true,
  timeZone: true,
  concurrencyPolicy: true,
  startingDeadline: true,
  successfulJobsHistoryLimit: true,
  failedJobsHistoryLimit: true,
  suspend: true,
}, MAIN_CONTAINER_NESTED);

const CRON_FIELD = /^[0-9A-Za-z*/,?#LW-]+$/;

/** Parses a five-field cron expression once, at the boundary. */
export function parseCron(schedule: string | Cron, where: string): Cron {
  if (schedule instanceof Cron) return schedule;
  const fields = typeof schedule === 'string' ? schedule.trim().split(/\s+/) : [];
  const macro = typeof schedule === 'string' && /^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(schedule.trim());
  if (!macro && (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f)))) {
    throw new StillonError('InvalidSchedule', where, `schedule '${schedule}' is not a five-field cron expression`, "pass e.g. { schedule: '30 3 * * *' } (minute hour day month weekday)");
  }
  if (macro) return Object.assign(new Cron(), { expressionString: schedule.trim() });
  const [minute, hour, day, month, weekDay] = fields;
  return Cron.schedule({ minute, hour, day, month, weekDay });
}

const POLICIES: Record<ConcurrencyPolicy, kplus.ConcurrencyPolicy> = {
  Allow: kplus.ConcurrencyPolicy.ALLOW,
  Forbid: kplus.ConcurrencyPolicy.FORBID,
  Replace: kplus.ConcurrencyPolicy.REPLACE,
};

/**
 * A CronJob for scheduled work (backups, syncs, cleanup), with the home-lab container defaults.
 * Unlike cdk8s-plus's CronJob it renders no `startingDeadlineSeconds` unless asked (cdk8s-plus
 * forces 10s), and writes the history limits out.
 *
 * @example
 * new StillonCronJob(app, 'backup', {
 *   image: 'restic/restic:0.17.3', schedule: '30 3 * * *', timeZone: 'Europe/Berlin',
 *   args: ['backup', '/data'], env: { RESTIC_PASSWORD: creds.key('password') },
 * });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class StillonCronJob extends Construct implements IPodWorkload {
  public readonly name: string;
  public readonly cronJob: kplus.CronJob;
  public readonly container: kplus.Container;

  constructor(scope: Construct, id: string, props: StillonCronJobProps) {
    super(scope, id);
    checkProps(props, STILLON_CRON_JOB_PROPS, this.node.path);
    const { name, labels, workloadProps } = jobBasics(this, id, props, 'cronjob');
    for (const [prop, value] of [['successfulJobsHistoryLimit', props.successfulJobsHistoryLimit], ['failedJobsHistoryLimit', props.failedJobsHistoryLimit]] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        throw new StillonError('InvalidJob', this.node.path, `${prop} must be a whole number of at least 0, got ${value}`, `pass e.g. { ${prop}: 3 }`);
      }
    }
    if (props.concurrencyPolicy !== undefined && !(props.concurrencyPolicy in POLICIES)) {
      throw new StillonError('InvalidJob', this.node.path, `concurrencyPolicy must be Allow, Forbid or Replace, got '${props.concurrencyPolicy}'`, "pass { concurrencyPolicy: 'Forbid' }");
    }
    this.name = name;
    const deadline = props.startingDeadline;
    if (deadline && deadline.toSeconds() < 10) {
      throw new StillonError('InvalidJob', this.node.path, `startingDeadline must be at least 10s (the controller checks every 10s), got ${deadline.toSeconds()}s`,
        'pass e.g. { startingDeadline: Duration.minutes(30) } or leave it unset');
    }
    if (props.ttlAfterFinished) {
      throw new StillonError('InvalidJob', this.node.path, 'ttlAfterFinished would delete finished Jobs behind the history limits', 'use successfulJobsHistoryLimit and failedJobsHistoryLimit instead');
    }
    this.cronJob = new kplus.CronJob(this, 'CronJob', {
      ...workloadProps,
      schedule: parseCron(props.schedule, this.node.path),
      timeZone: props.timeZone,
      concurrencyPolicy: POLICIES[props.concurrencyPolicy ?? 'Forbid'],
      startingDeadline: deadline,
      successfulJobsRetained: props.successfulJobsHistoryLimit ?? 3,
      failedJobsRetained: props.failedJobsHistoryLimit ?? 1,
      suspend: props.suspend ?? false,
    });
    // cdk8s-plus renders 10 seconds when no deadline is given: a run missed by a reboot would be skipped.
    if (!deadline) ApiObject.of(this.cronJob).addJsonPatch(JsonPatch.remove('/spec/startingDeadlineSeconds'));
    labelPods(this.cronJob, labels, '/spec/jobTemplate/spec/template');
    this.container = addMainContainer(this, this.cronJob, name, props);
    placePod(this, placementOf(props), this.node.path);
    recordWorkloadConventions(this, `CronJob/${name}`, props, this.container);
  }

  /** The CronJob, for the helpers that take any workload (placePod, AppConfigMap.mount...). */
  public get pod(): kplus.Workload {
    return this.cronJob;
  }
}
