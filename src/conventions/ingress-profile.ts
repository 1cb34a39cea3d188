/**
 * An ingress controller and the annotations every Ingress needs on it.
 * The cert-manager issuer annotation is added by StillonIngress for every profile.
 */
export class IngressProfile {
  /** ingress-nginx (the Stillon default): redirect plain HTTP to HTTPS. */
  public static readonly NGINX = new IngressProfile('nginx', {
    'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
  });

  /** Traefik (k3s's bundled controller): serve on the TLS entrypoint only. */
  public static readonly TRAEFIK = new IngressProfile('traefik', {
    'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
    'traefik.ingress.kubernetes.io/router.tls': 'true',
  });

  /** Any other controller: its class name and the annotations it needs. */
  public static custom(className: string, annotations: Record<string, string> = {}): IngressProfile {
    return new IngressProfile(className, annotations);
  }

  private constructor(
    /** Rendered as `spec.ingressClassName`. */
    public readonly className: string,
    /** Rendered on every Ingress of this profile. */
    public readonly annotations: Readonly<Record<string, string>>,
  ) {}
}
