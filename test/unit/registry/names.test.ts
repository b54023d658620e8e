import { describe, expect, it } from 'vitest';
import { advertisedName, hashedName, NAME_PATTERN } from '../../../src/registry/names.js';
import { naming } from './fixtures.js';

const nasty = ['x'.repeat(129), 'bad name!', 'héllo wörld', '日本語ツール', '🙂🙂', '', 'a.b', 'ns:tool', 'path/to/tool', '\uD800lone', '-', '_'.repeat(70)];

describe('advertisedName', () => {
  it('joins prefix, separator and original when the result is legal', () => {
    expect(advertisedName('github', 'create_issue', naming)).toEqual({
      name: 'github__create_issue',
      sanitized: false,
      shortened: false,
    });
  });

  it('passes the original through when the prefix is false', () => {
    expect(advertisedName(false, 'test_simple_text', naming).name).toBe('test_simple_text');
  });

  it.each(nasty)('always yields a legal name within the budget for %j', (original) => {
    for (const prefix of ['srv', false, 'a-very-long-prefix-that-eats-most-of-the-budget-x'] as const) {
      for (const nameBudget of [16, 40, 64]) {
        const { name } = advertisedName(prefix, original, { separator: '__', nameBudget });
        expect(name).toMatch(NAME_PATTERN);
        expect(name.length).toBeLessThanOrEqual(nameBudget);
      }
    }
  });

  it('replaces illegal characters and appends a hash', () => {
    const result = advertisedName('fs', 'read.file', naming);
    expect(result.sanitized).toBe(true);
    expect(result.shortened).toBe(false);
    expect(result.name).toMatch(/^fs__read_file_[a-z2-7]{8}$/);
  });

  it('keeps a.b and a_b distinct', () => {
    const dotted = advertisedName('p', 'a.b', naming).name;
    const underscored = advertisedName('p', 'a_b', naming).name;
    const coloned = advertisedName('p', 'a:b', naming).name;
    expect(underscored).toBe('p__a_b');
    expect(new Set([dotted, underscored, coloned]).size).toBe(3);
  });

  it('is deterministic', () => {
    for (const original of nasty) {
      expect(advertisedName('srv', original, naming)).toEqual(advertisedName('srv', original, naming));
    }
  });

  it('shortens to the budget keeping the prefix and separator', () => {
    const result = advertisedName('github', 'x'.repeat(129), { separator: '__', nameBudget: 40 });
    expect(result.shortened).toBe(true);
    expect(result.sanitized).toBe(false);
    expect(result.name).toHaveLength(40);
    expect(result.name).toMatch(/^github__x+_[a-z2-7]{8}$/);
  });

  it('gives two long names that share their first 64 characters different results', () => {
    const base = 'y'.repeat(80);
    expect(advertisedName('s', `${base}1`, naming).name).not.toBe(advertisedName('s', `${base}2`, naming).name);
  });

  it('turns an empty original into a hash-suffixed name', () => {
    expect(advertisedName(false, '', naming)).toEqual({
      name: expect.stringMatching(/^_[a-z2-7]{8}$/),
      sanitized: true,
      shortened: false,
    });
    expect(advertisedName('srv', '', naming).name).toMatch(/^srv___[a-z2-7]{8}$/);
  });

  it('counts an astral character as one replaced character', () => {
    expect(advertisedName(false, 'a🙂b', naming).name).toMatch(/^a_b_[a-z2-7]{8}$/);
  });

  it('truncates a prefix that alone exceeds the budget', () => {
    const { name } = advertisedName('p'.repeat(60), 'tool', { separator: '__', nameBudget: 20 });
    expect(name).toMatch(/^p{11}_[a-z2-7]{8}$/);
  });

  it('salts hashed names by attempt', () => {
    const first = hashedName('srv', 'tool', naming, 1).name;
    const second = hashedName('srv', 'tool', naming, 2).name;
    expect(first).toMatch(/^srv__tool_[a-z2-7]{8}$/);
    expect(first).not.toBe(second);
  });
});
