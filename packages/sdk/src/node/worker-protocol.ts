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
);

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
