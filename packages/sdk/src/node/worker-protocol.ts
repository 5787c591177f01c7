import type { MithrilErrorCode } from '@mithril/sdk';
import type { VerifySingleSignaturesBatchOptions } from '@mithril/sdk';
import type { VerifyAggregateSignatureOptions, VerifySingleSignatureOptions } from '@mithril/sdk';

/** Options that cross the thread boundary (plain data: no backend, cache, hasher or callbacks). */
type Data<T> = Omit<T, 'backend' | 'cache' | 'lotteryHasher' | 'randomBytes'>;

/** A task sent to a verification worker. */
export type WorkerTask = { readonly id: number; readonly backend: 'noble' | 'mcl' } & (
  | { readonly kind: 'single'; readonly options: Data<VerifySingleSignatureOptions> }
  | { readonly kind: 'aggregate'; readonly options: Data<VerifyAggregateSignatureOptions> }
  | { readonly kind: 'batch'; readonly options: Data<VerifySingleSignaturesBatchOptions> }
  | { readonly kind: 'aggregate-share'; readonly options: AggregateShareTask }
  | { readonly kind: 'clear-cache' }
);

/** A task without the fields the pool fills in (distributed over the union, so each kind keeps its options). */
export type WorkerTaskBody = WorkerTask extends infer T ? (T extends unknown ? Omit<T, 'id' | 'backend'> : never) : never;

/**
 * One slice of an aggregate's BLS work: decode (and validate) its signatures and keys, then the partial sums
 * `Σ r_i·σ_i` and `Σ r_i·vk_i` over the slice.
 */
export interface AggregateShareTask {
  /** Index of the slice's first entry in the whole aggregate (for error fields). */
  readonly offset: number;
  readonly sigmas: readonly Uint8Array[];
  readonly vks: readonly Uint8Array[];
  /** The aggregation scalars of the slice's entries (computed over every signature of the aggregate). */
  readonly scalars: readonly bigint[];
}

/** What a worker answers to an {@link AggregateShareTask}. */
export type AggregateShareResult =
  | { readonly ok: true; readonly sigma: Uint8Array; readonly vk: Uint8Array }
  /** The first point of the slice that failed to decode: signatures are decoded before keys, as in-process. */
  | { readonly ok: false; readonly stage: 'sigma' | 'vk'; readonly index: number; readonly error: SerializedError };

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: MithrilErrorCode;
  readonly field?: string | undefined;
  readonly details?: Record<string, unknown> | undefined;
}

/** A worker's answer to one task. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };
