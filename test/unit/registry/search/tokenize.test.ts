import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, tokenize } from '../../../../src/registry/search/tokenize.js';

describe('tokenize', () => {
  it('splits snake_case, kebab-case and dotted names in both modes', () => {
    expect(tokenize('get_file_contents', 'plain', 10)).toEqual(['get', 'file', 'contents']);
    expect(tokenize('API-post-search', 'plain', 10)).toEqual(['api', 'post', 'search']);
    expect(tokenize('tools.list_changed', 'identifiers', 10)).toEqual(['tools', 'list', 'changed']);
  });

  it('splits camelCase and acronym edges only in identifiers mode', () => {
    expect(tokenize('listPullRequests', 'identifiers', 10)).toEqual(['list', 'pull', 'requests']);
    expect(tokenize('listPullRequests', 'plain', 10)).toEqual(['listpullrequests']);
    expect(tokenize('HTTPServer parseURLQuery', 'identifiers', 10)).toEqual(['http', 'server', 'parse', 'url', 'query']);
  });

  it('keeps letters and digits together (s3, k8s, v2)', () => {
    expect(tokenize('upload to s3 on k8s v2', 'identifiers', 10)).toEqual(['upload', 'to', 's3', 'on', 'k8s', 'v2']);
  });

  it('folds diacritics and keeps other scripts', () => {
    expect(tokenize('Café Überblick 東京', 'identifiers', 10)).toEqual(['cafe', 'uberblick', '東京']);
  });

  it('stops at maxTokens and reads at most MAX_TEXT_CHARS characters', () => {
    expect(tokenize('a b c d e', 'plain', 3)).toEqual(['a', 'b', 'c']);
    const huge = 'word '.repeat(1_000_000);
    const words = tokenize(huge, 'plain', 1_000_000);
    expect(words.length).toBeLessThanOrEqual(MAX_TEXT_CHARS / 5 + 1);
    expect(tokenize('x'.repeat(10_000), 'plain', 5)).toEqual(['x'.repeat(40)]);
  });

  it('gives nothing for empty text, zero budget or a non-string', () => {
    expect(tokenize('', 'plain', 5)).toEqual([]);
    expect(tokenize('hello', 'plain', 0)).toEqual([]);
    expect(tokenize(42 as unknown as string, 'plain', 5)).toEqual([]);
  });
});
