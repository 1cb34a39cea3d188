import { StandardApp, defineApp } from '../src';

/** An internal service: reachable inside the cluster at whoami.whoami.svc, never published. */
export default defineApp('whoami', { description: 'Echoes request headers, for debugging inside the cluster' }, (app) => {
  new StandardApp(app, 'whoami', {
    image: 'traefik/whoami:v1.10.3',
    port: 8080,
    args: ['--port', '8080'],
    expose: false,
  });
});
