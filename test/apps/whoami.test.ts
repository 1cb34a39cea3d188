import app from '../../apps/whoami';
import { Testing } from '../../src';
test('whoami', () => expect(Testing.synth(app)).toMatchSnapshot());
