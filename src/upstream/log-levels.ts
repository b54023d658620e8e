import type { LoggingLevel } from '@modelcontextprotocol/server';

/** MCP log levels (`logging/setLevel`, `notifications/message`), least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const satisfies readonly LoggingLevel[];
