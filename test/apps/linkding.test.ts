import app from '../../apps/linkding';
import { Testing } from '../../src';
test('linkding', () => expect(Testing.synth(app)).toMatchSnapshot());
