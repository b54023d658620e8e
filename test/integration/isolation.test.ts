/**
 * Isolation between servers, through the real gateway process: each child sees the environment
 * safelist plus its own declared env, never the gateway's token and never another server's secrets.
 */
import { describe, expect, it } from 'vitest';
import { connectGateway, eventually } from '../helpers/gateway-client.js';
import { fixture } from '../helpers/paths.js';

const server = (id: string, secret: string) => `
  ${id}:
    command: node
    args: [${fixture('fault-server')}, --name, ${id}]
    env: { ${id.toUpperCase()}_KEY: "${secret}" }`;

describe('isolation between servers', () => {
  it('keeps the gateway token and each server secret away from the other children (credential theft)', async () => {
    const gw = await connectGateway(`servers:${server('left', 'left-secret-1234')}${server('right', 'right-secret-5678')}`, {
      env: { MCP_SWITCHBOARD_TOKEN: 'gateway-token-0123456789', PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    try {
      const envOf = async (id: string) => {
        const result = await eventually(() => gw.client.callTool({ name: `${id}__env`, arguments: {} }), { what: `${id} answering` });
        return result.structuredContent as Record<string, string>;
      };
      const left = await envOf('left');
      const right = await envOf('right');
      expect(left.LEFT_KEY).toBe('left-secret-1234');
      expect(right.RIGHT_KEY).toBe('right-secret-5678');
      for (const env of [left, right]) {
        const dump = JSON.stringify(env);
        expect(dump).not.toContain('gateway-token-0123456789');
        expect(env.MCP_SWITCHBOARD_TOKEN).toBeUndefined();
      }
      expect(JSON.stringify(left)).not.toContain('right-secret-5678');
      expect(JSON.stringify(right)).not.toContain('left-secret-1234');
    } finally {
      await gw.close();
    }
  });
});
