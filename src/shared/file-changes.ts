/**
 * The one way the gateway notices that a file it depends on changed (the catalog, the pin state
 * file): `fs.watch` on the folder, which sees every way editors save (truncate and write, write a
 * temp file and rename) at once, plus a `watchFile` poll for the filesystems where `fs.watch` says
 * nothing (network mounts, some container bind mounts). Both feed one debounce, so a save is one
 * call of `onChange`, however many events it makes. Nothing here keeps the process alive.
 */
import { unwatchFile, watch, watchFile, type FSWatcher, type Stats } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileChangeOptions {
  /** Quiet time after the last event before `onChange`, ms. @default 150 */
  debounceMs?: number;
  /** How often the file is also polled, ms; 0 = no polling. @default 1000 */
  pollMs?: number;
}

/** Calls `onChange` after `file` changed; returns the function that stops watching. */
export function watchFileChanges(file: string, onChange: () => void, options: FileChangeOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? 150;
  const pollMs = options.pollMs ?? 1000;
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
    timer.unref();
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      if (changed === null || changed.toString() === name) schedule();
    });
    // A folder that goes away (or a watcher limit) ends the fast path; the poll stays.
    watcher.on('error', () => watcher?.close());
  } catch {
    // No fs.watch for this folder: the poll alone.
  }
  const poll = (current: Stats, previous: Stats) => {
    if (current.mtimeMs !== previous.mtimeMs || current.ino !== previous.ino || current.size !== previous.size) schedule();
  };
  if (pollMs > 0) watchFile(file, { interval: pollMs, persistent: false }, poll);

  return () => {
    clearTimeout(timer);
    watcher?.close();
    if (pollMs > 0) unwatchFile(file, poll);
  };
}
