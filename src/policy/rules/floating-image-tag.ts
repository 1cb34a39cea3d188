import { FLOATING_TAGS, imageTag } from '../../conventions/image-tag';
import { workloadContainers } from '../k8s-objects';
import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';

// Kept here for existing importers; the definitions live in conventions (constructs use them for the pull policy).
export { FLOATING_TAGS, imageTag } from '../../conventions/image-tag';

export const floatingImageTag: Rule = {
  code: 'FloatingImageTag',
  severity: Severity.WARNING,
  rationale: 'an image without a tag or on a floating tag changes under a fixed commit: Git stops being the source of truth',
  fix: 'pin a version tag (e.g. nginx:1.27.3) or a digest',
  check(objects) {
    const findings: Finding[] = [];
    for (const { object, container } of workloadContainers(objects)) {
      const tag = container.image ? imageTag(container.image) : undefined;
      if (tag === undefined || FLOATING_TAGS.includes(tag)) {
        findings.push({ object, message: `container '${container.name}' of ${describe(object)} uses ${tag ? `the floating tag '${tag}'` : 'no tag'} (${container.image})` });
      }
    }
    return findings;
  },
};
