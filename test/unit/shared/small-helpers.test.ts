import { describe, expect, it } from 'vitest';
import { parsePort, UsageError } from '../../../src/cli/args.js';
import { isLoopbackHost } from '../../../src/shared/hosts.js';
import { shellQuote } from '../../../src/shared/shell.js';

describe('the one shell quoting', () => {
  it('leaves safe words alone and single-quotes the rest, quotes included', () => {
    expect(shellQuote('/home/ada/servers.yaml')).toBe('/home/ada/servers.yaml');
    expect(shellQuote('docs:search')).toBe('docs:search');
    expect(shellQuote('/My Files/servers.yaml')).toBe(`'/My Files/servers.yaml'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('$(rm -rf ~)')).toBe(`'$(rm -rf ~)'`);
  });
});

describe('the one loopback rule', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.8.9.10', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['0.0.0.0', '10.0.0.1', '127.0.0.1.nip.io', 'localhost.evil.com', '::', '[::ffff:10.0.0.1]', '1270.0.0.1'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('the one --port parser', () => {
  it('takes 0-65535 and names the command otherwise', () => {
    expect(parsePort('serve', '0')).toBe(0);
    expect(parsePort('serve', '8808')).toBe(8808);
    expect(parsePort('login', undefined)).toBeUndefined();
    for (const bad of ['65536', '-1', '80.5', 'http', '', '1e3']) {
      expect(() => parsePort('login', bad)).toThrow(UsageError);
    }
    expect(() => parsePort('login', 'x')).toThrow('login: --port expects 0-65535, got "x"');
  });
});
