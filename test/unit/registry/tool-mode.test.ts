import { describe, expect, it } from 'vitest';
import { resolveToolMode } from '../../../src/registry/index.js';

describe('resolveToolMode', () => {
  it('lists every tool unless told otherwise', () => {
    expect(resolveToolMode([undefined, undefined], 500)).toEqual({ mode: 'all', configured: 'all', threshold: 40, promote: 16 });
  });

  it('searches in auto mode only above the threshold', () => {
    expect(resolveToolMode([{ mode: 'auto' }], 40).mode).toBe('all');
    expect(resolveToolMode([{ mode: 'auto' }], 41).mode).toBe('search');
    expect(resolveToolMode([{ mode: 'auto', autoThreshold: 100 }], 101).mode).toBe('search');
    expect(resolveToolMode([{ mode: 'auto', autoThreshold: 100 }], 100).mode).toBe('all');
  });

  it('takes each field from the most specific layer that sets it', () => {
    const profile = { mode: 'search' as const };
    const settings = { mode: 'all' as const, autoThreshold: 10, promote: 4 };
    expect(resolveToolMode([profile, settings], 3)).toEqual({ mode: 'search', configured: 'search', threshold: 10, promote: 4 });
    expect(resolveToolMode([{ autoThreshold: 5 }, { mode: 'auto' as const, autoThreshold: 50 }], 6)).toMatchObject({ mode: 'search', threshold: 5 });
    expect(resolveToolMode([{ promote: 0 }, { promote: 8 }], 1).promote).toBe(0);
  });
});
