import { describe, it, expect } from 'vitest';
import { interpolate, InterpolationError, tryInterpolate } from '../../../src/config/interpolate.js';

describe('interpolate', () => {
  it('substitutes a set variable and reports it as used and secret', () => {
    expect(interpolate('Bearer ${TOKEN}', { TOKEN: 's3cret' })).toEqual({
      value: 'Bearer s3cret',
      variables: ['TOKEN'],
      secrets: ['s3cret'],
    });
  });

  it('substitutes several variables in one string', () => {
    const result = interpolate('${HOME}/.cache/${APP}.json', { HOME: '/home/u', APP: 'memory' });
    expect(result.value).toBe('/home/u/.cache/memory.json');
    expect(result.variables).toEqual(['HOME', 'APP']);
  });

  it('uses the default when the variable is unset', () => {
    expect(interpolate('${PORT:-9000}', {}).value).toBe('9000');
  });

  it('uses the default when the variable is empty, like the shell', () => {
    expect(interpolate('${PORT:-9000}', { PORT: '' }).value).toBe('9000');
  });

  it('prefers a set value over the default', () => {
    expect(interpolate('${PORT:-9000}', { PORT: '8080' }).value).toBe('8080');
  });

  it('accepts an empty default', () => {
    expect(interpolate('a${X:-}b', {}).value).toBe('ab');
  });

  it('keeps an empty value empty when there is no default', () => {
    expect(interpolate('[${EMPTY}]', { EMPTY: '' })).toEqual({ value: '[]', variables: ['EMPTY'], secrets: [] });
  });

  it('does not count defaults as secrets', () => {
    expect(interpolate('${A:-fallback}', {}).secrets).toEqual([]);
  });

  it('lists a repeated value once', () => {
    expect(interpolate('${A}${A}${B}', { A: 'x', B: 'x' }).secrets).toEqual(['x']);
  });

  it('turns $${ into a literal ${', () => {
    expect(interpolate('cost: $${PRICE} and ${A}', { A: 'a', PRICE: 'no' }).value).toBe('cost: ${PRICE} and a');
  });

  it('leaves a lone $ and $NAME alone', () => {
    expect(interpolate('$5 and $HOME', { HOME: '/h' }).value).toBe('$5 and $HOME');
  });

  it('throws an error naming an unset variable', () => {
    expect(() => interpolate('${MISSING_TOKEN}', {})).toThrow(/MISSING_TOKEN is not set/);
  });

  it('reports every unset variable at once', () => {
    try {
      interpolate('${A}-${B}-${C:-c}', {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InterpolationError);
      expect((error as InterpolationError).problems.map((p) => p.variable)).toEqual(['A', 'B']);
    }
  });

  it('reports an unterminated reference', () => {
    expect(() => interpolate('abc ${OOPS', {})).toThrow(/unterminated/);
  });

  it('reports a malformed reference', () => {
    expect(() => interpolate('${1BAD}', {})).toThrow(/not a variable reference/);
    expect(() => interpolate('${}', {})).toThrow(/not a variable reference/);
  });

  it('keeps going after a problem when asked not to throw', () => {
    const result = tryInterpolate('${A}/${B}', { B: 'b' });
    expect(result.value).toBe('/b');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.variable).toBe('A');
  });

  it('never puts a value in a problem message', () => {
    const result = tryInterpolate('${SECRET}${MISSING}', { SECRET: 'sentinel-XYZ' });
    expect(result.problems.map((p) => p.message).join(' ')).not.toContain('sentinel-XYZ');
  });
});
