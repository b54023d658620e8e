/**
 * Reading a server's complete lists: every page of tools, prompts, resources and resource
 * templates, items kept exactly as the server sent them.
 *
 * `Client.listTools()` and friends parse with strict schemas that drop unknown fields, and the
 * SDK's `listChanged.autoRefresh` reads page 1 only; a faithful relay drains every page itself.
 */
import type { Client, Prompt, Resource, ResourceTemplateType, ServerCapabilities, Tool } from '@modelcontextprotocol/client';
import { z } from 'zod';
import type { Logger } from '../log.js';

/** Accepts any JSON object and keeps every field: results are relayed, not interpreted. */
export const LooseResultSchema = z.looseObject({});
export type LooseResult = z.infer<typeof LooseResultSchema>;

export type ListKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

export interface ServerLists {
  tools: Tool[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplateType[];
}

interface ListSpec {
  method: string;
  /** The capability the server must advertise. */
  capability: 'tools' | 'prompts' | 'resources';
  /** The field of the result (and of `ServerLists`) that holds the items. */
  key: ListKind;
  /** The field every item must carry as a string. */
  idField: 'name' | 'uri' | 'uriTemplate';
  /** The notification that says this list changed. */
  changed: string;
}

const LIST_SPECS: Record<ListKind, ListSpec> = {
  tools: { method: 'tools/list', capability: 'tools', key: 'tools', idField: 'name', changed: 'notifications/tools/list_changed' },
  prompts: { method: 'prompts/list', capability: 'prompts', key: 'prompts', idField: 'name', changed: 'notifications/prompts/list_changed' },
  resources: { method: 'resources/list', capability: 'resources', key: 'resources', idField: 'uri', changed: 'notifications/resources/list_changed' },
  resourceTemplates: {
    method: 'resources/templates/list',
    capability: 'resources',
    key: 'resourceTemplates',
    idField: 'uriTemplate',
    changed: 'notifications/resources/list_changed',
  },
};

const LIST_KINDS = Object.keys(LIST_SPECS) as ListKind[];

export interface DrainOptions {
  /** Deadline of each page request, in ms. */
  timeout: number;
  signal?: AbortSignal;
  /** Stop after this many pages (a server that keeps handing out new cursors). @default 1000 */
  maxPages?: number;
  logger: Logger;
  /** Drops the tools this connection must not offer (see `ParamHeaderRules`). */
  filterTools?: (tools: unknown[]) => unknown[];
}

export function emptyLists(): ServerLists {
  return { tools: [], prompts: [], resources: [], resourceTemplates: [] };
}

/** The lists a server with `capabilities` can be asked for. */
export function listKindsFor(capabilities: ServerCapabilities | undefined): ListKind[] {
  return LIST_KINDS.filter((kind) => capabilities?.[LIST_SPECS[kind].capability] !== undefined);
}

/** The list kinds a `notifications/<x>/list_changed` method refreshes. */
export function listKindsForNotification(method: string): ListKind[] {
  return LIST_KINDS.filter((kind) => LIST_SPECS[kind].changed === method);
}

/** Every item of one list, following `nextCursor` until it is absent. */
export async function drainList(client: Client, kind: ListKind, options: DrainOptions): Promise<unknown[]> {
  const spec = LIST_SPECS[kind];
  const maxPages = options.maxPages ?? 1000;
  const items: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) {
      options.logger.warn(`${spec.method}: stopped after ${maxPages} pages`, { items: items.length });
      break;
    }
    const result = await client.request({ method: spec.method, params: cursor !== undefined ? { cursor } : {} }, LooseResultSchema, {
      timeout: options.timeout,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const pageItems = result[spec.key];
    if (Array.isArray(pageItems)) {
      for (const item of pageItems) {
        if (isItem(item, spec.idField)) items.push(item);
        else options.logger.warn(`${spec.method}: skipped an item without a string "${spec.idField}"`);
      }
    }
    const next = result.nextCursor;
    if (typeof next !== 'string') break;
    if (seen.has(next)) {
      options.logger.warn(`${spec.method}: the server repeated cursor ${JSON.stringify(next)}; stopped paging`, { items: items.length });
      break;
    }
    seen.add(next);
    cursor = next;
  }
  return kind === 'tools' && options.filterTools ? options.filterTools(items) : items;
}

/** All lists the server advertises, drained in parallel. */
export async function drainAll(client: Client, options: DrainOptions): Promise<ServerLists> {
  const lists = emptyLists();
  const kinds = listKindsFor(client.getServerCapabilities());
  await Promise.all(
    kinds.map(async (kind) => {
      setList(lists, kind, await drainList(client, kind, options));
    }),
  );
  return lists;
}

/** Put items of `kind` into `lists`; the items were checked by `drainList` for their id field only. */
export function setList(lists: ServerLists, kind: ListKind, items: unknown[]): void {
  (lists as unknown as Record<ListKind, unknown[]>)[kind] = items;
}

/** Whether two versions of a list are the same (same items, same order). */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

function isItem(item: unknown, idField: ListSpec['idField']): boolean {
  return typeof item === 'object' && item !== null && typeof (item as Record<string, unknown>)[idField] === 'string';
}
