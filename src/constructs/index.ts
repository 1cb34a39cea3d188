export * from './app-chart';
export * from './container-defaults';
export * from './define-app';
export * from './flux-kustomization';
export * from './protected-pvc';
export * from './sealed-secret-ref';
export * from './standard-app';
export * from './stillon-ingress';
