import { describe, expect, it } from 'vitest';
import { RequestObserver, type HostRequest } from '../../../src/upstream/request-events.js';

const host = (): HostRequest => ({
  method: 'tools/call',
  requestId: 1,
  sessionId: undefined,
  meta: undefined,
  params: undefined,
  target: 'a__b',
  startedAt: performance.now(),
  client: () => ({ name: undefined, protocolVersion: undefined }),
  slots: {},
});

describe('RequestObserver', () => {
  it('is inactive until somebody listens for requests', () => {
    const observer = new RequestObserver();
    expect(observer.active).toBe(false);
    const stop = () => undefined;
    observer.on('request:end', stop);
    expect(observer.active).toBe(true);
    observer.off('request:end', stop);
    expect(observer.active).toBe(false);
  });

  it('hands the downstream request the _meta keys a listener put in, and reports both ends', () => {
    const observer = new RequestObserver();
    const ends: string[] = [];
    observer.on('downstream:start', (down) => void (down.meta = { traceparent: 'tp' }));
    observer.on('downstream:end', (down, end) => void ends.push(`${down.serverId} ${end.outcome}`));
    const down = observer.downstream(host(), 'a', 'tools/call');
    expect(down.meta).toEqual({ traceparent: 'tp' });
    down.end({ outcome: 'tool_error' });
    expect(ends).toEqual(['a tool_error']);
  });
});
