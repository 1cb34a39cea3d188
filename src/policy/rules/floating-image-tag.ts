import { workloadContainers } from '../k8s-objects';
import { Finding, Rule, describe } from '../rule';
import { Severity } from '../violation';

/** Tags that move: the same Git commit would run different code from one day to the next. */
export const FLOATING_TAGS = ['latest', 'main', 'master', 'nightly', 'stable', 'edge', 'dev'];

/** The tag of an image reference; undefined when it has none (a digest counts as pinned). */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return '@digest';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}

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
