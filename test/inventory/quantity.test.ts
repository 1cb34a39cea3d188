import { bytes, cpuMillis, formatBytes, formatCpu, parseQuantity } from '../../src/inventory/quantity';

describe('quantities', () => {
  test.each([
    ['50m', 0.05], ['1', 1], ['0.5', 0.5], ['64Mi', 64 * 2 ** 20], ['1Gi', 2 ** 30], ['1G', 1e9], ['1e3', 1000], ['1.5Ki', 1536], [2, 2],
  ])('parses %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  test.each(['', 'abc', '1 Gi', '1GB', undefined, null, {}])('fails on %p (undefined)', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  test('rounds CPU to millicores and bytes up', () => {
    expect(cpuMillis('0.1')).toBe(100);
    expect(cpuMillis('250m')).toBe(250);
    expect(cpuMillis('1.0001')).toBe(1001);
    expect(bytes('1.5k')).toBe(1500);
  });

  test('formats with the largest exact unit', () => {
    expect(formatCpu(150)).toBe('150m');
    expect(formatCpu(2000)).toBe('2');
    expect(formatBytes(3 * 2 ** 30)).toBe('3Gi');
    expect(formatBytes(1536 * 2 ** 20)).toBe('1536Mi');
    expect(formatBytes(1000)).toBe('1000');
    expect(formatBytes(0)).toBe('0');
  });
});
