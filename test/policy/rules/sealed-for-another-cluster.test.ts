import { STILLON_PROFILE } from '../../../src/conventions';
import { sealedForAnotherCluster } from '../../../src/policy/rules';
import { ClusterPolicyContext, PolicyCluster } from '../../../src/policy/rules/cluster-context';
import { runRules } from '../../../src/policy/runner';
import { policyObject } from '../../support/policy';

const A = `${'AA:'.repeat(31)}AA`;
const B = `${'B1:'.repeat(31)}B1`;
const CLUSTER: PolicyCluster = { name: 'a', root: 'clusters/a', certificate: { file: 'sealed-secrets/a/cert.pem', fingerprint: A }, others: [{ name: 'b', fingerprint: B }] };

function sealed(fingerprint?: string) {
  return policyObject({
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: 'db', namespace: 'app', ...fingerprint ? { annotations: { 'stillon.top/sealing-certificate': fingerprint } } : {} },
    spec: { encryptedData: { a: 'AgB=' } },
  });
}
function run(fingerprint: string | undefined, cluster: PolicyCluster | null = CLUSTER) {
  const context: ClusterPolicyContext = { conventions: STILLON_PROFILE, mode: 'check', cluster: cluster ?? undefined };
  return runRules([sealed(fingerprint)], context, [sealedForAnotherCluster]);
}

describe('SealedForAnotherCluster', () => {
  test('passes the cluster\'s own fingerprint, whatever its case or openssl prefix, and a file without one', () => {
    expect(run(A)).toEqual([]);
    expect(run(`sha256 Fingerprint=${A.toLowerCase()}`)).toEqual([]);
    expect(run(undefined)).toEqual([]);
  });

  test('is quiet when the cluster\'s certificate is unknown, or without clusters', () => {
    expect(run(B, { ...CLUSTER, certificate: undefined })).toEqual([]);
    expect(run(B, null)).toEqual([]);
  });

  test('fails a SealedSecret sealed for another cluster, naming it', () => {
    expect(run(B)).toEqual([expect.objectContaining({
      code: 'SealedForAnotherCluster',
      message: `SealedSecret/db was sealed with the certificate of cluster 'b' (${B}) but is applied in cluster 'a', whose certificate sealed-secrets/a/cert.pem is ${A}: its controller cannot open it`,
      fix: 'reseal the values with cluster a\'s certificate (stillon seal --cluster a, or kubeseal --cert sealed-secrets/a/cert.pem), or apply the file only in cluster b',
    })]);
  });

  test('fails a fingerprint of no known cluster', () => {
    expect(run('CC:DD')).toEqual([expect.objectContaining({ message: expect.stringMatching(/^SealedSecret\/db was sealed with a certificate that is not this cluster's \(CC:DD\)/) })]);
  });
});
