import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppChart, AppConfigMap, AppConfigMapProps, STILLON_PROFILE, StandardApp, StillonCronJob, StillonError, addInitContainer, defineApp } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

let root: string;
let outside: string;
beforeAll(() => {
  root = emptyRoot();
  outside = emptyRoot();
  mkdirSync(join(root, 'apps', 'files', 'demo'), { recursive: true });
  writeFileSync(join(root, 'apps', 'files', 'demo', 'config.yaml'), 'server:\n  port: 8080\n');
  writeFileSync(join(root, 'apps', 'files', 'demo', 'binary.bin'), Buffer.from([0xff, 0xfe, 0x00]));
  writeFileSync(join(outside, 'outside.yaml'), 'x: 1\n');
  symlinkSync(join(outside, 'outside.yaml'), join(root, 'apps', 'files', 'demo', 'link.yaml'));
});
afterAll(() => {
  removeRoot(root);
  removeRoot(outside);
});

const CONFIG: AppConfigMapProps = { data: { LOG_LEVEL: 'info', TZ: 'Europe/Berlin' }, files: { 'config.yaml': 'apps/files/demo/config.yaml' } };

function render(props: AppConfigMapProps = CONFIG, use: (config: AppConfigMap, web: StandardApp, app: AppChart) => void = () => {}) {
  const result = renderDefinition(defineApp('demo', (app) => {
    const web = new StandardApp(app, 'web', { image: 'nginx:1.27.3', port: 8080 });
    use(new AppConfigMap(app, 'demo-config', props), web, app);
  }), root);
  expect(result.violations).toEqual([]);
  return result.objects;
}
const podOf = (objects: ReturnType<typeof render>) => manifestOf(objects, 'Deployment', 'web').spec.template;

function thrown(props: AppConfigMapProps, use: (config: AppConfigMap, web: StandardApp) => void = () => {}): StillonError {
  const chart = new AppChart(new App(), 'demo', { conventions: STILLON_PROFILE, rootDir: root });
  try {
    use(new AppConfigMap(chart, 'demo-config', props), new StandardApp(chart, 'web', { image: 'nginx:1.27.3', port: 8080 }));
  } catch (error) {
    return error as StillonError;
  }
  throw new Error('expected an error');
}

describe('AppConfigMap', () => {
  test('renders literal data and repository files byte for byte, keys sorted, under its name', () => {
    const cm = manifestOf(render(), 'ConfigMap', 'demo-config');
    expect(cm.data).toEqual({ 'LOG_LEVEL': 'info', 'TZ': 'Europe/Berlin', 'config.yaml': 'server:\n  port: 8080\n' });
    expect(Object.keys(cm.data)).toEqual(['LOG_LEVEL', 'TZ', 'config.yaml']);
    expect(cm.metadata.labels['app.kubernetes.io/component']).toBe('config');
    expect(schemaValidator().validate(cm)).toEqual([]);
  });

  test('mounts as a folder, projects items, mounts one key by subPath and feeds envFrom and env, with one hash annotation', () => {
    const objects = render(CONFIG, (config, web) => {
      config.mount(web, '/etc/app', { items: { 'config.yaml': 'conf/app.yaml' }, volumeName: 'app-config' });
      config.mountFile(web, '/etc/nginx/config.yaml', 'config.yaml');
      config.envFrom(web, { prefix: 'APP_' });
      config.env(web, 'LEVEL', 'LOG_LEVEL');
    });
    const pod = podOf(objects);
    const c = pod.spec.containers[0];
    expect(c.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'app-config', mountPath: '/etc/app', readOnly: true },
      { name: 'config-demo-config', mountPath: '/etc/nginx/config.yaml', readOnly: true, subPath: 'config.yaml' },
    ]));
    expect(pod.spec.volumes).toEqual(expect.arrayContaining([
      { name: 'app-config', configMap: { name: 'demo-config', items: [{ key: 'config.yaml', path: 'conf/app.yaml' }] } },
      { name: 'config-demo-config', configMap: { name: 'demo-config' } },
    ]));
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'demo-config' }, prefix: 'APP_' }]);
    expect(c.env).toContainEqual({ name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'demo-config', key: 'LOG_LEVEL' } } });
    expect(pod.metadata.annotations['stillon.top/config-hash']).toMatch(/^[0-9a-f]{16}$/);
    for (const { manifest } of objects) expect(schemaValidator().validate(manifest)).toEqual([]);
  });

  test('the hash is deterministic, changes with the content only, and leaves pods that do not read it alone', () => {
    const hash = (props: AppConfigMapProps) => podOf(render(props, (config, web) => config.mount(web, '/etc/app'))).metadata.annotations['stillon.top/config-hash'];
    expect(hash(CONFIG)).toBe(hash(CONFIG));
    expect(hash({ ...CONFIG, data: { ...CONFIG.data, LOG_LEVEL: 'debug' } })).not.toBe(hash(CONFIG));
    expect(hash({ files: CONFIG.files, data: { TZ: 'Europe/Berlin', LOG_LEVEL: 'info' } })).toBe(hash(CONFIG));
    expect(podOf(render()).metadata.annotations).toBeUndefined();
  });

  test('mounts into an init container and a CronJob too, sharing one volume with the main container', () => {
    const objects = render(CONFIG, (config, web, app) => {
      const init = addInitContainer(web, { name: 'render-config', image: 'busybox:1.36.1' });
      config.mount(web, '/config').mount(web, '/in', { container: init });
      config.envFrom(new StillonCronJob(app, 'sync', { image: 'busybox:1.36.1', schedule: '0 * * * *' }));
    });
    const pod = podOf(objects);
    expect(pod.spec.initContainers[0].volumeMounts).toEqual([{ name: 'config-demo-config', mountPath: '/in', readOnly: true }]);
    expect(pod.spec.volumes.filter((v: any) => v.configMap)).toHaveLength(1);
    expect(manifestOf(objects, 'CronJob', 'sync').spec.jobTemplate.spec.template.metadata.annotations['stillon.top/config-hash']).toMatch(/^[0-9a-f]{16}$/);
  });

  test.each([
    [{ files: { 'x.yaml': 'apps/files/demo/missing.yaml' } }, 'ConfigFileMissing', "cannot read 'apps/files/demo/missing.yaml' (ENOENT)"],
    [{ files: { 'x.yaml': '../outside.yaml' } }, 'ConfigFileOutsideRepository', "'../outside.yaml' is not a path inside the repository"],
    [{ files: { 'x.yaml': '/etc/passwd' } }, 'ConfigFileOutsideRepository', 'is not a path inside the repository'],
    [{ files: { 'x.yaml': 'apps/files/demo/link.yaml' } }, 'ConfigFileOutsideRepository', 'resolves outside the repository'],
    [{ files: { 'x.bin': 'apps/files/demo/binary.bin' } }, 'ConfigFileNotText', 'is not UTF-8 text'],
    [{ data: { 'a b': 'x' } }, 'InvalidConfigKey', "key 'a b' is not a valid ConfigMap key"],
    [{ data: { PORT: 8080 as any } }, 'InvalidConfigValue', "data 'PORT' must be a string, got number"],
    [{ data: { 'config.yaml': 'x' }, files: { 'config.yaml': 'apps/files/demo/config.yaml' } }, 'DuplicateConfigKey', "key 'config.yaml' is in both data and files"],
    [{ data: { big: 'x'.repeat(1024 * 1024 + 1) } }, 'ConfigMapTooLarge', "over the API server's 1 MiB"],
    [{ name: 'Demo_Config' }, 'InvalidName', 'ConfigMap name'],
  ])('fails on %p', (props, code, message) => {
    const error = thrown(props as AppConfigMapProps);
    expect(error).toMatchObject({ code, message: expect.stringContaining(message) });
    expect(error.message).toContain('[demo/demo-config]');
  });

  test('fails on a key the ConfigMap lacks, a conflicting volume, and a misspelled prop', () => {
    expect(thrown(CONFIG, (c, web) => c.mountFile(web, '/x', 'app.ini'))).toMatchObject({ code: 'ConfigKeyMissing', message: expect.stringContaining("has no key 'app.ini' (it has: LOG_LEVEL, TZ, config.yaml)") });
    expect(thrown(CONFIG, (c, web) => c.mount(web, '/a').mount(web, '/b', { items: { TZ: 'tz' } }))).toMatchObject({ code: 'ConfigVolumeConflict' });
    expect(thrown({ file: {} } as any)).toMatchObject({ code: 'UnknownProp', message: expect.stringContaining("did you mean 'files'?") });
    expect(thrown(CONFIG, (c, web) => c.mount(web, '/a', { item: {} } as any))).toMatchObject({ code: 'UnknownProp', message: expect.stringContaining("did you mean 'items'?") });
  });

  test('a plain cdk8s-plus volume from the ConfigMap still works', () => {
    const objects = render(CONFIG, (config, web, app) => web.mount('/raw', kplus.Volume.fromConfigMap(app, 'raw', config.configMap, { name: 'raw' })));
    expect(podOf(objects).spec.volumes).toContainEqual({ name: 'raw', configMap: { name: 'demo-config' } });
  });
});
