import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../src/config/index.js';

const env = {};

describe('start and idleTimeout', () => {
  it('takes each server’s own over settings.defaults, and leaves them off an entry when neither sets them', () => {
    const catalog = parseCatalog(
      'settings: { defaults: { start: lazy, idleTimeout: 60000 } }\nservers:\n  a: { command: x }\n  b: { command: x, start: eager, idleTimeout: 0 }\n',
      { env },
    );
    expect(catalog.servers.map((s) => [s.start, s.idleTimeout])).toEqual([
      ['lazy', 60000],
      ['eager', 0],
    ]);
    const plain = parseCatalog('servers:\n  a: { url: "http://127.0.0.1:1/mcp" }\n', { env }).servers[0];
    expect(plain).not.toHaveProperty('start');
    expect(plain).not.toHaveProperty('idleTimeout');
  });

  it('names the allowed values when they are wrong', () => {
    expect(() => parseCatalog('servers:\n  a: { command: x, start: later }\n', { env })).toThrow(
      /servers\.a\.start: start must be "eager" \(start with the gateway\) or "lazy" \(start on the first call that needs it\)/,
    );
    expect(() => parseCatalog('servers:\n  a: { command: x, idleTimeout: -5 }\n', { env })).toThrow(
      /servers\.a\.idleTimeout: idleTimeout must be 0 \(never stop\)/,
    );
  });
});
