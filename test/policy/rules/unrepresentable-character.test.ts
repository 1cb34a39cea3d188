import { unrepresentableCharacter } from '../../../src/policy/rules';
import { policyObject, violationsOf } from '../../support/policy';

const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data });

describe('UnrepresentableCharacter', () => {
  test('passes tabs, newlines, other C0 controls, emoji (a surrogate pair) and non-Latin text', () => {
    expect(violationsOf(unrepresentableCharacter, [policyObject(configMap({ a: 'tab\there\nnext', b: '\u0001bell\u0007', c: 'caf\u00e9 \u{1F600} \u65e5\u672c' }))])).toEqual([]);
  });

  test.each([['DEL', '\u007F', '007F'], ['NEL', '\u0085', '0085'], ['a C1 control', '\u0090', '0090'], ['LS', '\u2028', '2028'], ['PS', '\u2029', '2029'],
    ['U+FFFE', '\uFFFE', 'FFFE'], ['U+FFFF', '\uFFFF', 'FFFF'], ['a lone high surrogate', '\uD800x', 'D800'], ['a lone low surrogate', 'x\uDC00', 'DC00']])(
    'fails %s in a value, naming the field and the code, never the value', (_what, char, code) => {
      const violations = violationsOf(unrepresentableCharacter, [policyObject(configMap({ secretish: `hunter2${char}` }))]);
      expect(violations).toEqual([expect.objectContaining({ code: 'UnrepresentableCharacter', message: `ConfigMap/cfg has U+${code} at data.secretish` })]);
      expect(JSON.stringify(violations)).not.toContain('hunter2');
    });

  test('fails such a character in a key', () => {
    expect(violationsOf(unrepresentableCharacter, [policyObject(configMap({ 'a\u2028b': 'x' }))]).map((v) => v.message)).toEqual(['ConfigMap/cfg has U+2028 at data (a key)']);
  });
});
