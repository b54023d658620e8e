import { describe, expect, it } from 'vitest';
import { exceedsDepth, MAX_DEFINITION_DEPTH, MAX_RESULT_DEPTH, nestedObject } from '../../../src/shared/depth.js';

describe('exceedsDepth', () => {
  it('measures nesting: scalars are 0, each object or array adds one', () => {
    expect(exceedsDepth('x', 0)).toBe(false);
    expect(exceedsDepth({}, 0)).toBe(true);
    expect(exceedsDepth({ a: [{}] }, 3)).toBe(false);
    expect(exceedsDepth({ a: [{}] }, 2)).toBe(true);
    expect(exceedsDepth(nestedObject(MAX_DEFINITION_DEPTH), MAX_DEFINITION_DEPTH)).toBe(false);
    expect(exceedsDepth(nestedObject(MAX_DEFINITION_DEPTH + 1), MAX_DEFINITION_DEPTH)).toBe(true);
  });

  it('handles 5,000 and 100,000 levels without overflowing the stack', () => {
    expect(exceedsDepth(nestedObject(5_000), MAX_DEFINITION_DEPTH)).toBe(true);
    expect(exceedsDepth(nestedObject(100_000), MAX_RESULT_DEPTH)).toBe(true);
    let deepArray: unknown = [];
    for (let i = 0; i < 100_000; i += 1) deepArray = [deepArray];
    expect(exceedsDepth(deepArray, MAX_RESULT_DEPTH)).toBe(true);
  });

  it('terminates on cyclic values', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(exceedsDepth(cyclic, 10)).toBe(false);
  });
});
