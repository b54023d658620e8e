/**
 * The JSON text of a request's params or result, made at most once per object however many
 * observers want its size or digest (metrics count bytes, the audit trail hashes it).
 */
const texts = new WeakMap<object, string>();

/** `value` as JSON; '' for undefined. Cached per object. */
function jsonOf(value: object | undefined): string {
  if (value === undefined) return '';
  let text = texts.get(value);
  if (text === undefined) {
    try {
      text = JSON.stringify(value) ?? '';
    } catch {
      // A cycle or a BigInt cannot come off the wire; whatever it is, it has no JSON size.
      text = '';
    }
    texts.set(value, text);
  }
  return text;
}

/** UTF-8 size of `value`'s JSON. */
export function sizeOf(value: object | undefined): number {
  return value === undefined ? 0 : Buffer.byteLength(jsonOf(value));
}
