/**
 * The simulated devnet every aggregator and signer example shares: the same three pools, the same protocol
 * parameters, and epochs aligned on the wall clock, so that an aggregator process and signer processes started at
 * different times agree on the current epoch.
 */
import type { ProtocolParameters } from '@mithril/sdk';
import { createDevnetChain, devnetPoolId, type DevnetChain } from '@mithril/sdk/devnet';

/** Pools of the example devnet (stake in lovelace). A signer example picks one by name. */
export const DEVNET_POOLS: ReadonlyMap<string, bigint> = new Map([
  ['alice', 3_000_000_000_000n],
  ['bob', 2_000_000_000_000n],
  ['carol', 1_000_000_000_000n],
]);

/** Small parameters so that a devnet round is fast (real networks use m in the thousands). */
export const DEVNET_PROTOCOL_PARAMETERS: ProtocolParameters = { k: 5n, m: 50n, phiF: 0.65 };

/** Epoch 0 of the example devnet: 2026-01-01T00:00:00Z. */
const DEVNET_ORIGIN_MS = Date.UTC(2026, 0, 1);

/**
 * A devnet chain whose epoch is `floor((now − 2026-01-01) / epochDurationMs)`, identical in every process that uses
 * the same duration.
 *
 * @param epochDurationMs - epoch length (default: `$EPOCH_MS` or 10 000)
 * @returns the chain, a `ChainObserver`
 */
export function createWallClockDevnetChain(epochDurationMs = Number(process.env.EPOCH_MS ?? 10_000)): DevnetChain {
  const startEpoch = Math.floor((Date.now() - DEVNET_ORIGIN_MS) / epochDurationMs);
  const stakes = new Map([...DEVNET_POOLS].map(([name, stake]) => [devnetPoolId(name), stake]));
  return createDevnetChain({
    stakes: () => stakes,
    startEpoch: BigInt(startEpoch),
    originMs: DEVNET_ORIGIN_MS + startEpoch * epochDurationMs,
    clock: Date.now,
    epochDurationMs,
  });
}

/** The storage methods {@link loadOrCreateGenesisSecret} needs (any unstorage `Storage` fits). */
export interface SecretStorage {
  getItem(key: string): Promise<unknown>;
  setItem(key: string, value: { secretKey: string }): Promise<void>;
}

/**
 * The devnet genesis secret: `$GENESIS_SECRET_KEY` (64 hex characters) when set, else the one kept in `storage`,
 * else a fresh random one that is then kept, so a restarted aggregator continues the same chain. Devnets only: a
 * public network's genesis key never sits next to its aggregator.
 *
 * @param storage - where the secret is kept
 * @returns 64 hex characters
 */
export async function loadOrCreateGenesisSecret(storage: SecretStorage): Promise<string> {
  const fromEnv = process.env.GENESIS_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const stored = (await storage.getItem('devnet:genesis')) as { secretKey?: unknown } | null;
  if (typeof stored?.secretKey === 'string' && /^[0-9a-f]{64}$/.test(stored.secretKey)) return stored.secretKey;
  const secretKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex');
  await storage.setItem('devnet:genesis', { secretKey });
  return secretKey;
}
