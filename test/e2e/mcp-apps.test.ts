/**
 * MCP Apps through the gateway with a published ext-apps server
 * (`@modelcontextprotocol/server-basic-vanillajs`): its tool points at its UI resource under the
 * advertised `ui://` URI, the UI reads back through the gateway, and the UI's own call (by the
 * server-side tool name, as an app makes it) reaches the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import type { Gateway } from '../../src/gateway.js';
import { connectHost, startGateway } from '../helpers/in-process.js';
import { ROOT } from '../helpers/paths.js';

const SERVER = `${ROOT}node_modules/@modelcontextprotocol/server-basic-vanillajs/dist/index.js`;
const ADVERTISED_UI = 'ui://clock+get-time/mcp-app.html';

let gateway: Gateway;
let host: Client;
beforeAll(async () => {
  gateway = await startGateway(`servers:\n  clock:\n    command: ${process.execPath}\n    args: [${SERVER}, --stdio]\n`);
  host = (await connectHost(gateway)).client;
});
afterAll(async () => {
  await host.close();
  await gateway.stop();
});

describe('MCP Apps through the gateway', () => {
  it('points the tool at its UI under the advertised ui:// URI', async () => {
    const tool = (await host.listTools()).tools.find((t) => t.name === 'clock__get-time');
    expect(tool?._meta).toMatchObject({ ui: { resourceUri: ADVERTISED_UI }, 'ui/resourceUri': ADVERTISED_UI });
    const listed = (await host.listResources()).resources.find((r) => r.uri === ADVERTISED_UI);
    expect(listed?.mimeType).toBe('text/html;profile=mcp-app');
  });

  it('reads the UI back through the gateway, under the URI the host asked for', async () => {
    const read = await host.readResource({ uri: ADVERTISED_UI });
    const [content] = read.contents;
    expect(content?.uri).toBe(ADVERTISED_UI);
    expect(content?.mimeType).toBe('text/html;profile=mcp-app');
    expect('text' in (content ?? {}) ? String((content as { text: string }).text) : '').toMatch(/<html/i);
  });

  it('tells the server the host renders UIs (the MCP Apps client capability goes through)', async () => {
    const ui = { mimeTypes: ['text/html;profile=mcp-app'] };
    const yaml = `servers:\n  fx:\n    command: ${process.execPath}\n    args: [${ROOT}test/fixtures/dist/fixture-server.js, --name, fx]\n`;
    const withUi = await startGateway(yaml, { extensions: { 'io.modelcontextprotocol/ui': ui } });
    try {
      const client = (await connectHost(withUi, { extensions: { 'io.modelcontextprotocol/ui': ui } })).client;
      const caps = await client.callTool({ name: 'fx__client_caps', arguments: {} });
      expect(caps.structuredContent).toMatchObject({ capabilities: { extensions: { 'io.modelcontextprotocol/ui': ui } } });
      await client.close();
    } finally {
      await withUi.stop();
    }
  });

  it("routes the app's own call, made by the server-side name, to the server", async () => {
    const viaApp = await host.callTool({ name: 'get-time', arguments: {} });
    expect(viaApp.isError).toBeFalsy();
    expect(typeof (viaApp.structuredContent as { time?: unknown } | undefined)?.time).toBe('string');
    const viaModel = await host.callTool({ name: 'clock__get-time', arguments: {} });
    expect(typeof (viaModel.structuredContent as { time?: unknown } | undefined)?.time).toBe('string');
  });
});
