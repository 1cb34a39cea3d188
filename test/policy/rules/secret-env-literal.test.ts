import { secretEnvLiteral } from '../../../src/policy/rules';
import { deployment, policyObject, violationsOf } from '../../support/policy';

const withEnv = (env: any[]) => policyObject(deployment('web', [{ name: 'web', image: 'nginx:1.27.3', env }]));

describe('SecretEnvLiteral', () => {
  test('passes secret-named variables read from a Secret, and harmless literals', () => {
    expect(violationsOf(secretEnvLiteral, [withEnv([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'BASE_URL', value: 'https://example.com/app' },
    ])])).toEqual([]);
  });

  test('fails a literal password without ever printing the value', () => {
    const violations = violationsOf(secretEnvLiteral, [withEnv([{ name: 'DB_PASSWORD', value: 'hunter2hunter2' }])]);
    expect(violations).toEqual([expect.objectContaining({
      code: 'SecretEnvLiteral', severity: 'error', message: "env DB_PASSWORD of container 'web' in Deployment/web has a literal value in plain text",
    })]);
    expect(JSON.stringify(violations)).not.toContain('hunter2');
  });

  test('fails a URL with a password in any variable', () => {
    const violations = violationsOf(secretEnvLiteral, [withEnv([{ name: 'DATABASE_URL', value: 'postgres://app:s3cr3tpw@db/app' }])]);
    expect(violations).toEqual([expect.objectContaining({ code: 'SecretEnvLiteral', message: expect.stringMatching(/env DATABASE_URL .* has a URL with a password/) })]);
    expect(JSON.stringify(violations)).not.toContain('s3cr3tpw');
  });
});
