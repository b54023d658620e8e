/**
 * Following the catalog file: every valid change is handed over as a new `Catalog`, an invalid
 * one is reported (with file:line) and the running catalog stays. Editors save in many ways
 * (truncate + write, write to a temp file + rename), so the folder is watched, changes are
 * debounced, and identical content is ignored.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
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
}

export class CatalogWatcher {
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastText: string | undefined;
  #reading: Promise<void> = Promise.resolve();

  constructor(private readonly options: CatalogWatcherOptions) {}

  /** Starts watching; `current` is the text the running catalog came from (changes are compared to it). */
  start(current?: string): this {
    this.#lastText = current;
    const name = basename(this.options.file);
    this.#watcher = watch(dirname(this.options.file), { persistent: false }, (_event, changed) => {
      if (changed === null || changed.toString() === name) this.#schedule();
    });
    this.#watcher.on('error', () => undefined);
    return this;
  }

  /** Re-reads now (SIGHUP), even when the content looks unchanged. */
  reload(): Promise<void> {
    this.#lastText = undefined;
    return this.#read();
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#read(), this.options.debounceMs ?? 150);
  }

  #read(): Promise<void> {
    // One read at a time, in order: the last one read wins.
    this.#reading = this.#reading.then(async () => {
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
        if (error instanceof ConfigError) this.options.onInvalid(error);
        else throw error;
      }
    });
    return this.#reading;
  }
}
