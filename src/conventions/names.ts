import { Conventions } from './conventions';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label: what Kubernetes requires of namespace, Service and app names. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** A DNS-1123 subdomain: what Kubernetes requires of most object names. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** A Secret or ConfigMap data key, as the API server accepts it (`IsConfigMapKey`). */
export function isSecretKey(value: string): boolean {
  return value.length <= 253 && value !== '.' && value !== '..' && SECRET_KEY.test(value);
}

/** Why a name is not a DNS-1123 label, for error messages. */
export function explainDns1123Label(value: string): string {
  return `'${value}' is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`;
}

/**
 * The public host of an app: `<subdomain>.<domain>`, the subdomain defaulting to the app name.
 * The one place a host is computed: StillonIngress and the duplicate-host rule both call it.
 */
export function hostFor(conventions: Conventions, appName: string, subdomain: string = appName): string {
  return `${subdomain}.${conventions.domain}`;
}

/** Whether a host lies under the cluster's domain (the domain itself counts). */
export function isUnderDomain(conventions: Conventions, host: string): boolean {
  return host === conventions.domain || host.endsWith(`.${conventions.domain}`);
}
