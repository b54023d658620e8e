import { redact } from './redact.js';
import { escapeControl } from './shared/terminal.js';

/**
 * A tiny leveled logger that writes to stderr only: in stdio mode stdout is the MCP protocol.
 * Level comes from `MCP_SWITCHBOARD_LOG` (error | warn | info | debug), default `info`.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines carry `[scope]`. */
  child(scope: string): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go. @default process.stderr */
  write?: (line: string) => void;
  scope?: string;
}

export function parseLogLevel(value: string | undefined): LogLevel {
  return value !== undefined && value in ORDER ? (value as LogLevel) : 'info';
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? parseLogLevel(process.env.MCP_SWITCHBOARD_LOG);
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const threshold = ORDER[level];

  const emit = (lineLevel: LogLevel, scope: string | undefined, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lineLevel] > threshold) return;
    const head = scope ? `[switchboard:${scope}]` : '[switchboard]';
    const tail = fields && Object.keys(fields).length > 0 ? ` ${formatFields(fields)}` : '';
    // One line per entry: a newline or escape inside a server's text is shown, never acted on.
    write(`${escapeControl(redact(`${head} ${lineLevel}: ${message}${tail}`))}\n`);
  };

  const make = (scope: string | undefined): Logger => ({
    error: (m, f) => emit('error', scope, m, f),
    warn: (m, f) => emit('warn', scope, m, f),
    info: (m, f) => emit('info', scope, m, f),
    debug: (m, f) => emit('debug', scope, m, f),
    child: (s) => make(scope ? `${scope}:${s}` : s),
  });
  return make(options.scope);
}

function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : safeJson(v)}`)
    .join(' ');
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A logger that drops everything (tests, `--quiet`). */
export const silentLogger: Logger = createLogger({ write: () => {} });
