import { secretEnvLiteral, secretInConfigMap } from '../../../src/policy/rules';
import { couldBeSecretValue, credentialIn } from '../../../src/policy/rules/secret-patterns';
import { deployment, policyObject, violationsOf } from '../../support/policy';

const configMap = (data: Record<string, string>) => policyObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: 'demo' }, data });
const withEnv = (env: any[]) => policyObject(deployment('web', [{ name: 'web', image: 'nginx:1.27.3', env }]));

describe('secret patterns: references to a variable are not credentials', () => {
  test('passes values that only reference a variable, a template or a YAML tag', () => {
    for (const value of ['$POSTGRES_PASSWORD', '${GOOGLE_CLIENT_SECRET}', '$(API_TOKEN)', '{{ .Values.token }}', '<your token>', '%(ENV_DB_PASSWORD)s', '!ext env SONARR_API_KEY', '!secret db_password']) {
      expect([value, couldBeSecretValue(value)]).toEqual([value, false]);
    }
    expect(credentialIn('#!/bin/sh\nexport PGPASSWORD="$POSTGRES_PASSWORD"\npsql -h db -U app\n')).toBeUndefined();
    expect(credentialIn('oauth:\n  clientSecret: $GOOGLE_CLIENT_SECRET\n')).toBeUndefined();
    expect(credentialIn('sonarr:\n  api_key: !ext env SONARR_API_KEY\n')).toBeUndefined();
    expect(credentialIn('db: postgres://app:${DB_PASSWORD}@db/app')).toBeUndefined();
  });

  test('passes SecretInConfigMap and SecretEnvLiteral on the issue\'s references', () => {
    expect(violationsOf(secretInConfigMap, [configMap({
      'init.sh': 'export PGPASSWORD="$POSTGRES_PASSWORD"\n',
      'config.yaml': 'clientSecret: $GOOGLE_CLIENT_SECRET\napi_key: !ext env SONARR_API_KEY\n',
      'DB_PASSWORD': '$DB_PASSWORD_FROM_ENV',
    })])).toEqual([]);
    expect(violationsOf(secretEnvLiteral, [withEnv([{ name: 'PGPASSWORD', value: '$POSTGRES_PASSWORD' }, { name: 'API_TOKEN', value: '$(TOKEN)' }])])).toEqual([]);
  });

  test('fails a real literal next to a reference, without printing it', () => {
    const violations = violationsOf(secretInConfigMap, [configMap({
      'init.sh': 'export PGPASSWORD="hunter2hunter2"\n',
      'config.yaml': 'clientSecret: $GOOGLE_CLIENT_SECRET\napi_key: 0123456789abcdef\n',
    })]);
    expect(violations.map((v) => v.message).sort()).toEqual([
      "key 'config.yaml' of ConfigMap/conf holds a value for 'api_key'",
      "key 'init.sh' of ConfigMap/conf holds a value for 'PGPASSWORD'",
    ]);
    expect(JSON.stringify(violations)).not.toMatch(/hunter2|0123456789abcdef/);
  });

  test('fails a literal that merely starts with a dollar sign and goes on', () => {
    expect(couldBeSecretValue('$ecretPassw0rd!')).toBe(true);
    expect(couldBeSecretValue('$PASSWORD-and-more')).toBe(true);
    expect(violationsOf(secretEnvLiteral, [withEnv([{ name: 'DB_PASSWORD', value: '$3cr3t' }])]).map((v) => v.code)).toEqual(['SecretEnvLiteral']);
  });
});
