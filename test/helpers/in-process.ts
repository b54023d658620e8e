/**
 * The gateway in-process (real downstream child processes), with SDK clients connected to host
 * sessions over the SDK's in-memory transport.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { ClientCapabilities, Notification } from '@modelcontextprotocol/client';
import { parseCatalog } from '../../src/config/index.js';
import { Gateway } from '../../src/gateway.js';
import { ROOT } from './paths.js';

export interface Host {
  client: Client;
  notifications: Notification[];
}

export async function startGateway(yaml: string, clientCapabilities: ClientCapabilities = {}): Promise<Gateway> {
  const catalog = parseCatalog(yaml, { env: process.env, cwd: ROOT });
  const gateway = new Gateway(catalog);
  await gateway.start(clientCapabilities);
  return gateway;
}

export async function connectHost(gateway: Gateway, capabilities: ClientCapabilities = {}, name = 'host'): Promise<Host> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await gateway.createSession().connect(serverSide);
  const client = new Client({ name, version: '1.0.0' }, { capabilities });
  const notifications: Notification[] = [];
  client.fallbackNotificationHandler = async (notification) => {
    notifications.push(notification);
  };
  await client.connect(clientSide);
  return { client, notifications };
}
