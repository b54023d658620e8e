/**
 * Whatever ends the gateway process, its servers end with it. A clean stop (stdin EOF, SIGTERM,
 * SIGINT) goes through `Gateway.stop()`; this covers the rest: an uncaught exception or unhandled
 * rejection is logged to stderr, every child's process group is killed at once (there is no
 * telling what state an async stop would meet), and the process exits with 70 (EX_SOFTWARE). A
 * process `exit` for any other reason (the stop deadline, `process.exit` anywhere) kills what is
 * still running too.
 */
import type { Logger } from '../log.js';

/** Exit code after an uncaught error (sysexits' EX_SOFTWARE). */
const FATAL_EXIT_CODE = 70;

/** What the guard needs from the gateway. */
export interface Killable {
  killNow(): void;
}

/** Installs the guard; the returned function removes it (for tests and in-process embedding). */
export function guardProcess(gateway: Killable, logger: Logger): () => void {
  let fatal = false;
  const onFatal = (origin: string) => (error: unknown) => {
    if (fatal) return;
    fatal = true;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logger.error(`fatal ${origin}, stopping every server: ${message}`);
    gateway.killNow();
    process.exit(FATAL_EXIT_CODE);
  };
  const onException = onFatal('uncaught exception');
  const onRejection = onFatal('unhandled rejection');
  const onExit = () => gateway.killNow();
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  process.on('exit', onExit);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
    process.off('exit', onExit);
  };
}
