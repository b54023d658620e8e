/**
 * A remote server's URL may carry credentials (`https://user:pass@host/mcp`); fetch refuses such
 * URLs, so the gateway sends them as a Basic Authorization header instead, and never logs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/gateway.js';
import { connectHost, startGateway } from '../../helpers/in-process.js';
import type { RecordingServer } from './recording-server.js';
import { startRecordingServer } from './recording-server.js';

describe('credentials in a remote server URL', () => {
  let recorder: RecordingServer;
  let gateway: Gateway;

  beforeAll(async () => {
    recorder = await startRecordingServer();
    const url = new URL(recorder.url);
    url.username = 'deploy';
    url.password = 'p@ss word';
    gateway = await startGateway(`servers:\n  rec:\n    url: "${url.href}"\n    transport: streamable-http\n`);
  });
  afterAll(async () => {
    await gateway?.stop();
    await recorder?.close();
  });

  it('connects, sending them as a Basic Authorization header and not in the URL', async () => {
    const host = await connectHost(gateway);
    const result = await host.client.callTool({ name: 'rec__echo', arguments: { ok: 1 } });
    expect(result.isError).toBeFalsy();
    const expected = `Basic ${Buffer.from('deploy:p@ss word').toString('base64')}`;
    expect(recorder.headers.length).toBeGreaterThan(0);
    expect(recorder.headers.every((h) => h.authorization === expected)).toBe(true);
  });

  it('keeps them out of the status the host can read', async () => {
    const host = await connectHost(gateway);
    const status = JSON.stringify(await host.client.readResource({ uri: 'switchboard://status' }));
    expect(status).not.toContain('p@ss word');
    expect(status).not.toContain(Buffer.from('deploy:p@ss word').toString('base64'));
  });
});
