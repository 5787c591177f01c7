/**
 * The wallet page's Mithril logic, free of DOM code: list what an aggregator certified, verify its latest certificate
 * chain with progress, and certify transactions. Every failure is returned with the SDK's stable error code.
 */
import {
  createMithrilClient,
  isMithrilError,
  type CertificateCacheStorage,
  type CertificateListItem,
  type MithrilClient,
  type SignedEntityType,
} from '@mithril/sdk';

/** A failure of any action, as the page shows it. */
export interface Failure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
  /** Where the error code is documented, when the SDK knows it. */
  readonly docsPath?: string;
}

/** One artifact of a list: its hash, epoch, a short description and the certificate that signed it. */
interface ArtifactRow {
  readonly hash: string;
  readonly epoch: bigint;
  readonly detail: string;
  readonly certificateHash: string;
}

/** One kind of artifact: its rows, or why the aggregator did not list them. */
export interface ArtifactGroup {
  readonly title: string;
  readonly rows: readonly ArtifactRow[] | Failure;
}

/** What an aggregator lists. */
interface Overview {
  readonly certificates: readonly CertificateListItem[];
  readonly artifacts: readonly ArtifactGroup[];
}

/** Progress of a chain verification, after each certificate. */
export interface ChainProgress {
  readonly validated: number;
  readonly fromCache: number;
  /** The certificate just verified or taken from the cache. */
  readonly hash: string;
  readonly cached: boolean;
  /** Its epoch, when it was downloaded (a certificate taken from the cache is not). */
  readonly epoch: bigint | undefined;
  /**
   * How far the walk is from its tip to genesis, 0 to 1, by epoch: a chain holds a few certificates per epoch and
   * links each epoch to the previous one. `undefined` until the epochs of the tip and the genesis are known.
   */
  readonly fraction: number | undefined;
}

/** A verified chain. */
interface VerifiedChain {
  readonly ok: true;
  readonly tip: string;
  readonly tipEpoch: bigint;
  readonly genesis: string;
  readonly validated: number;
  readonly fromCache: number;
}

/** A certification outcome: certified by a verified certificate, or not certified by the aggregator. */
type Certification =
  | { readonly ok: true; readonly certified: true; readonly hash: string; readonly certificateHash: string; readonly latestBlockNumber: bigint }
  | { readonly ok: true; readonly certified: false; readonly hash: string };

/** The wallet page's actions on one aggregator. */
export interface Wallet {
  readonly client: MithrilClient;
  overview(): Promise<Overview | Failure>;
  verifyLatestChain(onProgress: (progress: ChainProgress) => void): Promise<VerifiedChain | Failure>;
  certifyTransaction(hash: string, onProgress: (progress: ChainProgress) => void): Promise<Certification | Failure>;
}

/** Options of {@link createWallet}. */
export interface WalletOptions {
  readonly aggregatorEndpoint: string;
  /** JSON-hex genesis verification key of the aggregator's network: the trust anchor. */
  readonly genesisVerificationKey: string;
  /** Verified-chain cache (the page passes its IndexedDB storage). */
  readonly cache?: CertificateCacheStorage;
}

/**
 * Turns a thrown value into a {@link Failure}; anything that is not a `MithrilError` is a bug and is rethrown.
 *
 * @param error - what was thrown
 * @returns the failure
 * @example
 * try { await client.listCertificates(); } catch (error) { show(failure(error)); }
 */
function failure(error: unknown): Failure {
  if (!isMithrilError(error)) throw error;
  return { ok: false, code: error.code, message: error.message, ...(error.docsPath !== undefined && { docsPath: error.docsPath }) };
}

/**
 * Names a signed entity type with its beacon, e.g. `CardanoTransactions(24, 734)`.
 *
 * @param type - the signed entity type of a certificate
 * @returns a short label
 * @example
 * describeSignedEntity({ type: 'MithrilStakeDistribution', epoch: 25n }); // 'MithrilStakeDistribution(25)'
 */
export function describeSignedEntity(type: SignedEntityType): string {
  switch (type.type) {
    case 'Unknown':
      return type.name;
    case 'CardanoTransactions':
      return `${type.type}(${type.epoch}, ${type.blockNumber})`;
    case 'CardanoBlocksTransactions':
      return `${type.type}(${type.epoch}, ${type.blockNumber}${type.blockNumberOffset === undefined ? '' : `, ${type.blockNumberOffset}`})`;
    case 'CardanoImmutableFilesFull':
    case 'CardanoDatabase':
      return `${type.type}(${type.epoch}, ${type.immutableFileNumber})`;
    default:
      return `${type.type}(${type.epoch})`;
  }
}

async function group(title: string, list: () => Promise<readonly ArtifactRow[]>): Promise<ArtifactGroup> {
  try {
    return { title, rows: await list() };
  } catch (error) {
    return { title, rows: failure(error) };
  }
}

/**
 * Creates the page's actions over one aggregator, with progress reported per certificate.
 *
 * @param options - endpoint, genesis key, cache
 * @returns the actions; each resolves to a result or a {@link Failure}, never rejects on a Mithril error
 * @throws {MithrilError} when the endpoint or the genesis key is invalid (shown by the caller)
 * @example
 * const wallet = createWallet({ aggregatorEndpoint, genesisVerificationKey, cache: openIndexedDbCache() });
 * const chain = await wallet.verifyLatestChain((p) => console.log(p.validated, p.fromCache));
 */
export function createWallet(options: WalletOptions): Wallet {
  // The client's events name certificates by hash only; the epochs, for the progress bar, are read from the
  // certificate downloads as they pass (a display hint: nothing here is trusted or verified).
  const epochs = new Map<string, bigint>();
  const observingFetch: typeof globalThis.fetch = async (input, init) => {
    const response = await globalThis.fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    const hash = /\/certificate\/([0-9a-f]{64})$/.exec(new URL(url).pathname)?.[1];
    if (hash !== undefined && response.ok) {
      const epoch = /"epoch"\s*:\s*(\d+)/.exec(await response.clone().text())?.[1];
      if (epoch !== undefined) epochs.set(hash, BigInt(epoch));
    }
    return response;
  };
  const client = createMithrilClient({
    aggregatorEndpoint: options.aggregatorEndpoint,
    genesisVerificationKey: options.genesisVerificationKey,
    fetch: observingFetch,
    ...(options.cache !== undefined && { cache: options.cache }),
  });
  let genesisEpoch: bigint | undefined;

  // #region progress
  /** Runs `action` while forwarding the client's chain events as counts and a fraction of the epochs walked. */
  async function withProgress<T>(onProgress: (progress: ChainProgress) => void, action: () => Promise<T>): Promise<T> {
    if (genesisEpoch === undefined)
      genesisEpoch = await client.getGenesisCertificate().then(
        (g) => g.epoch,
        () => undefined,
      );
    let validated = 0;
    let fromCache = 0;
    let tipEpoch: bigint | undefined;
    let fraction: number | undefined;
    const report = (hash: string, cached: boolean): void => {
      const epoch = epochs.get(hash);
      tipEpoch ??= epoch;
      if (epoch !== undefined && tipEpoch !== undefined && genesisEpoch !== undefined) {
        fraction = tipEpoch > genesisEpoch ? Number(tipEpoch - epoch) / Number(tipEpoch - genesisEpoch) : 1;
      }
      onProgress({ validated, fromCache, hash, cached, epoch, fraction });
    };
    const onValidated = (e: { certificateHash: string }): void => {
      validated++;
      report(e.certificateHash, false);
    };
    const onCached = (e: { certificateHash: string }): void => {
      fromCache++;
      report(e.certificateHash, true);
    };
    client.events.on('CertificateValidated', onValidated);
    client.events.on('CertificateFetchedFromCache', onCached);
    try {
      return await action();
    } finally {
      client.events.off('CertificateValidated', onValidated);
      client.events.off('CertificateFetchedFromCache', onCached);
    }
  }
  // #endregion progress

  return {
    client,
    async overview() {
      try {
        const [certificates, artifacts] = await Promise.all([
          client.listCertificates(),
          Promise.all([
            group('Mithril stake distributions', async () =>
              (await client.listMithrilStakeDistributions()).map((a) => ({ ...a, detail: `epoch ${a.epoch}` })),
            ),
            group('Cardano stake distributions', async () =>
              (await client.listCardanoStakeDistributions()).map((a) => ({ ...a, detail: `epoch ${a.epoch}` })),
            ),
            group('Cardano transactions snapshots', async () =>
              (await client.listCardanoTransactionsSnapshots()).map((a) => ({ ...a, detail: `up to block ${a.blockNumber}` })),
            ),
            group('Cardano blocks and transactions snapshots', async () =>
              (await client.listCardanoBlocksTransactionsSnapshots()).map((a) => ({ ...a, detail: `up to block ${a.blockNumberSigned}` })),
            ),
          ]),
        ]);
        return { certificates, artifacts };
      } catch (error) {
        return failure(error);
      }
    },
    async verifyLatestChain(onProgress) {
      try {
        const [latest] = await client.listCertificates();
        if (latest === undefined) return { ok: false, code: 'NO_CERTIFICATE', message: 'the aggregator has no certificate yet' };
        const chain = await withProgress(onProgress, () => client.verifyCertificateChain({ hash: latest.hash }));
        return {
          ok: true,
          tip: chain.certificate.hash,
          tipEpoch: chain.certificate.epoch,
          genesis: chain.genesisHash,
          validated: chain.validated.length,
          fromCache: chain.fromCache.length,
        };
      } catch (error) {
        return failure(error);
      }
    },
    async certifyTransaction(hash, onProgress) {
      try {
        const wanted = hash.trim().toLowerCase();
        const result = await withProgress(onProgress, () => client.certifyCardanoTransactions({ transactionHashes: [wanted] }));
        if (!result.certified.includes(wanted) || result.certificate === undefined || result.proofs === undefined) {
          return { ok: true, certified: false, hash: wanted };
        }
        return {
          ok: true,
          certified: true,
          hash: wanted,
          certificateHash: result.certificate.hash,
          latestBlockNumber: result.proofs.latestBlockNumber,
        };
      } catch (error) {
        return failure(error);
      }
    },
  };
}
