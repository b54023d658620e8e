/**
 * The gateway's own opaque cursors for upstream lists. A cursor names the view it was cut from, so
 * paging through a list stays consistent while servers come and go; a cursor whose view is no
 * longer kept, or that was never ours, is refused with -32602. Downstream cursors never leak: the
 * gateway drains every downstream page itself.
 */
import { GatewayError } from '../errors.js';
import type { RegistryView } from '../registry/types.js';

export type ListKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

interface CursorData {
  k: ListKind;
  g: number;
  o: number;
}

/** How many past views stay pageable. */
const KEPT_VIEWS = 8;

export class Paginator {
  readonly #views: { generation: number; view: RegistryView }[] = [];
  #generation = 0;

  /** @param pageSize items per page; 0 = everything in one page. */
  constructor(private readonly pageSize: number) {}

  page<K extends ListKind>(kind: K, current: RegistryView, cursor: string | undefined): { items: RegistryView[K][number][]; nextCursor?: string } {
    const { view, generation, offset } = cursor === undefined ? this.#start(current) : this.#resume(kind, cursor);
    const all = view[kind] as readonly RegistryView[K][number][];
    if (this.pageSize <= 0) return { items: [...all] };
    const end = offset + this.pageSize;
    const items = all.slice(offset, end);
    if (end >= all.length) return { items };
    return { items, nextCursor: encode({ k: kind, g: generation, o: end }) };
  }

  #start(view: RegistryView) {
    // Hosts of different capabilities page different views of the same moment: each keeps its generation.
    const kept = this.#views.find((v) => v.view === view);
    if (kept) return { view, generation: kept.generation, offset: 0 };
    const generation = ++this.#generation;
    this.#views.push({ generation, view });
    if (this.#views.length > KEPT_VIEWS) this.#views.shift();
    return { view, generation, offset: 0 };
  }

  #resume(kind: ListKind, cursor: string) {
    const data = decode(cursor);
    const kept = data && data.k === kind ? this.#views.find((v) => v.generation === data.g) : undefined;
    if (!data || !kept) {
      throw new GatewayError('INVALID_PARAMS', `Invalid or expired cursor for ${kind} list; list again from the start`, { cursor });
    }
    return { view: kept.view, generation: kept.generation, offset: data.o };
  }
}

function encode(data: CursorData): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

function decode(cursor: string): CursorData | undefined {
  try {
    const data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorData>;
    const kinds: ListKind[] = ['tools', 'prompts', 'resources', 'resourceTemplates'];
    if (!kinds.includes(data.k as ListKind) || !Number.isSafeInteger(data.g) || !Number.isSafeInteger(data.o) || (data.o as number) < 0) return undefined;
    return data as CursorData;
  } catch {
    return undefined;
  }
}
