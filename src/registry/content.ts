/**
 * Downstream URIs inside results, mapped to the URIs hosts see: `resource` and `resource_link`
 * content in tool results and prompt messages, and `contents[].uri` of reads. Without this a host
 * would get a URI it cannot read back through the gateway.
 *
 * Pure and non-mutating: results come back as new objects where something may change, and every
 * field the helpers do not know about (structuredContent, _meta, future fields) is kept as is.
 */
import type { RegistryView } from './types.js';

type UriMapper = (uri: string) => string;

/**
 * A `tools/call` result with `content[]` items of type `resource` (`resource.uri`) and
 * `resource_link` (`uri`) in advertised form. Everything else, `structuredContent` included, is
 * untouched.
 */
export function advertiseToolResult<T extends object>(view: RegistryView, serverId: string, result: T): T {
  const map = mapperFor(view, serverId);
  const content: unknown = (result as { content?: unknown }).content;
  if (!Array.isArray(content)) return { ...result };
  return { ...result, content: content.map((block: unknown) => advertiseBlock(block, map)) };
}

/** A `prompts/get` result with `messages[].content` of type `resource` / `resource_link` in advertised form. */
export function advertisePromptResult<T extends object>(view: RegistryView, serverId: string, result: T): T {
  const map = mapperFor(view, serverId);
  const messages: unknown = (result as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return { ...result };
  return {
    ...result,
    messages: messages.map((message: unknown) => {
      if (!isRecord(message) || !('content' in message)) return message;
      const content: unknown = message.content;
      return {
        ...message,
        content: Array.isArray(content) ? content.map((block: unknown) => advertiseBlock(block, map)) : advertiseBlock(content, map),
      };
    }),
  };
}

/** A `resources/read` result with every `contents[].uri` in advertised form. */
export function advertiseReadResult<T extends object>(view: RegistryView, serverId: string, result: T): T {
  const map = mapperFor(view, serverId);
  const contents: unknown = (result as { contents?: unknown }).contents;
  if (!Array.isArray(contents)) return { ...result };
  return { ...result, contents: contents.map((item: unknown) => withUri(item, map)) };
}

function mapperFor(view: RegistryView, serverId: string): UriMapper {
  return (uri) => view.advertiseUri(serverId, uri);
}

/** One content block: `resource` and `resource_link` get their URI mapped; any other block is returned as is. */
function advertiseBlock(block: unknown, map: UriMapper): unknown {
  if (!isRecord(block)) return block;
  if (block.type === 'resource_link') return withUri(block, map);
  if (block.type === 'resource' && isRecord(block.resource)) return { ...block, resource: withUri(block.resource, map) };
  return block;
}

function withUri(item: unknown, map: UriMapper): unknown {
  if (!isRecord(item) || typeof item.uri !== 'string') return item;
  return { ...item, uri: map(item.uri) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type { ViewChanges } from './diff.js';
