/**
 * Which protocol era a server is spoken to in, and what is remembered about it between starts.
 *
 * `era: auto` probes once: the first start sends `server/discover` (2026-07-28) before anything
 * else and falls back to `initialize` (2025-11-25) when the server does not answer it; the verdict
 * is kept, so later starts (restarts, reconnects) skip the probe and open the way the server
 * answered. A 2026-07-28 verdict that turns out wrong fails loudly at connect and is dropped; a
 * 2025-11-25 verdict cannot be caught out (an upgraded server still answers `initialize`), so it
 * is re-probed once it is older than a day. Verdicts also go to the `EraStore` given (a file next
 * to the catalog), so the next run of the gateway starts from them.
 */
import type { DiscoverResult, PriorDiscovery, VersionNegotiationMode } from '@modelcontextprotocol/client';
import type { ServerEra } from '../config/schema.js';
import type { EraStore, StoredVerdict } from './era-store.js';

/** How long a 2025-11-25 verdict is trusted before the next start probes again. */
export const LEGACY_VERDICT_TTL_MS = 24 * 60 * 60 * 1000;

/** The 2026-07-28-era revision the gateway speaks to servers. */
const MODERN_REVISION = '2026-07-28';

export type Verdict = { kind: 'modern'; discover: DiscoverResult } | { kind: 'legacy' };

/** Where verdicts outlive the process (see era-store.ts), and this server's key there. */
export interface VerdictShelf {
  store: Pick<EraStore, 'get' | 'set'>;
  key: string;
}

export class EraMemory {
  #verdict: StoredVerdict | undefined;

  constructor(
    private readonly era: ServerEra,
    private readonly now: () => number = Date.now,
    private readonly shelf?: VerdictShelf,
  ) {
    if (era === 'auto') this.#verdict = shelf?.store.get(shelf.key);
  }

  /** The SDK client's negotiation mode for this server. */
  get mode(): VersionNegotiationMode {
    if (this.era === 'legacy') return 'legacy';
    if (this.era === 'modern') return { pin: MODERN_REVISION };
    return 'auto';
  }

  /** The verdict to connect with (no probe), or undefined to probe (auto) or negotiate as pinned. */
  prior(): PriorDiscovery | undefined {
    if (this.era !== 'auto' || !this.#verdict) return undefined;
    const { verdict, at } = this.#verdict;
    if (verdict.kind === 'legacy' && this.now() - at > LEGACY_VERDICT_TTL_MS) return undefined;
    return verdict;
  }

  /** What the last connect found out (the SDK's discover result, or none: 2025-11-25). */
  remember(discover: DiscoverResult | undefined): void {
    if (this.era !== 'auto') return;
    this.#verdict = { verdict: discover ? { kind: 'modern', discover } : { kind: 'legacy' }, at: this.now() };
    this.shelf?.store.set(this.shelf.key, this.#verdict);
  }

  /** A connect made with the remembered verdict failed in a way that may mean the verdict is wrong. */
  forget(): void {
    this.#verdict = undefined;
    this.shelf?.store.set(this.shelf.key, undefined);
  }
}
