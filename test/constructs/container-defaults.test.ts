import * as kplus from 'cdk8s-plus-28';
import { HOME_LAB_RESOURCES, homeLabContainerProps } from '../../src';

describe('homeLabContainerProps', () => {
  test('fills in pull policy, small resources and a locked-down security context', () => {
    const props = homeLabContainerProps({ image: 'nginx:1.27.3' });
    expect(props.imagePullPolicy).toBe(kplus.ImagePullPolicy.IF_NOT_PRESENT);
    expect(props.resources).toBe(HOME_LAB_RESOURCES);
    expect(props.securityContext).toMatchObject({
      ensureNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    });
  });

  test('keeps what the caller set and relaxes only what security allows', () => {
    const props = homeLabContainerProps({ image: 'nginx:1.27.3', imagePullPolicy: kplus.ImagePullPolicy.ALWAYS, securityContext: { privileged: true } },
      { runAsRoot: true, writableRootFilesystem: true, user: 0 });
    expect(props.imagePullPolicy).toBe(kplus.ImagePullPolicy.ALWAYS);
    expect(props.securityContext).toMatchObject({
      ensureNonRoot: false, readOnlyRootFilesystem: false, user: 0, privileged: true, allowPrivilegeEscalation: false,
    });
  });
});
