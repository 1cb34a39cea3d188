// The bottom of the import graph: findings and the error every layer throws. It imports nothing
// of ours, so conventions, constructs, policy, synth and the CLI can all use it (STYLE: imports
// run one way).

/** How bad a finding is: errors fail synth and check; warnings fail check only with --strict. */
export enum Severity {
  ERROR = 'error',
  WARNING = 'warning',
}

/** The Kubernetes object a finding is about. */
export interface ObjectRef {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One broken rule, with enough context to fix it without reading our code. */
export interface Violation {
  /** Stable identifier, e.g. `PvcNotProtected`: safe to match in scripts and exceptions. */
  readonly code: string;
  readonly severity: Severity;
  /** The app the finding belongs to, when known. */
  readonly app?: string;
  /** Where: a construct path (`linkding/data`) or a file and line (`kustomize/a/pvc.yaml:3`). */
  readonly path?: string;
  readonly object?: ObjectRef;
  /** What is wrong, and what was found. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

/** `[linkding/data] PvcNotProtected: message; fix: ...`, the one-line form of AWS CDK's scoped errors. */
export function formatViolation(v: Violation): string {
  const where = v.path ?? v.app;
  return `${where ? `[${where}] ` : ''}${v.code}: ${v.message}; fix: ${v.fix}`;
}

/** Orders findings for output that reads the same on every run. */
export function compareViolations(a: Violation, b: Violation): number {
  return (a.app ?? '').localeCompare(b.app ?? '')
    || (a.path ?? '').localeCompare(b.path ?? '')
    || a.code.localeCompare(b.code)
    || a.message.localeCompare(b.message);
}

/**
 * An error thrown where bad input is found (a construct's props, a config file), carrying the
 * same fields as a Violation so that synth reports it with everything else.
 */
export class StillonError extends Error {
  constructor(
    public readonly code: string,
    public readonly where: string,
    public readonly detail: string,
    public readonly fix: string,
  ) {
    super(`[${where}] ${code}: ${detail}; fix: ${fix}`);
    this.name = 'StillonError';
  }

  toViolation(app?: string): Violation {
    return { code: this.code, severity: Severity.ERROR, app, path: this.where, message: this.detail, fix: this.fix };
  }
}
