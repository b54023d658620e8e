import { describe, it, expect } from 'vitest';
import { didYouMean, editDistance } from '../../../src/config/suggest.js';

const keys = ['command', 'args', 'env', 'cwd', 'timeout', 'maxConcurrency'];

describe('didYouMean', () => {
  it('finds a key one or two edits away', () => {
    expect(didYouMean('comand', keys)).toBe('command');
    expect(didYouMean('timout', keys)).toBe('timeout');
    expect(didYouMean('agrs', keys)).toBe('args');
  });

  it('finds a key written in another case', () => {
    expect(didYouMean('MaxConcurrency', keys)).toBe('maxConcurrency');
  });

  it('maps spellings other hosts use onto ours', () => {
    expect(didYouMean('environment', keys)).toBe('env');
    expect(didYouMean('enviroment', keys)).toBe('env');
    expect(didYouMean('serverUrl', ['url', 'headers'])).toBe('url');
  });

  it('suggests nothing for a key that is far from every allowed one', () => {
    expect(didYouMean('autoApprove', keys)).toBeUndefined();
    expect(didYouMean('x', keys)).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('agrs', 'args')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
