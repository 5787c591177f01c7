/**
 * The signer runtime (nodes.md §3): a tick-driven state machine that registers a fresh STM key every epoch for the
 * recording epoch (`registration.ts`), and signs each open beacon with the message it computes itself from its own
 * chain view (`signing.ts`).
 */
import { registerForEpoch } from './registration.js';
import { resolveSignerRuntime, type EpochContext } from './runtime.js';
import type { Signer, SignerOptions, SignerState } from './signer-types.js';
import { prepareEpoch, signEpoch, type PreparedEpoch } from './signing.js';

/** The signer's public types (declared in `signer-types.ts`). */
export type { RegistrationDeferredReason, Signer, SignerEvents, SignerOptions, SignerState } from './signer-types.js';

function sameState(a: SignerState, b: SignerState): boolean {
  return a.name === b.name && ('epoch' in a ? a.epoch : undefined) === ('epoch' in b ? b.epoch : undefined);
}

/**
 * Creates a signer (nodes.md §3): on each tick it reads its chain, fetches the aggregator's epoch settings and protocol
 * configurations, registers a fresh STM key for the recording epoch (once per epoch; 550 ⇒ retry next tick), and once
 * its key is among the current signers computes and signs every open beacon, publishing with retries.
 *
 * @param options - see {@link SignerOptions}
 * @returns the signer, idle until `tick()` or `start()`
 * @throws {SignerError} `SIGNER_INVALID_CONFIGURATION` for missing or malformed options
 * @example
 * const signer = createSigner({ partyId, chainObserver: chain, fetch: aggregator.fetch });
 * signer.events.on('signature-published', (e) => console.log(e.signedMessage));
 * await signer.tick();
 */
export function createSigner(options: SignerOptions): Signer {
  const rt = resolveSignerRuntime(options);
  const { events, chainObserver } = rt;
  let state: SignerState = { name: 'init' };
  let context: EpochContext | undefined;
  let signingCache: { epoch: bigint; prepared: Promise<PreparedEpoch> } | undefined;

  const moveTo = (to: SignerState): void => {
    if (sameState(state, to)) return;
    const from = state;
    state = to;
    events.emit('state-changed', { from, to });
  };

  const onUnregistered = async (epoch: bigint): Promise<void> => {
    const result = await registerForEpoch(rt, epoch);
    if (result === undefined) return;
    context = result.context;
    moveTo(result.readyToSign ? { name: 'ready-to-sign', epoch } : { name: 'registered-not-able-to-sign', epoch });
  };

  const onReadyToSign = async (epoch: bigint): Promise<void> => {
    const ctx = context;
    if (ctx === undefined || ctx.epoch !== epoch) {
      moveTo({ name: 'unregistered', epoch });
      return;
    }
    if (signingCache?.epoch !== epoch) signingCache = { epoch, prepared: prepareEpoch(rt, ctx) };
    let prepared: PreparedEpoch;
    try {
      prepared = await signingCache.prepared;
    } catch (error) {
      signingCache = undefined;
      events.emit('error', { phase: 'sign', error });
      return;
    }
    await signEpoch(rt, ctx, prepared);
  };

  /** One state-machine step; returns whether the state changed (then another step may run in the same tick). */
  const step = async (): Promise<boolean> => {
    const before = state;
    const epoch = await chainObserver.getCurrentEpoch();
    switch (state.name) {
      case 'init':
        moveTo({ name: 'unregistered', epoch });
        break;
      case 'unregistered':
        if (epoch > state.epoch) moveTo({ name: 'unregistered', epoch });
        else await onUnregistered(state.epoch);
        break;
      case 'registered-not-able-to-sign':
        if (epoch > state.epoch) moveTo({ name: 'unregistered', epoch });
        break;
      case 'ready-to-sign':
        if (epoch > state.epoch) moveTo({ name: 'unregistered', epoch });
        else await onReadyToSign(state.epoch);
        break;
    }
    return !sameState(before, state);
  };

  let queue: Promise<unknown> = Promise.resolve();
  const tick = (): Promise<SignerState> => {
    const run = async (): Promise<SignerState> => {
      let failed = false;
      const onError = (): void => {
        failed = true;
      };
      events.on('error', onError);
      try {
        // A tick walks as far as it can: init → unregistered → ready-to-sign → signed, in one go.
        for (let i = 0; i < 4 && (await step()); i++);
      } catch (error) {
        events.emit('error', { phase: 'tick', error });
      } finally {
        events.off('error', onError);
      }
      events.emit('cycle', { ok: !failed, state });
      return state;
    };
    const next = queue.then(run, run);
    queue = next;
    return next;
  };

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  return {
    partyId: rt.partyId,
    events,
    get state() {
      return state;
    },
    tick,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          await tick();
          if (!running) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, rt.runIntervalMs);
          });
        }
      })();
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      wake?.();
      await loop;
      await queue.catch(() => undefined);
    },
  };
}
