import { describe, expect, it } from 'vitest';
import { stem } from '../../../../src/registry/search/stem.js';

describe('stem (Porter)', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['running', 'run'],
    ['hopping', 'hop'],
    ['agreed', 'agre'],
    ['relational', 'relat'],
    ['generalization', 'gener'],
    ['files', 'file'],
  ])('stems %s to %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('makes the forms of one word meet', () => {
    for (const group of [
      ['repository', 'repositories'],
      ['create', 'creates', 'created', 'creating'],
      ['search', 'searches', 'searching', 'searched'],
      ['commit', 'commits', 'committed'],
      ['deploy', 'deploys', 'deployed', 'deploying'],
      ['write', 'writes', 'wrote', 'writing'],
    ]) {
      expect(new Set(group.map(stem)).size, group.join(' ')).toBe(1);
    }
  });

  it('leaves short words, words with digits and non-ASCII words alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('k8s')).toBe('k8s');
    expect(stem('überblick')).toBe('überblick');
  });
});
