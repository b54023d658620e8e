import { describe, expect, it } from 'vitest';
import { UnsafeOAuthError } from '../../../src/oauth/errors.js';
import { safeEndpoint, safeUrl } from '../../../src/oauth/url-policy.js';
import { isLoopbackHost } from '../../../src/shared/hosts.js';

describe('OAuth URL policy', () => {
  it('accepts https anywhere and http on loopback only', () => {
    expect(safeUrl('https://auth.example.com/authorize', 'x').host).toBe('auth.example.com');
    for (const url of ['http://127.0.0.1:8080/cb', 'http://localhost/x', 'http://[::1]:9/x', 'http://127.1.2.3/x'])
      expect(() => safeUrl(url, 'x')).not.toThrow();
    expect(() => safeUrl('http://auth.example.com/token', 'the token endpoint')).toThrow(
      /the token endpoint http:\/\/auth\.example\.com\/token uses plain http/,
    );
    expect(() => safeUrl('http://127.0.0.1.evil.com/x', 'x')).toThrow(UnsafeOAuthError);
  });

  it('refuses javascript:, file:, data: and other schemes, naming the scheme', () => {
    for (const [url, scheme] of [
      ['javascript:alert(1)', 'javascript:'],
      ['file:///etc/passwd', 'file:'],
      ['data:text/html,hi', 'data:'],
      ['ftp://example.com/x', 'ftp:'],
      ['vbscript:msgbox', 'vbscript:'],
    ] as const) {
      expect(() => safeUrl(url, 'the endpoint')).toThrow(`the endpoint uses the scheme "${scheme}"`);
    }
  });

  it('refuses credentials in a URL, non-URLs, and fragments on endpoints', () => {
    expect(() => safeUrl('https://user:pw@auth.example.com/', 'x')).toThrow(/credentials/);
    expect(() => safeUrl('not a url', 'x')).toThrow(/is not a URL/);
    expect(() => safeEndpoint('https://auth.example.com/token#frag', 'the token endpoint')).toThrow(/fragment/);
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.evil.com')).toBe(false);
  });
});
