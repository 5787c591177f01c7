/**
 * One Ogmios connection over `@cardano-ogmios/client` (loaded lazily, an optional peer): health check and WebSocket
 * through the client's interaction context, JSON-RPC calls with a handler that turns error replies into typed
 * errors (the client's default handler resolves them to `undefined`, dependencies.md §6), and reconnection with
 * exponential backoff after the socket closes or before the first call.
 */
import { OgmiosError } from './errors.js';

/**
 * Reconnection policy: delays `initialDelayMs · 2^i`, capped at `maxDelayMs`, for at most `maxAttempts` attempts.
 *
 * @example
 * new OgmiosConnection({ port: 1337, backoff: { initialDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 10 } });
 */
export interface OgmiosBackoff {
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly maxAttempts?: number;
}

/**
 * Where Ogmios listens and how to reach it.
 *
 * @example
 * const ogmios = new OgmiosConnection({ host: '127.0.0.1', port: 1337, requestTimeoutMs: 10_000 });
 */
export interface OgmiosConnectionOptions {
  /** Host name or address (default `127.0.0.1`). */
  readonly host?: string;
  /** Port (default 1337, Ogmios's default). */
  readonly port?: number;
  /** Use `https` / `wss` (default false). */
  readonly tls?: boolean;
  /** Reconnection policy (defaults 250 ms, 10 s, 6 attempts). */
  readonly backoff?: OgmiosBackoff;
  /** Milliseconds a query may take before it fails with `OGMIOS_UNREACHABLE` (default 30 000). */
  readonly requestTimeoutMs?: number;
  /** Waits between attempts (tests pass a fast one; default `setTimeout`). */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface ClientContext {
  socket: { readyState: number; OPEN: number; close(): void; removeAllListeners(): void };
}

interface ClientModule {
  createInteractionContext(
    onError: (error: Error) => void,
    onClose: (code: number, reason: string) => void,
    options: { connection: { host: string; port: number; tls: boolean } },
  ): Promise<ClientContext>;
  Method<A>(
    request: { method: string; params?: unknown },
    response: { handler: (response: Record<string, unknown>, resolve: (value: A) => void, reject: (reason: unknown) => void) => void },
    context: ClientContext,
  ): Promise<A>;
}

let clientModule: Promise<ClientModule> | undefined;

/** Imports `@cardano-ogmios/client` once, on first use. */
function loadClient(): Promise<ClientModule> {
  clientModule ??= import('@cardano-ogmios/client').then(
    (mod) => ((mod as { default?: ClientModule }).default ?? mod) as unknown as ClientModule,
    (cause: unknown) => {
      clientModule = undefined;
      throw new OgmiosError('OGMIOS_CLIENT_MISSING', 'install @cardano-ogmios/client 6.14.0 to use the Ogmios chain observer', { cause });
    },
  );
  return clientModule;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function positive(value: number | undefined, fallback: number, field: string, allowZero = false): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 0 || (!allowZero && v === 0)) {
    throw new OgmiosError('OGMIOS_INVALID_CONFIGURATION', 'must be a positive integer', { field });
  }
  return v;
}

/**
 * A JSON-RPC session with Ogmios that reconnects by itself.
 *
 * @example
 * const ogmios = new OgmiosConnection({ host: '127.0.0.1', port: 1337 });
 * const tip = await ogmios.request('queryNetwork/tip');
 * await ogmios.close();
 */
export class OgmiosConnection {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly #initialDelay: number;
  readonly #maxDelay: number;
  readonly #maxAttempts: number;
  readonly #timeout: number;
  readonly #sleep: (ms: number) => Promise<void>;
  #context: Promise<ClientContext> | undefined;
  #closed = false;
  /** Successful connections so far (the first one included). */
  connects = 0;

  /**
   * @param options - address, backoff and timeout
   * @throws {OgmiosError} `OGMIOS_INVALID_CONFIGURATION` for a bad port or policy
   */
  constructor(options: OgmiosConnectionOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.port = positive(options.port, 1337, 'port');
    if (this.port > 65535) throw new OgmiosError('OGMIOS_INVALID_CONFIGURATION', 'must be at most 65535', { field: 'port' });
    this.tls = options.tls ?? false;
    this.#initialDelay = positive(options.backoff?.initialDelayMs, 250, 'backoff.initialDelayMs', true);
    this.#maxDelay = positive(options.backoff?.maxDelayMs, 10_000, 'backoff.maxDelayMs', true);
    this.#maxAttempts = positive(options.backoff?.maxAttempts, 6, 'backoff.maxAttempts');
    this.#timeout = positive(options.requestTimeoutMs, 30_000, 'requestTimeoutMs');
    this.#sleep = options.sleep ?? sleepFor;
  }

  /** `host:port` of the Ogmios server. */
  get address(): string {
    return `${this.tls ? 'wss' : 'ws'}://${this.host}:${this.port}`;
  }

  async #connect(): Promise<ClientContext> {
    const client = await loadClient();
    let last: unknown;
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      if (attempt > 0) await this.#sleep(Math.min(this.#maxDelay, this.#initialDelay * 2 ** (attempt - 1)));
      if (this.#closed) break;
      try {
        const context = await client.createInteractionContext(
          () => {},
          () => {
            this.#context = undefined;
          },
          { connection: { host: this.host, port: this.port, tls: this.tls } },
        );
        this.connects++;
        return context;
      } catch (error) {
        last = error;
      }
    }
    const reason = last instanceof Error ? last.message : String(last);
    throw new OgmiosError('OGMIOS_UNREACHABLE', `cannot reach Ogmios at ${this.address} after ${this.#maxAttempts} attempts: ${reason}`, {
      cause: last,
      details: { address: this.address },
    });
  }

  #contextNow(): Promise<ClientContext> {
    if (this.#context === undefined) {
      const pending = this.#connect();
      this.#context = pending;
      pending.catch(() => {
        if (this.#context === pending) this.#context = undefined;
      });
    }
    return this.#context;
  }

  /**
   * Sends one JSON-RPC request and returns its `result`; reconnects (with backoff) when the socket is closed, and
   * retries the request once on a connection lost mid-call.
   *
   * @param method - e.g. `queryLedgerState/epoch`
   * @param params - the request's `params`, if any
   * @returns the reply's `result`
   * @throws {OgmiosError} `OGMIOS_RPC_ERROR` for an error reply (JSON-RPC code in `details.code`),
   *   `OGMIOS_UNREACHABLE` when Ogmios cannot be reached or does not answer in time, `OGMIOS_CLIENT_MISSING`
   * @example
   * const epoch = await connection.request('queryLedgerState/epoch');
   */
  async request(method: string, params?: Record<string, unknown>): Promise<unknown> {
    if (this.#closed) throw new OgmiosError('OGMIOS_UNREACHABLE', `the connection to ${this.address} was closed`);
    for (let round = 0; ; round++) {
      const context = await this.#contextNow();
      if (context.socket.readyState !== context.socket.OPEN) {
        this.#context = undefined;
        if (round < 1) continue;
      }
      try {
        return await this.#call(context, method, params);
      } catch (error) {
        if (error instanceof OgmiosError || round >= 1) throw lost(error, method, this.address);
        this.#context = undefined;
      }
    }
  }

  async #call(context: ClientContext, method: string, params: Record<string, unknown> | undefined): Promise<unknown> {
    const client = await loadClient();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new OgmiosError('OGMIOS_UNREACHABLE', `${method}: no answer from ${this.address} within ${this.#timeout} ms`)),
        this.#timeout,
      );
    });
    const call = client.Method<unknown>(
      params === undefined ? { method } : { method, params },
      {
        handler(response, resolve, reject) {
          if (response.error !== undefined) reject(rpcError(method, response.error));
          else if ('result' in response && response.method === method) resolve(response.result);
          else reject(new OgmiosError('OGMIOS_UNEXPECTED_RESPONSE', `${method}: the reply has neither a result nor an error`));
        },
      },
      context,
    );
    try {
      return await Promise.race([call, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the socket; later requests fail with `OGMIOS_UNREACHABLE`. */
  async close(): Promise<void> {
    this.#closed = true;
    const pending = this.#context;
    this.#context = undefined;
    const context = await pending?.catch(() => undefined);
    context?.socket.close();
  }
}

function rpcError(method: string, error: unknown): OgmiosError {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  const code = typeof e.code === 'number' ? e.code : Number(e.code);
  return new OgmiosError('OGMIOS_RPC_ERROR', `${method}: Ogmios error ${code}: ${String(e.message ?? 'no message')}`, {
    details: { method, code, data: e.data },
  });
}

function lost(error: unknown, method: string, address: string): OgmiosError {
  if (error instanceof OgmiosError) return error;
  const reason = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
  return new OgmiosError('OGMIOS_UNREACHABLE', `${method}: connection to ${address} lost: ${reason}`, { cause: error });
}
