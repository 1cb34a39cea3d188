import { StillonError } from '../errors';

/**
 * An error of `stillon seal`: bad input, an unusable certificate, a file we cannot read or write.
 * A StillonError (`[where] Code: detail; fix: ...`) whose `where` is a flag or file. It never
 * contains a secret value: callers pass key names, file names and flags only.
 */
export class SealError extends StillonError {
  constructor(code: string, where: string, detail: string, fix: string) {
    super(code, where, detail, fix);
    this.name = 'SealError';
  }
}
