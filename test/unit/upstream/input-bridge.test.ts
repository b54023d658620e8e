import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputBridge, type FlowHandle } from '../../../src/upstream/input-bridge.js';
import { eventually } from '../../helpers/eventually.js';

const TARGET = { method: 'tools/call', target: 'old:confirm' };
const live = () => ({ cancelled: new AbortController().signal });

/** A downstream call that asks `questions` in turn, then returns what it was told. */
function asking(questions: string[]) {
  let cancelled: unknown;
  const run = async ({ ask, signal }: FlowHandle) => {
    signal.addEventListener('abort', () => (cancelled = signal.reason));
    const answers: unknown[] = [];
    for (const message of questions) answers.push(await ask({ method: 'elicitation/create', params: { message } }));
    return { content: [{ type: 'text', text: JSON.stringify(answers) }] };
  };
  return { run, cancelled: () => cancelled };
}

type InputRequired = { resultType: string; inputRequests: Record<string, { params: { message: string } }>; requestState: string };

afterEach(() => {
  vi.useRealTimers();
});

describe('InputBridge', () => {
  it('answers a call that asks nothing with its result', async () => {
    const bridge = new InputBridge();
    expect(await bridge.start(TARGET, asking([]).run, live())).toEqual({ content: [{ type: 'text', text: '[]' }] });
    expect(bridge.size).toBe(0);
  });

  it('puts each question to the host as input_required and the answers to the server', async () => {
    const bridge = new InputBridge();
    const first = (await bridge.start(TARGET, asking(['one?', 'two?']).run, live())) as InputRequired;
    expect(first.resultType).toBe('input_required');
    const [key1] = Object.keys(first.inputRequests);
    expect(first.inputRequests[key1 as string]?.params.message).toBe('one?');
    const second = (await bridge.resume(first.requestState, TARGET, { [key1 as string]: { action: 'accept', content: { n: 1 } } }, live())) as InputRequired;
    const [key2] = Object.keys(second.inputRequests);
    expect(second.inputRequests[key2 as string]?.params.message).toBe('two?');
    const done = await bridge.resume(second.requestState, TARGET, { [key2 as string]: { action: 'decline' } }, live());
    expect(done).toEqual({ content: [{ type: 'text', text: '[{"action":"accept","content":{"n":1}},{"action":"decline"}]' }] });
    expect(bridge.size).toBe(0);
  });

  it('asks again what the host left unanswered', async () => {
    const bridge = new InputBridge();
    const first = (await bridge.start(TARGET, asking(['one?']).run, live())) as InputRequired;
    const again = (await bridge.resume(first.requestState, TARGET, {}, live())) as InputRequired;
    expect(Object.values(again.inputRequests).map((request) => request.params.message)).toEqual(['one?']);
  });

  it("gives each round its own requestState and refuses an earlier round's", async () => {
    const bridge = new InputBridge();
    const first = (await bridge.start(TARGET, asking(['one?', 'two?']).run, live())) as InputRequired;
    const [key1] = Object.keys(first.inputRequests);
    const second = (await bridge.resume(first.requestState, TARGET, { [key1 as string]: { action: 'accept' } }, live())) as InputRequired;
    expect(second.requestState).not.toBe(first.requestState);
    await expect(bridge.resume(first.requestState, TARGET, {}, live())).rejects.toMatchObject({ code: -32602 });
  });

  it('relays progress to the host request waiting now, the call or its retry', async () => {
    const bridge = new InputBridge();
    let report: FlowHandle['progress'] = () => {};
    let answer: (value: Record<string, unknown>) => void = () => {};
    const run = async ({ ask, progress }: FlowHandle) => {
      report = progress;
      progress({ progress: 1 });
      await ask({ method: 'elicitation/create', params: { message: 'one?' } });
      return new Promise<Record<string, unknown>>((resolve) => (answer = resolve));
    };
    const first: number[] = [];
    const retry: number[] = [];
    const asked = (await bridge.start(TARGET, run, { ...live(), onProgress: (p) => first.push(p.progress) })) as InputRequired;
    const [key] = Object.keys(asked.inputRequests);
    const done = bridge.resume(asked.requestState, TARGET, { [key as string]: { action: 'accept' } }, { ...live(), onProgress: (p) => retry.push(p.progress) });
    await eventually(() => retry.length === 0 && first.length === 1);
    report({ progress: 2 });
    answer({ content: [] });
    expect(await done).toEqual({ content: [] });
    expect(first).toEqual([1]);
    expect(retry).toEqual([2]);
  });

  it('ends the host request with the error it is refused with, and the call', async () => {
    const bridge = new InputBridge();
    const refusal = Object.assign(new Error('Missing required client capabilities: sampling'), { code: -32021 });
    const run = async ({ refuse, signal }: FlowHandle) => {
      refuse(refusal);
      return new Promise<Record<string, unknown>>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    await expect(bridge.start(TARGET, run, live())).rejects.toBe(refusal);
    expect(bridge.size).toBe(0);
  });

  it('refuses a forged, stale or mismatched requestState with -32602', async () => {
    const bridge = new InputBridge();
    const first = (await bridge.start(TARGET, asking(['one?']).run, live())) as InputRequired;
    const [id, round] = first.requestState.split('.');
    await expect(bridge.resume(`${id}.${round}.forged`, TARGET, {}, live())).rejects.toMatchObject({ code: -32602 });
    await expect(bridge.resume(first.requestState, { method: 'tools/call', target: 'old:other' }, {}, live())).rejects.toMatchObject({ code: -32602 });
    await expect(bridge.resume('nonsense', TARGET, {}, live())).rejects.toMatchObject({ code: -32602 });
  });

  it('ends a flow the host does not come back to, cancelling the server call', async () => {
    // The idle deadline is a setTimeout; the bridge's own turns (setImmediate) stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const bridge = new InputBridge({ idleTimeoutMs: 1000 });
    const call = asking(['one?']);
    const first = (await bridge.start(TARGET, call.run, live())) as InputRequired;
    await vi.advanceTimersByTimeAsync(999);
    expect(bridge.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(bridge.size).toBe(0);
    expect(String(call.cancelled())).toMatch(/did not answer within 1000 ms/);
    await expect(bridge.resume(first.requestState, TARGET, {}, live())).rejects.toMatchObject({ code: -32602 });
  });

  it('gives up after maxRounds rounds', async () => {
    const bridge = new InputBridge({ maxRounds: 2 });
    const call = asking(['1', '2', '3', '4']);
    let answer = (await bridge.start(TARGET, call.run, live())) as InputRequired;
    const reply = (state: InputRequired) => Object.fromEntries(Object.keys(state.inputRequests).map((key) => [key, { action: 'accept' }]));
    answer = (await bridge.resume(answer.requestState, TARGET, reply(answer), live())) as InputRequired;
    await expect(bridge.resume(answer.requestState, TARGET, reply(answer), live())).rejects.toThrow(/more than 2 rounds/);
    expect(String(call.cancelled())).toMatch(/more than 2 rounds/);
  });

  it('cancels the server call when the host cancels its request', async () => {
    const bridge = new InputBridge();
    let cancelled: unknown;
    let answered = false;
    // Asks once, then works on until cancelled.
    const run = async ({ ask, signal }: FlowHandle) => {
      await ask({ method: 'elicitation/create', params: { message: 'one?' } });
      answered = true;
      return new Promise<Record<string, unknown>>((_resolve, reject) => signal.addEventListener('abort', () => reject((cancelled = signal.reason))));
    };
    const first = (await bridge.start(TARGET, run, live())) as InputRequired;
    const host = new AbortController();
    const [key] = Object.keys(first.inputRequests);
    const retry = bridge.resume(first.requestState, TARGET, { [key as string]: { action: 'accept' } }, { cancelled: host.signal });
    await eventually(() => answered);
    host.abort();
    await expect(retry).rejects.toThrow(/cancelled/);
    expect(String(cancelled)).toMatch(/host cancelled/);
    expect(bridge.size).toBe(0);
  });
});
