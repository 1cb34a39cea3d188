import { defineApp, isAppDefinition } from '../../src';

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
