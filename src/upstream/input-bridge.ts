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

  /** Resolves once the call has settled or a question has not been put to the host yet. */
  async changed(): Promise<void> {
    while (!this.settled && ![...this.questions.values()].some((question) => !question.sent)) {
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
  async start(target: FlowTarget, run: (ask: Ask, signal: AbortSignal) => Promise<Result>, cancelled: AbortSignal): Promise<Result> {
    if (this.#flows.size >= this.#maxFlows) {
      const refuse: Ask = async () => {
        throw new WireError(ProtocolErrorCode.InternalError, `${this.#maxFlows} calls are already waiting for their hosts' input; try again later`);
      };
      return run(refuse, new AbortController().signal);
    }
    const flow = new Flow(randomBytes(16).toString('base64url'), target);
    this.#flows.set(flow.id, flow);
    run((request) => flow.ask(request), flow.abort.signal).then(
      (result) => void ((flow.settled = { result }), flow.wake()),
      (error: unknown) => void ((flow.settled = { error }), flow.wake()),
    );
    return this.#answer(flow, cancelled);
  }

  /** A retry of a call that was answered `input_required`: its answers go to the server. */
  async resume(requestState: string, target: FlowTarget, inputResponses: Record<string, unknown>, cancelled: AbortSignal): Promise<Result> {
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
    return this.#answer(flow, cancelled);
  }

  /** Ends every flow (shutdown). */
  close(): void {
    for (const flow of this.#flows.values()) flow.end('the gateway is shutting down');
    this.#flows.clear();
  }

  /** The answer to the host's request now in progress; the host cancelling it cancels the call. */
  async #answer(flow: Flow, cancelled: AbortSignal): Promise<Result> {
    const onCancel = () => {
      this.#drop(flow, 'the host cancelled the request');
      flow.settled ??= { error: new WireError(ProtocolErrorCode.InternalError, 'the request was cancelled') };
      flow.wake();
    };
    if (cancelled.aborted) onCancel();
    cancelled.addEventListener('abort', onCancel, { once: true });
    try {
      return await this.#next(flow);
    } finally {
      cancelled.removeEventListener('abort', onCancel);
    }
  }

  async #next(flow: Flow): Promise<Result> {
    await flow.changed();
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
    return { resultType: 'input_required', inputRequests, requestState: this.#sign(flow.id) };
  }

  #drop(flow: Flow, reason: string): void {
    this.#flows.delete(flow.id);
    flow.end(reason);
  }

  #sign(id: string): string {
    return `${id}.${this.#mac(id)}`;
  }

  #flowOf(requestState: string): Flow | undefined {
    const [id, mac] = requestState.split('.');
    if (id === undefined || mac === undefined) return undefined;
    const expected = Buffer.from(this.#mac(id));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return this.#flows.get(id);
  }

  #mac(id: string): string {
    return createHmac('sha256', this.#key).update(id).digest('base64url');
  }
}
