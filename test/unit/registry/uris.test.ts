import { describe, expect, it } from 'vitest';
import { assignSchemes, prefixUri, schemePrefix, splitPrefixedUri } from '../../../src/registry/uris.js';

const SCHEME = /^[a-z][a-z0-9+.-]*$/;

describe('schemePrefix', () => {
  it('lowercases and maps underscores to hyphens', () => {
    expect(schemePrefix('My_Server')).toBe('my-server');
  });

  it('starts with a letter', () => {
    expect(schemePrefix('42')).toBe('x42');
    expect(schemePrefix('_internal')).toBe('x-internal');
  });

  it('yields a valid scheme for any prefix', () => {
    for (const prefix of ['memory', 'A-b_C', '9', '', 'ü']) expect(schemePrefix(prefix)).toMatch(SCHEME);
  });
});

describe('prefixUri and splitPrefixedUri', () => {
  it.each(['file:///x', 'git+https://h/r', 'test://static', 'https://h/p?q=1&r=a+b#frag', 'urn:isbn:0451450523'])('round-trips %s', (uri) => {
    const advertised = prefixUri('memory', uri);
    expect(advertised.slice(0, advertised.indexOf(':'))).toMatch(SCHEME);
    expect(splitPrefixedUri(advertised)).toEqual({ scheme: 'memory', rest: uri });
  });

  it('splits at the first plus sign', () => {
    expect(splitPrefixedUri('github+git+https://h/r')).toEqual({ scheme: 'github', rest: 'git+https://h/r' });
  });

  it('lowercases the scheme it finds', () => {
    expect(splitPrefixedUri('Memory+file:///x')?.scheme).toBe('memory');
  });

  it('finds no scheme when the text before the plus is not one', () => {
    expect(splitPrefixedUri('file:///a+b')).toBeUndefined();
    expect(splitPrefixedUri('+file:///a')).toBeUndefined();
    expect(splitPrefixedUri('file:///a')).toBeUndefined();
  });
});

describe('assignSchemes', () => {
  it('gives pass-through servers no scheme', () => {
    const { byServer } = assignSchemes([{ serverId: 'a', prefix: false }]);
    expect(byServer.size).toBe(0);
  });

  it('lets the earlier server keep a colliding scheme and hash-suffixes the later one', () => {
    const { byServer, byScheme, warnings } = assignSchemes([
      { serverId: 'one', prefix: 'my_srv' },
      { serverId: 'two', prefix: 'My-Srv' },
    ]);
    expect(byServer.get('one')).toBe('my-srv');
    expect(byServer.get('two')).toMatch(/^my-srv-[a-z2-7]{8}$/);
    expect(byScheme.get(byServer.get('two') ?? '')).toBe('two');
    expect(warnings).toEqual([expect.objectContaining({ kind: 'collision', serverId: 'two', otherServerId: 'one', original: 'My-Srv' })]);
  });

  it('keeps distinct schemes for two servers sharing one custom prefix', () => {
    const { byServer } = assignSchemes([
      { serverId: 'a', prefix: 'shared' },
      { serverId: 'b', prefix: 'shared' },
      { serverId: 'c', prefix: 'shared' },
    ]);
    expect(new Set(byServer.values()).size).toBe(3);
  });
});
