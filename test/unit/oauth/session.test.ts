import { describe, expect, it } from 'vitest';
import { refreshDue, storedTokens } from '../../../src/oauth/session.js';

describe('refresh timing', () => {
  it('refreshes a minute before expiry, or at 80 % of a short life', () => {
    const hour = { access_token: 'a', token_type: 'Bearer', obtained_at: 0, expires_at: 3_600_000 };
    expect(refreshDue(hour, 3_539_999)).toBe(false);
    expect(refreshDue(hour, 3_540_000)).toBe(true);
    const short = { ...hour, expires_at: 1000 };
    expect(refreshDue(short, 799)).toBe(false);
    expect(refreshDue(short, 800)).toBe(true);
    expect(refreshDue({ access_token: 'a', token_type: 'Bearer', obtained_at: 0 }, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('stores the expiry as a time', () => {
    expect(storedTokens({ access_token: 'a', token_type: 'Bearer', expires_in: 60, refresh_token: 'r' }, 1000)).toEqual({
      access_token: 'a',
      token_type: 'Bearer',
      refresh_token: 'r',
      expires_at: 61_000,
      obtained_at: 1000,
    });
  });
});
