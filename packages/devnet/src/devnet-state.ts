/**
 * The devnet's own state (genesis secret key and the epoch the chain had reached), kept beside the aggregator's
 * records. Written through the atomic fs driver, so a kill at any instant leaves the previous or the new document.
 * The genesis secret is also kept under its own key, written once and never rewritten, so that a state document torn
 * by an older version (non-atomic writes) costs at most the epoch, which is then read back from the aggregator's
 * recorded time point.
 */
import { randomBytes } from 'node:crypto';
import { prefixStorage, type Storage } from 'unstorage';

/** What survives a restart of `npm start`. */
export interface DevnetState {
  readonly genesisSecretKey: string;
  /** Epoch the chain had reached, so that a restart resumes there instead of starting over. */
  readonly epoch: string;
}

/** How the state was obtained. */
export type DevnetStateOrigin = 'new' | 'loaded' | 'recovered';

const HEX_KEY = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

function parse(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function secretOf(value: unknown): string | undefined {
  const v = parse(value) as { genesisSecretKey?: unknown } | undefined;
  return typeof v?.genesisSecretKey === 'string' && HEX_KEY.test(v.genesisSecretKey) ? v.genesisSecretKey : undefined;
}

function epochOf(value: unknown): string | undefined {
  const v = parse(value) as { epoch?: unknown } | undefined;
  return typeof v?.epoch === 'string' && DECIMAL.test(v.epoch) ? v.epoch : undefined;
}

/** Thrown when the state is damaged beyond what can be recovered. */
export class DevnetStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DevnetStateError';
  }
}

/**
 * Loads the devnet state, creating it on first start and recovering it when the document was torn.
 *
 * @param storage - the devnet's root storage (the aggregator's records live under `aggregator:mithril-aggregator`)
 * @returns the state and how it was obtained
 * @throws {DevnetStateError} when the genesis secret is lost (start again with `--reset`)
 * @example
 * const { state, origin } = await loadDevnetState(storage);
 */
export async function loadDevnetState(storage: Storage): Promise<{ state: DevnetState; origin: DevnetStateOrigin }> {
  const own = prefixStorage(storage, 'devnet');
  // Raw reads: a torn document must not throw here.
  const savedRaw = await own.getItemRaw('state');
  const saved =
    savedRaw === null || savedRaw === undefined ? null : typeof savedRaw === 'string' ? savedRaw : new TextDecoder().decode(savedRaw as Uint8Array);
  const kept = secretOf(await own.getItem('genesis'));
  if (saved === null && kept === undefined) {
    const state: DevnetState = { genesisSecretKey: randomBytes(32).toString('hex'), epoch: '1' };
    await own.setItem('genesis', JSON.stringify({ genesisSecretKey: state.genesisSecretKey }));
    await saveDevnetState(storage, state);
    return { state, origin: 'new' };
  }
  const secret = secretOf(saved) ?? kept;
  if (secret === undefined) throw new DevnetStateError('the devnet state is damaged and its genesis secret key is lost: start again with --reset');
  if (kept === undefined) await own.setItem('genesis', JSON.stringify({ genesisSecretKey: secret }));
  const epoch = epochOf(saved);
  if (epoch !== undefined) return { state: { genesisSecretKey: secret, epoch }, origin: 'loaded' };
  const recorded = epochOf(
    await prefixStorage(storage, 'aggregator:mithril-aggregator')
      .getItem('time-point')
      .catch(() => undefined),
  );
  if (recorded === undefined) throw new DevnetStateError('the devnet state is damaged and no epoch was recorded: start again with --reset');
  const state = { genesisSecretKey: secret, epoch: recorded };
  await saveDevnetState(storage, state);
  return { state, origin: 'recovered' };
}

/**
 * Saves the devnet state (atomic on the atomic fs driver).
 *
 * @param storage - the devnet's root storage
 * @param state - the state
 * @example
 * await saveDevnetState(storage, { ...state, epoch: '12' });
 */
export async function saveDevnetState(storage: Storage, state: DevnetState): Promise<void> {
  await prefixStorage(storage, 'devnet').setItem('state', JSON.stringify(state));
}
