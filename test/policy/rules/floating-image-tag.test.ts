import { floatingImageTag, imageTag } from '../../../src/policy/rules/floating-image-tag';
import { deployment, policyObject, violationsOf } from '../../support/policy';

describe('FloatingImageTag', () => {
  test.each([
    ['nginx:1.27.3', '1.27.3'],
    ['registry.local:5000/team/app:2.0', '2.0'],
    ['registry.local:5000/team/app', undefined],
    ['nginx@sha256:abc', '@digest'],
  ])('reads the tag of %s', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });

  test('passes pinned tags and digests', () => {
    expect(violationsOf(floatingImageTag, [policyObject(deployment('web', [{ name: 'a', image: 'nginx:1.27.3' }, { name: 'b', image: 'nginx@sha256:abc' }]))])).toEqual([]);
  });

  test.each(['nginx', 'nginx:latest', 'registry.local:5000/app:main'])('fails %s as a warning', (image) => {
    expect(violationsOf(floatingImageTag, [policyObject(deployment('web', [{ name: 'web', image }]))])).toEqual([expect.objectContaining({
      code: 'FloatingImageTag', severity: 'warning', message: expect.stringMatching(new RegExp(`^container 'web' of Deployment/web uses (no tag|the floating tag '\\w+') \\(${image.replace(/[.]/g, '\\.')}\\)$`)),
    })]);
  });
});
