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


/** Throws `SealInvalidKey` unless `key` is a valid Secret data key. `where` names the flag or file it came from. */
export function validateSecretKey(key: string, where: string): void {
  if (!isSecretKey(key)) {
    const problem = key === '.' || key === '..' ? 'may not be \'.\' or \'..\''
      : key.length > 253 ? 'is longer than 253 characters'
        : 'may contain only letters, digits, \'-\', \'_\' and \'.\'';
    throw new SealError('SealInvalidKey', where, `key '${key}' ${problem}`,
      'use a key like `password`, `tls.crt` or `DATABASE_URL`');
  }
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
