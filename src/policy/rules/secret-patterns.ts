/** Heuristics for credentials typed into plain YAML, shared by the env and ConfigMap rules. */

/** Names that announce a credential: `DB_PASSWORD`, `SECRET_KEY_BASE`, `GITHUB_TOKEN`, `API_KEY`, `SESSION_COOKIE`. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|COOKIE/i;

/** Names that only point at or describe a credential: `PASSWORD_FILE`, `SECRET_NAME`, `TOKEN_TTL`. */
const DESCRIPTIVE_SUFFIX = /[_.-](FILE|PATH|DIR|NAME|REF|TTL|EXPIRY|EXPIRATION|LENGTH|HEADER|ENABLED)$/i;

/** Whether a key or env var name says its value is a credential. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !DESCRIPTIVE_SUFFIX.test(name);
}

/**
 * A value that only points at a credential kept elsewhere: a variable (`$POSTGRES_PASSWORD`,
 * `${VAR}`, `$(VAR)`, `%(ENV_X)s`), a template (`{{ .Values.x }}`), a placeholder (`<token>`) or a
 * YAML tag that a program resolves at load time (`!ext env SONARR_API_KEY`, Home Assistant's
 * `!secret db_password`, `!env_var`).
 */
const REFERENCE = /^(\$\(|\$\{|\{\{|<|%\(|!)|^\$[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Whether a value could be a credential: not empty, not a number or boolean, not a path, not a
 * reference resolved elsewhere (REFERENCE).
 */
export function couldBeSecretValue(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  return v.length > 0
    && !/^(-?\d+(\.\d+)?|true|false|yes|no|on|off|null)$/i.test(v)
    && !v.startsWith('/')
    && !REFERENCE.test(v);
}

/** A URL with a password in it: `postgres://user:hunter2@db/app`. */
const CREDENTIAL_URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:([^\s/@]+)@/i;

/** Tokens recognisable by their shape, and private keys. */
const KNOWN_TOKENS: Array<[string, RegExp]> = [
  ['a private key', /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/],
  ['a GitHub token', /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{30,}/],
  ['a GitLab token', /\bglpat-[A-Za-z0-9_-]{20,}/],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['an AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['an API secret key', /\bsk-[A-Za-z0-9_-]{20,}/],
];

/** `password: x`, `"api_key": "x"`, `token=x` inside a file. */
const ASSIGNMENT = /(?:^|[\s"'{,;])["']?([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key))["']?\s*[:=]\s*["']?([^\s"',;}#]*)/gim;

/** A session cookie: a `Cookie:` header with a value, or `session=<long value>`. */
const COOKIE = /^\s*(?:set-)?cookie\s*:\s*\S+=\S+|\b[A-Za-z0-9_]*sess(?:ion)?(?:id)?=[A-Za-z0-9%._-]{16,}/im;

/** What, in a literal value or a file's content, looks like a credential; undefined when nothing does. */
export function credentialIn(text: string): string | undefined {
  const url = CREDENTIAL_URL.exec(text);
  if (url && couldBeSecretValue(url[1])) return 'a URL with a password';
  for (const [what, pattern] of KNOWN_TOKENS) if (pattern.test(text)) return what;
  if (COOKIE.test(text)) return 'a session cookie';
  for (const match of text.matchAll(ASSIGNMENT)) {
    if (isSecretName(match[1]) && couldBeSecretValue(match[2])) return `a value for '${match[1]}'`;
  }
  return undefined;
}
