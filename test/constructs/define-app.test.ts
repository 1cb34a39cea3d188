import { StillonError, defineApp, isAppDefinition, resolveConventions, variantSelector } from '../../src';
import { emptyRoot, removeRoot, synthApps } from '../support/app-fixture';

describe('defineApp', () => {
  test('records the name, options and builder without building anything', () => {
    const build = jest.fn();
    const definition = defineApp('demo', { description: 'A demo' }, build);
    expect(definition).toMatchObject({ name: 'demo', options: { description: 'A demo' }, build });
    expect(build).not.toHaveBeenCalled();
    expect(isAppDefinition(definition)).toBe(true);
    expect(defineApp('demo', build).options).toEqual({});
  });

  test.each([undefined, null, 'demo', { name: 'demo', options: {}, build: () => {} }])('isAppDefinition rejects %p', (value) => {
    expect(isAppDefinition(value)).toBe(false);
  });

  test('fails with a TypeError when the builder is missing', () => {
    expect(() => defineApp('demo', {} as any)).toThrow("defineApp('demo'): the last argument must be a function (app) => { ... }");
  });
});

describe('the builder\'s context: pick() per variant', () => {
  const thrown = (fn: () => unknown): StillonError => {
    try {
      fn();
    } catch (error) {
      return error as StillonError;
    }
    throw new Error('expected an error');
  };
  const env = variantSelector('shop-staging', 'environment', 'staging', ['production', 'staging']);

  test('returns the value of the variant being built, or the fallback when it has no key', () => {
    expect(env.name).toBe('staging');
    expect(env.pick({ staging: 1, production: 2 })).toBe(1);
    expect(env.pick({ production: 2 }, 3)).toBe(3);
    // A fallback may be any value, undefined included: given is given.
    expect(env.pick({ production: 2 }, undefined)).toBeUndefined();
  });

  test('fails: no value for the variant and no fallback names the variant and the keys there are (MissingVariant)', () => {
    const error = thrown(() => env.pick({ production: 2 }));
    expect(error.code).toBe('MissingVariant');
    expect(error.message).toContain("[shop-staging] MissingVariant: pick() has no value for the environment 'staging' (it has: production) and no fallback");
  });

  test('fails: a key that is no variant of the app (a typo would silently fall back) is UnknownVariant', () => {
    const error = thrown(() => env.pick({ stagin: 1, production: 2 }, 0));
    expect(error.code).toBe('UnknownVariant');
    expect(error.message).toContain('names the environment(s) stagin, which the app does not run in (its environments: production, staging)');
  });

  test('an app without that dimension takes the fallback, and fails without one', () => {
    const cluster = variantSelector('shop', 'cluster', undefined, []);
    expect(cluster.name).toBeUndefined();
    expect(cluster.pick({}, 'x')).toBe('x');
    expect(thrown(() => cluster.pick({})).message).toContain('pick() by cluster, but the app has no clusters and no fallback was given');
  });

  test('synth builds each variant with its names in the context', () => {
    const root = emptyRoot();
    try {
      const seen: string[] = [];
      const conventions = resolveConventions({ clusters: { home: {}, lab: {} }, environments: { staging: {}, production: {} } });
      const result = synthApps(root, [defineApp('shop', { clusters: ['home', 'lab'], environments: { home: ['staging', 'production'], lab: ['production'] } }, (_app, ctx) => {
        seen.push(`${ctx.app} ${ctx.variant} ${ctx.cluster.name} ${ctx.env.name}`);
      })], { conventions, check: true });
      expect(result.violations).toEqual([]);
      expect(seen.sort()).toEqual(['shop shop-production home production', 'shop shop-production lab production', 'shop shop-staging home staging']);
    } finally {
      removeRoot(root);
    }
  });
});
