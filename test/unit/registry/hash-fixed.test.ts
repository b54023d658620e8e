/**
 * Pinned values for the advertised-name hash. Users' hosts store advertised tool names (allow-lists,
 * saved prompts), so any change to the hash or to how names are composed renames their tools:
 * these exact strings must only change on purpose, with a migration note.
 */
import { describe, expect, test } from 'vitest';
import { shortHash } from '../../../src/registry/hash.js';
import { advertisedName, hashedName } from '../../../src/registry/names.js';

const OPTS = { separator: '__', nameBudget: 64 };

describe('shortHash fixed values', () => {
  test.each([
    ['', '4oymiquy'],
    ['github\0create_issue', 'slstisez'],
    ['fs\0read.file', 'ecs7zbot'],
  ])('shortHash(%j) is %s', (input, expected) => {
    expect(shortHash(input)).toBe(expected);
  });
});

describe('advertised names fixed values', () => {
  test('a legal name that fits is unchanged', () => {
    expect(advertisedName('github', 'create_issue', OPTS).name).toBe('github__create_issue');
  });
  test('a sanitized name carries the hash of its raw parts', () => {
    expect(advertisedName('fs', 'read.file', OPTS).name).toBe('fs__read_file_ecs7zbot');
    expect(advertisedName(false, 'a b', OPTS).name).toBe('a_b_4hoaa3li');
  });
  test('a shortened name keeps the prefix and ends in the hash', () => {
    expect(advertisedName('github', 'x'.repeat(80), OPTS).name).toBe('github__xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_gcqx3rdj');
  });
  test('a collision fallback salted with the attempt number', () => {
    expect(hashedName('fs', 'read_file', OPTS, 1).name).toBe('fs__read_file_dkbtpdrf');
  });
});
