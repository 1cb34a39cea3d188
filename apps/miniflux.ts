import { ProtectedPvc, SealedSecretRef, StandardApp, defineApp } from '../src';

/**
 * A web app with a postgres companion in the same app: the database gets its own Deployment,
 * ProtectedPvc, ClusterIP Service and sealed credentials, and no Ingress.
 */
export default defineApp('miniflux', { description: 'Minimalist feed reader' }, (app) => {
  const db = new SealedSecretRef(app, 'miniflux-db');

  const postgres = new StandardApp(app, 'miniflux-postgres', {
    image: 'postgres:16.4-alpine',
    port: 5432,
    servicePort: 5432,
    component: 'database',
    expose: false,
    // The image runs as uid 999 and writes its socket to /var/run/postgresql.
    security: { user: 999, group: 999, writableRootFilesystem: true },
    fsGroup: 999,
    env: {
      POSTGRES_USER: 'miniflux',
      POSTGRES_DB: 'miniflux',
      POSTGRES_PASSWORD: db.key('POSTGRES_PASSWORD'),
      PGDATA: '/var/lib/postgresql/data/pgdata',
    },
  });
  postgres.mount('/var/lib/postgresql/data', new ProtectedPvc(app, 'postgres-data', { size: '2Gi', component: 'database' }));

  new StandardApp(app, 'miniflux', {
    image: 'miniflux/miniflux:2.2.1',
    port: 8080,
    healthCheckPath: '/healthcheck',
    env: {
      RUN_MIGRATIONS: '1',
      BASE_URL: 'https://miniflux.stillon.top',
      DATABASE_URL: db.key('DATABASE_URL'),
    },
  });
});
