import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClusters, loadConfig, resolveClusters } from '../../src/conventions/clusters';

describe('resolveClusters', () => {
  test('is empty without clusters: the one-cluster layout', () => {
    expect(resolveClusters({})).toEqual([]);
  });

  test('applies every default, sorted by name: root clusters/<name>, certificate <sealedSecrets>/<name>/cert.pem, no platform', () => {
    expect(resolveClusters({ clusters: { lab: {}, home: {} }, paths: { sealedSecrets: 'secrets' } })).toEqual([
      { name: 'home', root: 'clusters/home', sealingCertificate: 'secrets/home/cert.pem', platform: [] },
      { name: 'lab', root: 'clusters/lab', sealingCertificate: 'secrets/lab/cert.pem', platform: [] },
    ]);
  });

  test('keeps what a cluster sets', () => {
    expect(resolveClusters({ clusters: { home: { root: 'flux/home', sealing: 'certs/home.pem', platform: ['ingress-nginx'] } } })).toEqual([
      { name: 'home', root: 'flux/home', sealingCertificate: 'certs/home.pem', platform: ['ingress-nginx'] },
    ]);
  });

  test('fails with InvalidClusterName on a name that cannot be a folder of the layout', () => {
    expect(() => resolveClusters({ clusters: { '../up': {} } })).toThrow(/\[stillon\.config\.ts clusters\] InvalidClusterName: cluster name '\.\.\/up' is not a DNS-1123 label/);
  });
});

describe('loadClusters', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'stillon-clusters-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('reads the clusters of stillon.config.ts, and none without the file', () => {
    expect(loadConfig(root)).toEqual({});
    expect(loadClusters(root)).toEqual([]);
    writeFileSync(join(root, 'stillon.config.ts'), "export default { clusters: { a: { sealing: 'a.pem' } } };\n");
    expect(loadClusters(root)).toEqual([{ name: 'a', root: 'clusters/a', sealingCertificate: 'a.pem', platform: [] }]);
  });

  test('fails with ConfigLoadFailed on a config without a default export', () => {
    writeFileSync(join(root, 'stillon.config.ts'), 'export const clusters = {};\n');
    expect(() => loadConfig(root)).toThrow(/ConfigLoadFailed: it has no default export/);
  });
});
