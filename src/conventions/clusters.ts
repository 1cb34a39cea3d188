import { ClusterInfo, Conventions, clusterInfo, clusterNames } from './conventions';
import { CONFIG_FILE, loadConventions } from './load-config';
import { explainDns1123Label, isDns1123Label } from './names';
import { StillonError } from '../errors';

/**
 * Every cluster the conventions declare (`clusters` of stillon.config.ts) as `ClusterInfo`,
 * sorted by name, every default applied (`clusterInfo`). Empty for a repository without
 * `clusters` (the one-cluster layout).
 * @throws StillonError `InvalidClusterName` on a name that is not a DNS-1123 label: it names folders
 * (`sealed-secrets/<cluster>/`), so `../x` would point outside them
 */
export function clustersOf(conventions: Pick<Conventions, 'clusters' | 'paths'>): ClusterInfo[] {
  return clusterNames(conventions).map((name) => {
    if (!isDns1123Label(name)) {
      throw new StillonError('InvalidClusterName', `${CONFIG_FILE} clusters`, `cluster name ${explainDns1123Label(name)}`,
        'name each cluster with lowercase letters, digits and \'-\', e.g. \'home\'');
    }
    return clusterInfo(conventions, name);
  });
}

/** `clustersOf(loadConventions(rootDir))`: the clusters a repository feeds, none without `clusters`. */
export function loadClusters(rootDir: string): ClusterInfo[] {
  return clustersOf(loadConventions(rootDir));
}
