import { SealError } from './errors';
import { isSecretKey } from '../conventions/names';

/**
 * Secret types `stillon seal` writes. The controller creates the Secret with this type, and the
 * API server refuses it when the type's required keys are missing; we refuse earlier.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#secret-types
 */
export enum SecretType {
  OPAQUE = 'Opaque',
  DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson',
  TLS = 'kubernetes.io/tls',
  BASIC_AUTH = 'kubernetes.io/basic-auth',
}

/** Parses `--type`; undefined when the text names no supported type. */
export function parseSecretType(text: string): SecretType | undefined {
  return (Object.values(SecretType) as string[]).includes(text) ? text as SecretType : undefined;
}


/**
 * Throws `SealInvalidKey` unless `key` is a valid Secret data key. `where` names the flag and its
 * position, or the file and line, that it came from. The message never quotes the key: a key
 * that is not valid may be a whole `KEY: value` line or a value typed in the wrong place.
 */
export function validateSecretKey(key: string, where: string): void {
  if (isSecretKey(key)) return;
  const problem = key === '' ? 'is empty'
    : key === '.' || key === '..' ? `may not be '${key}'`
      : key.length > 253 ? 'is longer than 253 characters'
        : `has ${firstBadCharacter(key, /[-._a-zA-Z0-9]/)}; a key may contain only letters, digits, '-', '_' and '.'`;
  const hint = /[:\s]/.test(key) ? ' (a `KEY: value` or `KEY value` line? the form is KEY=value, no space before \'=\')' : '';
  throw new SealError('SealInvalidKey', where, `the key (not repeated here: it may hold a value) ${problem}${hint}`,
    'use a key like `password`, `tls.crt` or `DATABASE_URL`');
}

/**
 * Where and what the first character outside `allowed` is, e.g. `':' at character 10`, without
 * quoting the text around it. Only punctuation is named: one such character carries no secret.
 */
export function firstBadCharacter(text: string, allowed: RegExp): string {
  const chars = [...text];
  const at = chars.findIndex((c) => !allowed.test(c));
  if (at < 0) return 'no character that is not allowed';
  const ch = chars[at];
  const what = ch === ' ' ? 'a space'
    : ch === '\t' ? 'a tab'
      : /^[!-/:-@[-`{-~]$/.test(ch) ? `'${ch}'`
        : /^[A-Z]$/.test(ch) ? 'an upper-case letter'
          : 'a character that is not allowed';
  return `${what} at character ${at + 1}`;
}

/**
 * Checks that the keys the Secret will have (old and new) satisfy its type: the controller would
 * otherwise fail to create it, and only its events would say why.
 */
export function validateKeysForType(type: string, keys: readonly string[], where: string): void {
  const has = (k: string) => keys.includes(k);
  let missing: string | undefined;
  switch (type) {
    case SecretType.TLS:
      missing = ['tls.crt', 'tls.key'].filter((k) => !has(k)).join(' and ') || undefined;
      break;
    case SecretType.DOCKER_CONFIG_JSON:
      missing = has('.dockerconfigjson') ? undefined : '.dockerconfigjson';
      break;
    case SecretType.BASIC_AUTH:
      missing = has('username') || has('password') ? undefined : 'username or password';
      break;
    default:
      break;
  }
  if (missing) {
    throw new SealError('SealMissingTypeKey', where, `a Secret of type ${type} needs the key ${missing}`,
      `add it, e.g. --from-file ${missing.split(' ')[0]}=<file>, or use --type ${SecretType.OPAQUE}`);
  }
}

/**
 * Checks a new value against its key where the type fixes the format. The error names the key,
 * never the content.
 */
export function validateValueForType(type: string, key: string, value: Buffer, where: string): void {
  if (type === SecretType.DOCKER_CONFIG_JSON && key === '.dockerconfigjson') {
    try {
      JSON.parse(value.toString('utf8'));
    } catch {
      throw new SealError('SealInvalidDockerConfig', where, 'the value of .dockerconfigjson is not valid JSON',
        'pass a Docker config file, e.g. --from-file .dockerconfigjson=$HOME/.docker/config.json');
    }
  }
}
