/**
 * Following the catalog file: every valid change is handed over as a new `Catalog`, an invalid
 * one is reported (with file:line) and the running catalog stays. Changes are noticed by
 * `watchFileChanges` (debounced, every way of saving); identical content is ignored. Reads run
 * one at a time, in order, on a queue: one that fails never stops the ones after it.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import PQueue from 'p-queue';
import { watchFileChanges } from '../shared/file-changes.js';
import { ConfigError } from './errors.js';
import { parseCatalog } from './load.js';
import type { Catalog } from './schema.js';

export interface CatalogWatcherOptions {
  /** Absolute path of the catalog. */
  file: string;
  env: Readonly<Record<string, string | undefined>>;
  /** A valid new catalog. */
  onCatalog: (catalog: Catalog) => void;
  /** The file changed but is invalid (or unreadable); the running catalog stays. */
  onInvalid: (error: ConfigError) => void;
  /** Quiet time after the last change before reading. @default 150 */
  debounceMs?: number;
  /** How often the file is also polled (for filesystems without change events), ms; 0 = never. @default 1000 */
  pollMs?: number;
}

export class CatalogWatcher {
  #stop: (() => void) | undefined;
  #lastText: string | undefined;
  readonly #reads = new PQueue({ concurrency: 1 });

  constructor(private readonly options: CatalogWatcherOptions) {}

  /** Starts watching; `current` is the text the running catalog came from (changes are compared to it). */
  start(current?: string): this {
    this.#lastText = current;
    const { file, debounceMs, pollMs } = this.options;
    this.#stop = watchFileChanges(file, () => void this.#read(), { ...(debounceMs !== undefined && { debounceMs }), ...(pollMs !== undefined && { pollMs }) });
    return this;
  }

  /** Re-reads now (SIGHUP), even when the content looks unchanged. */
  reload(): Promise<void> {
    this.#lastText = undefined;
    return this.#read();
  }

  close(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  /** Queues one read; the last one read wins. Never rejects: a failure is reported as invalid. */
  #read(): Promise<void> {
    return this.#reads
      .add(() => this.#readOnce())
      .catch((error: unknown) => {
        const message = `the catalog could not be applied (${(error as Error).message}); keeping the running one`;
        this.options.onInvalid(new ConfigError([{ file: this.options.file, path: '', message }]));
      });
  }

  async #readOnce(): Promise<void> {
    const { file, env } = this.options;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.options.onInvalid(new ConfigError([{ file, path: '', message: `cannot read the catalog (${reason}); keeping the running one` }]));
      return;
    }
    if (text === this.#lastText) return;
    this.#lastText = text;
    try {
      this.options.onCatalog({ ...parseCatalog(text, { file, env, cwd: dirname(file) }), file });
    } catch (error) {
      if (error instanceof ConfigError) return this.options.onInvalid(error);
      // Not the file's fault: the same text saved again is tried again.
      this.#lastText = undefined;
      throw error;
    }
  }
}
