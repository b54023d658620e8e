/**
 * Over stdio the servers start when the host initializes, and are offered exactly the client
 * capabilities (sampling, elicitation, roots) that host has: no more, so a server never asks a
 * host for something it cannot do.
 */
import { describe, expect, it } from 'vitest';
import { connectGateway, eventually } from '../helpers/gateway-client.js';
import { fixture } from '../helpers/paths.js';

const catalog = `
servers:
  probe:
    command: node
    args: [${fixture('fixture-server')}, --name, probe]
`;

async function capabilitiesSeenDownstream(capabilities: Record<string, unknown>): Promise<Record<string, unknown>> {
  const gw = await connectGateway(catalog, { capabilities });
  try {
    const result = await eventually(() => gw.client.callTool({ name: 'probe__client_caps', arguments: {} }).catch(() => undefined));
    return (result.structuredContent as { capabilities: Record<string, unknown> }).capabilities;
  } finally {
    await gw.close();
  }
}

describe('client capabilities offered to servers', () => {
  it('offers none of sampling, elicitation or roots to servers when the host has none', async () => {
    expect(await capabilitiesSeenDownstream({})).toEqual({});
  });

  it('offers exactly what the host has', async () => {
    const seen = await capabilitiesSeenDownstream({ sampling: {}, roots: { listChanged: true } });
    expect(seen).toMatchObject({ sampling: {}, roots: { listChanged: true } });
    expect(seen.elicitation).toBeUndefined();
  });
});
