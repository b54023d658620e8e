/**
 * The bridge between a 2026-07-28 host, which cannot be asked anything mid-call, and a server that
 * asks its client something during a call (sampling, elicitation, roots: every 2025-11-25 server
 * does it with a request; a 2026-07-28 server's `input_required` arrives here the same way, through
 * the SDK client that fulfils it).
 *
 * The host's call becomes a flow: the downstream call runs on, and when the server asks, the host's
 * request is answered `input_required` with the question and a signed `requestState` naming the
 * flow. The host retries the same request with its answers (`inputResponses`) and that
 * `requestState`; the answers go to the waiting server, and the retry is answered with the call's
 * result, or with the next question. Nothing is tied to a connection: the state is the flow id,
 * signed with a key of this process, so a retry may come on any request. Bounded: at most
 * `maxRounds` rounds, and a flow the host does not come back to within `idleTimeoutMs` is ended
 * (its questions refused, the server's call cancelled).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ProtocolErrorCode } from '@modelcontextprotocol/server';
import { WireError } from '../errors.js';

type Result = Record<string, unknown>;

/** A question a server asked, as it goes into `inputRequests`. */
export interface InputRequest {
  method: string;
  params?: Record<string, unknown>;
}

/** Puts a server's question to the host of the flow; resolves with the host's answer. */
export type Ask = (request: InputRequest) => Promise<unknown>;

/** What the downstream call is given: the way to ask, to end the host's request with an error, and to report progress. */
export interface FlowHandle {
  ask: Ask;
  /** Ends the host's request in progress with `error` (e.g. a capability it lacks); the call goes on. */
  refuse: (error: Error) => void;
  /** Progress of the call, relayed to whichever host request is waiting for it now. */
  progress: (progress: { progress: number; total?: number; message?: string }) => void;
  /** Whether a host request is waiting for the call now (not between rounds). */
  hostWaiting: () => boolean;
  signal: AbortSignal;
}

/** The host request now waiting for the flow: what cancels it and where its progress goes. */
export interface HostRequest {
  cancelled: AbortSignal;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/** What a call is: its method and the name (or URI) it targets, which a retry must repeat. */
export interface FlowTarget {
  method: string;
  target: string;
}

export interface InputBridgeOptions {
  /** Rounds of questions per call. @default 16 */
  maxRounds?: number;
  /** How long a flow waits for the host's retry, ms. @default 300000 */
  idleTimeoutMs?: number;
  /** Calls waiting for a host's retry at once; past it, a server's question is refused. @default 1024 */
  maxFlows?: number;
}

interface Question {
  request: InputRequest;
  sent: boolean;
  resolve: (answer: unknown) => void;
  reject: (error: Error) => void;
}

class Flow {
  readonly abort = new AbortController();
  readonly questions = new Map<string, Question>();
  rounds = 0;
  settled: { result: Result } | { error: unknown } | undefined;
  /** An error for the host request in progress only (the call itself goes on). */
  refused: Error | undefined;
  /** The host request waiting for this flow now. */
  current: HostRequest | undefined;
  idle: NodeJS.Timeout | undefined;
  #next = 0;
  #wake: (() => void) | undefined;

  constructor(
    readonly id: string,
    readonly target: FlowTarget,
  ) {}

  ask(request: InputRequest): Promise<unknown> {
    if (this.abort.signal.aborted) return Promise.reject(new Error('the call ended'));
    return new Promise((resolve, reject) => {
      this.questions.set(`q${this.#next++}`, { request, sent: false, resolve, reject });
      this.wake();
    });
  }

  wake(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Resolves once the call has settled, the host request is refused, or a question has not been put to the host yet. */
  async changed(): Promise<void> {
    while (!this.settled && !this.refused && ![...this.questions.values()].some((question) => !question.sent)) {
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  end(reason: string): void {
    this.abort.abort(new Error(reason));
    clearTimeout(this.idle);
    for (const question of this.questions.values()) question.reject(new WireError(ProtocolErrorCode.InternalError, reason));
    this.questions.clear();
  }
}

export class InputBridge {
  readonly #flows = new Map<string, Flow>();
  readonly #key = randomBytes(32);
  readonly #maxRounds: number;
  readonly #idleTimeoutMs: number;
  readonly #maxFlows: number;

  constructor(options: InputBridgeOptions = {}) {
    this.#maxFlows = options.maxFlows ?? 1024;
    this.#maxRounds = options.maxRounds ?? 16;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
  }

  /** Flows waiting for a host's retry right now. */
  get size(): number {
    return this.#flows.size;
  }

  /**
   * Starts a call: `run` is the downstream call, given the `ask` that puts the server's questions
   * to the host and the signal that cancels it. Answers with its result, or `input_required`.
   */
  async start(target: FlowTarget, run: (flow: FlowHandle) => Promise<Result>, request: HostRequest): Promise<Result> {
    if (this.#flows.size >= this.#maxFlows) {
      const busy = new WireError(ProtocolErrorCode.InternalError, `${this.#maxFlows} calls are already waiting for their hosts' input; try again later`);
      return run({
        ask: () => Promise.reject(busy),
        refuse: () => {},
        progress: (p) => request.onProgress?.(p),
        hostWaiting: () => true,
        signal: request.cancelled,
      });
    }
    const flow = new Flow(randomBytes(16).toString('base64url'), target);
    this.#flows.set(flow.id, flow);
    const handle: FlowHandle = {
      ask: (question) => flow.ask(question),
      refuse: (error) => {
        flow.refused = error;
        flow.wake();
      },
      progress: (progress) => flow.current?.onProgress?.(progress),
      hostWaiting: () => flow.current !== undefined,
      signal: flow.abort.signal,
    };
    flow.current = request;
    run(handle).then(
      (result) => void ((flow.settled = { result }), flow.wake()),
      (error: unknown) => void ((flow.settled = { error }), flow.wake()),
    );
    return this.#answer(flow, request);
  }

  /** A retry of a call that was answered `input_required`: its answers go to the server. */
  async resume(requestState: string, target: FlowTarget, inputResponses: Record<string, unknown>, request: HostRequest): Promise<Result> {
    const flow = this.#flowOf(requestState);
    if (!flow || flow.target.method !== target.method || flow.target.target !== target.target) {
      throw new WireError(
        ProtocolErrorCode.InvalidParams,
        'requestState is unknown, expired or for another request: send the request again without requestState and inputResponses',
      );
    }
    clearTimeout(flow.idle);
    flow.rounds += 1;
    for (const [key, answer] of Object.entries(inputResponses)) {
      const question = flow.questions.get(key);
      if (!question?.sent) continue;
      flow.questions.delete(key);
      question.resolve(answer);
    }
    // Questions the host left unanswered are put to it again.
    for (const question of flow.questions.values()) question.sent = false;
    return this.#answer(flow, request);
  }

  /** Whether `requestState` was signed here (a server's own state is not, and goes to it as it came). */
  owns(requestState: string): boolean {
    const [id, round, mac] = requestState.split('.');
    if (id === undefined || round === undefined || mac === undefined) return false;
    const expected = Buffer.from(this.#mac(`${id}.${round}`));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Ends every flow (shutdown). */
  close(): void {
    for (const flow of this.#flows.values()) flow.end('the gateway is shutting down');
    this.#flows.clear();
  }

  /** The answer to the host's request now in progress; the host cancelling it cancels the call. */
  async #answer(flow: Flow, request: HostRequest): Promise<Result> {
    const { cancelled } = request;
    const onCancel = () => {
      this.#drop(flow, 'the host cancelled the request');
      flow.settled ??= { error: new WireError(ProtocolErrorCode.InternalError, 'the request was cancelled') };
      flow.wake();
    };
    if (cancelled.aborted) onCancel();
    cancelled.addEventListener('abort', onCancel, { once: true });
    flow.current = request;
    try {
      return await this.#next(flow);
    } finally {
      if (flow.current === request) flow.current = undefined;
      cancelled.removeEventListener('abort', onCancel);
    }
  }

  async #next(flow: Flow): Promise<Result> {
    await flow.changed();
    // Questions a server asks together go to the host in one round: wait until two turns pass without a new one.
    for (let quiet = 0, seen = flow.questions.size; !flow.settled && !flow.refused && quiet < 2;) {
      await new Promise((resolve) => setImmediate(resolve));
      quiet = flow.questions.size === seen ? quiet + 1 : 0;
      seen = flow.questions.size;
    }
    if (flow.refused) {
      const refused = flow.refused;
      this.#drop(flow, refused.message);
      throw refused;
    }
    if (flow.settled) {
      this.#flows.delete(flow.id);
      clearTimeout(flow.idle);
      if ('error' in flow.settled) throw flow.settled.error;
      return flow.settled.result;
    }
    if (flow.rounds >= this.#maxRounds) {
      this.#drop(flow, `the server kept asking for input: more than ${this.#maxRounds} rounds; the call was cancelled`);
      throw new WireError(ProtocolErrorCode.InternalError, `the call took more than ${this.#maxRounds} rounds of input; it was cancelled`);
    }
    const inputRequests: Record<string, InputRequest> = {};
    for (const [key, question] of flow.questions) {
      if (question.sent) continue;
      question.sent = true;
      inputRequests[key] = question.request;
    }
    flow.idle = setTimeout(() => this.#drop(flow, `the host did not answer within ${this.#idleTimeoutMs} ms; the call was cancelled`), this.#idleTimeoutMs);
    flow.idle.unref();
    return { resultType: 'input_required', inputRequests, requestState: this.#sign(flow.id, flow.rounds) };
  }

  #drop(flow: Flow, reason: string): void {
    this.#flows.delete(flow.id);
    flow.end(reason);
  }

  /** `<flow>.<round>.<mac>`: a new state each round, so an old round's retry is refused. */
  #sign(id: string, round: number): string {
    return `${id}.${round}.${this.#mac(`${id}.${round}`)}`;
  }

  #flowOf(requestState: string): Flow | undefined {
    if (!this.owns(requestState)) return undefined;
    const [id, round] = requestState.split('.');
    const flow = this.#flows.get(id as string);
    return flow && String(flow.rounds) === round ? flow : undefined;
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#key).update(text).digest('base64url');
  }
}
