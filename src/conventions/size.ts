import { Size } from 'cdk8s';
import { StillonError } from '../errors';

const UNITS: Record<string, (n: number) => Size> = {
  Ki: Size.kibibytes,
  Mi: Size.mebibytes,
  Gi: Size.gibibytes,
  Ti: Size.tebibytes,
  Pi: Size.pebibyte,
};

/**
 * Parses a storage size like `'1Gi'` or `'512Mi'` once, at the boundary.
 * Only whole binary units: a claim is sized in Ki, Mi, Gi, Ti or Pi.
 */
export function parseSize(value: string | Size, where: string): Size {
  if (value instanceof Size) return value;
  const match = /^([1-9][0-9]*)(Ki|Mi|Gi|Ti|Pi)$/.exec(value);
  if (!match) {
    throw new StillonError('InvalidSize', where, `size must be a positive whole number with a binary unit (Ki, Mi, Gi, Ti, Pi), got '${value}'`,
      "pass e.g. { size: '1Gi' } or { size: '512Mi' }");
  }
  return UNITS[match[2]](Number(match[1]));
}
