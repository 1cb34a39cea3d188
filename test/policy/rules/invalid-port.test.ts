import { invalidPort } from '../../../src/policy/rules';
import { deployment, policyObject, violationsOf } from '../../support/policy';

const service = (ports: any[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports } });

describe('InvalidPort', () => {
  test('passes ports in range and named target ports', () => {
    expect(violationsOf(invalidPort, [
      policyObject(deployment('web', [{ name: 'web', ports: [{ containerPort: 1 }, { containerPort: 65535 }] }])),
      policyObject(service([{ port: 80, targetPort: 'http' }])),
    ])).toEqual([]);
  });

  test.each([0, 65536, 80.5])('fails a containerPort %p', (port) => {
    expect(violationsOf(invalidPort, [policyObject(deployment('web', [{ name: 'app', ports: [{ containerPort: port }] }]))])).toEqual([expect.objectContaining({
      code: 'InvalidPort', severity: 'error', message: `container 'app' of Deployment/web has containerPort ${port}`,
    })]);
  });

  test('fails init containers and CronJob containers too', () => {
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'job' }, spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: 'init', ports: [{ containerPort: 70000 }] }], containers: [] } } } } } };
    expect(violationsOf(invalidPort, [policyObject(cronJob)])).toEqual([expect.objectContaining({ code: 'InvalidPort', message: "container 'init' of CronJob/job has containerPort 70000" })]);
  });

  test('fails a Service port or targetPort out of range', () => {
    expect(violationsOf(invalidPort, [policyObject(service([{ port: 0, targetPort: 99999 }]))]).map((v) => v.message)).toEqual([
      'Service/web has port 0',
      'Service/web has targetPort 99999',
    ]);
  });
});
