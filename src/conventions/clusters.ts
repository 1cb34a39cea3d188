import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClusterInfo, StillonConfig, resolveConventions, sealingCertificateFile } from './conventions';
import { CONFIG_FILE } from './load-config';
import { explainDns1123Label, isDns1123Label } from './names';
import { StillonError } from '../errors';

/**
 * The raw `stillon.config.ts` of a repository (its default export), `{}` when there is none.
 * `loadConventions` resolves the same object; this one keeps what conventions do not carry,
 * such as `clusters`.
 * @throws StillonError `ConfigLoadFailed` when the file does not load or has no default export
 */
export function loadConfig(rootDir: string): StillonConfig {
  const file = path.join(rootDir, CONFIG_FILE);
  if (!fs.existsSync(file)) return {};
  let config: StillonConfig;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the file is only known at run time
    config = require(file).default;
  } catch (error) {
    throw new StillonError('ConfigLoadFailed', CONFIG_FILE, (error as Error).message, `fix ${CONFIG_FILE}`);
  }
  if (typeof config !== 'object' || config === null) {
    throw new StillonError('ConfigLoadFailed', CONFIG_FILE, 'it has no default export', 'end it with `export default defineConfig({ ... })`');
  }
  return config;
}

/**
 * The clusters of a config as `ClusterInfo`, sorted by name, every default applied: root
 * `clusters/<name>`, certificate `<sealedSecrets>/<name>/cert.pem`, no platform apps. Empty
 * for a repository without `clusters` (the one-cluster layout).
 * @throws StillonError `InvalidClusterName` on a name that is not a DNS-1123 label (it names folders and paths)
 */
export function resolveClusters(config: StillonConfig): ClusterInfo[] {
  const paths = resolveConventions(config).paths;
  return Object.keys(config.clusters ?? {}).sort().map((name) => {
    if (!isDns1123Label(name)) {
      throw new StillonError('InvalidClusterName', `${CONFIG_FILE} clusters`, `cluster name ${explainDns1123Label(name)}`,
        'name each cluster with lowercase letters, digits and \'-\', e.g. \'home\'');
    }
    const settings = config.clusters![name] ?? {};
    return {
      name,
      root: settings.root ?? `clusters/${name}`,
      sealingCertificate: settings.sealing ?? sealingCertificateFile(paths, name),
      platform: [...(settings.platform ?? [])],
    };
  });
}

/** `resolveClusters(loadConfig(rootDir))`: the clusters a repository feeds, none without `clusters`. */
export function loadClusters(rootDir: string): ClusterInfo[] {
  return resolveClusters(loadConfig(rootDir));
}
