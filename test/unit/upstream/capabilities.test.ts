import { describe, expect, it } from 'vitest';
import type { ServerCapabilities } from '@modelcontextprotocol/server';
import { advertisedCapabilities, UI_EXTENSION } from '../../../src/upstream/capabilities.js';
import type { Router } from '../../../src/upstream/ports.js';

function router(servers: Record<string, ServerCapabilities>, starting = false): Router {
  return {
    request: async () => ({}),
    notifyAll: async () => {},
    capabilities: (id) => servers[id],
    connected: () => Object.keys(servers),
    modern: () => false,
    starting: () => starting,
  };
}

describe('advertisedCapabilities', () => {
  it('offers MCP Apps when a connected server does, with its settings, and no other extension', () => {
    const caps = advertisedCapabilities(
      router({
        plain: { tools: {} },
        app: { tools: {}, extensions: { [UI_EXTENSION]: { mimeTypes: ['text/html;profile=mcp-app'] }, 'x.example/other': {} } },
      }),
    );
    expect(caps.extensions).toEqual({ [UI_EXTENSION]: { mimeTypes: ['text/html;profile=mcp-app'] } });
  });

  it('offers no extension when no server does', () => {
    expect(advertisedCapabilities(router({ plain: { tools: {}, resources: { subscribe: true } } })).extensions).toBeUndefined();
  });
});
