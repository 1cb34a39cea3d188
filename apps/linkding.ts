import { ProtectedPvc, SealedSecretRef, StandardApp, defineApp } from '../src';

export default defineApp('linkding', { description: 'Bookmark manager' }, (app) => {
  const web = new StandardApp(app, 'linkding', {
    image: 'sissbruecker/linkding:1.36.0',
    port: 9090,
    // The image's entrypoint runs as root and writes its uwsgi socket outside the data volume.
    security: { runAsRoot: true, writableRootFilesystem: true },
  });
  web.mount('/etc/linkding/data', new ProtectedPvc(app, 'data', { size: '1Gi' }));
  const superuser = new SealedSecretRef(app, 'linkding-superuser');
  web.env('LD_SUPERUSER_NAME', 'admin');
  web.env('LD_SUPERUSER_PASSWORD', superuser.key('LD_SUPERUSER_PASSWORD'));
});
