import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS, LABELS, explainDns1123Label, isDns1123Subdomain } from '../conventions';
import { AppChart } from './app-chart';
import { IPodWorkload, MAIN_CONTAINER_NAMES, MAIN_CONTAINER_NESTED, MainContainerOptions, POD_PLACEMENT, PodPlacement, addMainContainer, placePod, placementOf, podIdentityProps, recordWorkloadConventions } from './pod-options';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** How one run of a Job behaves; shared by StillonJob and StillonCronJob. */
export interface JobRunOptions {
  /** Retries before the run counts as failed. @default - omitted (Kubernetes: 6) */
  readonly backoffLimit?: number;
  /** Kill the run after this long. @default - omitted: no limit */
  readonly activeDeadline?: Duration;
  /**
   * Delete a finished Job after this long. Leave it unset for a Job in Git: Flux re-creates a
   * deleted Job on the next reconcile, and so runs it again.
   * @default - omitted: finished Jobs stay
   */
  readonly ttlAfterFinished?: Duration;
  /** Restart a failed container in place (`OnFailure`) or start a new pod (`Never`). @default Never */
  readonly restartPolicy?: 'Never' | 'OnFailure';
  /** `app.kubernetes.io/component` label. @default 'job' (StillonJob), 'cronjob' (StillonCronJob) */
  readonly component?: string;
  /** One line on what it does; rendered as an annotation. @default - the app's description */
  readonly description?: string;
  /** Name of the Job or CronJob. @default - the construct id */
  readonly name?: string;
}

export const JOB_RUN_NAMES = {
  backoffLimit: true, activeDeadline: true, ttlAfterFinished: true, restartPolicy: true, component: true, description: true, name: true,
} as const;

export interface StillonJobProps extends MainContainerOptions, PodPlacement, JobRunOptions {}

const STILLON_JOB_PROPS = propSchema<StillonJobProps>({ ...MAIN_CONTAINER_NAMES, ...POD_PLACEMENT.names, ...JOB_RUN_NAMES }, MAIN_CONTAINER_NESTED);

/** The name, labels and pod defaults every Job-like construct shares. */
export function jobBasics(scope: Construct, id: string, props: JobRunOptions & MainContainerOptions, component: string) {
  const app = AppChart.of(scope);
  const name = props.name ?? id;
  // A Job's pods are named `<job>-<random>`; a CronJob's Jobs `<cronjob>-<minutes>`: 52 characters leave room for that suffix.
  if (!isDns1123Subdomain(name) || name.length > 52) {
    throw new StillonError('InvalidName', scope.node.path, `${explainDns1123Label(name)}, or longer than 52 characters`, 'pass a shorter lower-case { name }');
  }
  if (props.backoffLimit !== undefined && (!Number.isInteger(props.backoffLimit) || props.backoffLimit < 0)) {
    throw new StillonError('InvalidJob', scope.node.path, `backoffLimit must be a whole number of at least 0, got ${props.backoffLimit}`, 'pass e.g. { backoffLimit: 2 }');
  }
  if (props.restartPolicy !== undefined && !['Never', 'OnFailure'].includes(props.restartPolicy)) {
    throw new StillonError('InvalidJob', scope.node.path, `restartPolicy must be Never or OnFailure, got '${props.restartPolicy}'`, "pass { restartPolicy: 'OnFailure' }");
  }
  const labels = { [LABELS.name]: name, [LABELS.instance]: app.instanceName, [LABELS.component]: props.component ?? component };
  const description = props.description ?? app.description;
  return {
    name,
    labels,
    workloadProps: {
      metadata: { name, labels, annotations: description ? { [ANNOTATIONS.description]: description } : undefined },
      select: false,
      restartPolicy: props.restartPolicy === 'OnFailure' ? kplus.RestartPolicy.ON_FAILURE : kplus.RestartPolicy.NEVER,
      ...podIdentityProps(scope, props),
      backoffLimit: props.backoffLimit,
      activeDeadline: props.activeDeadline,
      ttlAfterFinished: props.ttlAfterFinished,
    },
  };
}

/** Puts the labels on the pods and removes cdk8s-plus's construct-path label from them. */
export function labelPods(pod: kplus.Workload, labels: Record<string, string>, templatePointer: string): void {
  for (const [key, value] of Object.entries(labels)) pod.podMetadata.addLabel(key, value);
  ApiObject.of(pod).addJsonPatch(JsonPatch.remove(`${templatePointer}/metadata/labels/cdk8s.io~1metadata.addr`));
}

/**
 * A Job that runs once, e.g. a database migration. Jobs are immutable once created: a changed
 * image makes Flux's apply fail unless the app's Flux Kustomization has `force: true` (which
 * re-creates it) or the Job's name changes with the image.
 *
 * @example
 * new StillonJob(app, 'migrate', {
 *   image: 'ghcr.io/example/app:1.4.0', command: ['app', 'migrate'],
 *   env: { DATABASE_URL: creds.key('url') }, backoffLimit: 2,
 * });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class StillonJob extends Construct implements IPodWorkload {
  public readonly name: string;
  public readonly job: kplus.Job;
  public readonly container: kplus.Container;

  constructor(scope: Construct, id: string, props: StillonJobProps) {
    super(scope, id);
    checkProps(props, STILLON_JOB_PROPS, this.node.path);
    const { name, labels, workloadProps } = jobBasics(this, id, props, 'job');
    this.name = name;
    this.job = new kplus.Job(this, 'Job', workloadProps);
    labelPods(this.job, labels, '/spec/template');
    this.container = addMainContainer(this, this.job, name, props);
    placePod(this, placementOf(props), this.node.path);
    recordWorkloadConventions(this, `Job/${name}`, props, this.container);
  }

  /** The Job, for the helpers that take any workload (placePod, AppConfigMap.mount...). */
  public get pod(): kplus.Workload {
    return this.job;
  }
}
