import app from '../../apps/miniflux';
import { Testing } from '../../src';
test('miniflux', () => expect(Testing.synth(app)).toMatchSnapshot());
