/**
 * MCP Apps through the merged view: `ui://` URIs keep their scheme, a tool's UI reference points at
 * the advertised UI resource, and an app's call by the server's own tool name finds its server.
 */
import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../src/registry/build.js';
import { prefixUri, splitPrefixedUri } from '../../../src/registry/uris.js';
import { input, resource, snapshot, tool } from './fixtures.js';

const UI = 'ui://get-time/mcp-app.html';
const appTool = tool('get-time', { _meta: { ui: { resourceUri: UI, csp: { connectDomains: ['https://x.example'] } }, 'ui/resourceUri': UI } });

describe('ui:// URIs', () => {
  it('keep the ui scheme with the prefix in front of the authority, and round-trip', () => {
    const advertised = prefixUri('clock', UI);
    expect(advertised).toBe('ui://clock+get-time/mcp-app.html');
    expect(splitPrefixedUri(advertised)).toEqual({ scheme: 'clock', rest: UI });
    // A `+` in the path is not a prefix.
    expect(splitPrefixedUri('ui://get-time/a+b.html')).toBeUndefined();
  });
});

describe('MCP Apps in the view', () => {
  const view = buildRegistry(
    input([
      [snapshot('clock', { tools: [appTool, tool('echo')], resources: [resource(UI, { mimeType: 'text/html;profile=mcp-app' })] })],
      [snapshot('other', { tools: [tool('echo'), tool('get-weather')] })],
    ]),
  );

  it('advertises the UI resource under ui:// and points the tool at it, other _meta.ui unchanged', () => {
    expect(view.resources.map((r) => r.uri)).toEqual(['ui://clock+get-time/mcp-app.html']);
    const advertised = view.tools.find((t) => t.name === 'clock__get-time');
    expect(advertised?._meta).toEqual({
      ui: { resourceUri: 'ui://clock+get-time/mcp-app.html', csp: { connectDomains: ['https://x.example'] } },
      'ui/resourceUri': 'ui://clock+get-time/mcp-app.html',
    });
    expect(view.routeResource('ui://clock+get-time/mcp-app.html')).toEqual({ serverId: 'clock', uri: UI });
  });

  it('routes an app call by the server-side name to the one server with UIs that has it', () => {
    expect(view.routeTool('get-time')).toEqual({ serverId: 'clock', name: 'get-time' });
    // `echo` is offered by two servers, but only one has UIs: still that one.
    expect(view.routeTool('echo')).toEqual({ serverId: 'clock', name: 'echo' });
    // A server without UIs is never reached by a bare name.
    expect(view.routeTool('get-weather')).toBeUndefined();
  });

  it('does not route a bare name that two servers with UIs both have', () => {
    const two = buildRegistry(
      input([[snapshot('a', { tools: [appTool], resources: [resource(UI)] })], [snapshot('b', { tools: [appTool], resources: [resource(UI)] })]]),
    );
    expect(two.routeTool('get-time')).toBeUndefined();
    expect(two.resources.map((r) => r.uri).sort()).toEqual(['ui://a+get-time/mcp-app.html', 'ui://b+get-time/mcp-app.html']);
  });

  it("hides a tool's UI with the tool when shaping denies it, and routes no bare name to it", () => {
    const shaped = buildRegistry({
      ...input([[snapshot('clock', { tools: [appTool], resources: [resource(UI), resource('file:///notes')] })]]),
      servers: [{ serverId: 'clock', prefix: 'clock', shaping: { tools: { deny: ['get-time'] } } }],
    });
    expect(shaped.tools).toEqual([]);
    expect(shaped.resources.map((r) => r.uri)).toEqual(['clock+file:///notes']);
    expect(shaped.routeTool('get-time')).toBeUndefined();
  });
});
