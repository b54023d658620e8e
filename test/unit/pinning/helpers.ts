/** Plain-object tools and snapshots for the pinning tests. */
import type { Tool } from '@modelcontextprotocol/server';
import type { Catalog } from '../../../src/config/schema.js';
import { SettingsSchema } from '../../../src/config/schema.js';
import type { LogLevel, Logger } from '../../../src/log.js';
import type { ServerSnapshot } from '../../../src/registry/types.js';

export const SEARCH: Tool = {
  name: 'search',
  title: 'Search',
  description: 'Searches the docs.\nReturns the best matches.',
  inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  annotations: { readOnlyHint: true },
};

export const FETCH: Tool = { name: 'fetch', description: 'Fetches a page', inputSchema: { type: 'object' } };

export function snapshot(serverId: string, tools: Tool[]): ServerSnapshot {
  return { serverId, tools, prompts: [], resources: [], resourceTemplates: [] };
}

/** A catalog for the guard: settings with `pinning`, a file (or none). */
export function catalogWith(pinning: Record<string, unknown>, file?: string): Pick<Catalog, 'file' | 'settings'> {
  return { settings: SettingsSchema.parse({ pinning }), ...(file !== undefined && { file }) };
}

/** A logger that keeps its lines. */
export function recordingLogger(): Logger & { lines: { level: LogLevel; message: string }[] } {
  const lines: { level: LogLevel; message: string }[] = [];
  const make = (): Logger => ({
    error: (message) => void lines.push({ level: 'error', message }),
    warn: (message) => void lines.push({ level: 'warn', message }),
    info: (message) => void lines.push({ level: 'info', message }),
    debug: (message) => void lines.push({ level: 'debug', message }),
    child: () => make(),
  });
  return Object.assign(make(), { lines });
}
