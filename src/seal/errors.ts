/**
 * An error of `stillon seal`: bad input, an unusable certificate, a file we cannot read or write.
 *
 * The message reads `[where] Code: detail; fix: ...` like every other error of this project.
 * It never contains a secret value: callers pass key names, file names and flags only.
 */
export class SealError extends Error {
  constructor(
    /** Stable identifier, e.g. `SealCertificateExpired`: safe to match in scripts and tests. */
    public readonly code: string,
    /** The flag, file or object the error is about, e.g. `--cert` or `sealed-secrets/ns/app.yaml`. */
    public readonly where: string,
    /** What is wrong and what was found. */
    public readonly detail: string,
    /** What to do about it. */
    public readonly fix: string,
  ) {
    super(`[${where}] ${code}: ${detail}; fix: ${fix}`);
    this.name = 'SealError';
  }
}
