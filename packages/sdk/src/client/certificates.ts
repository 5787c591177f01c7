/**
 * Certificate actions of the aggregator client: fetch, list, and verify a chain with prefetching, progress events
 * and the verified-chain cache (certificates.md §6.1, §6.4; nodes.md §9.3).
 */
import { CertificateError } from '../certificate/errors.js';
import { isGenesisCertificate } from '../certificate/hash.js';
import { parseCertificate, parseCertificateList } from '../certificate/schemas.js';
import type { Certificate, CertificateListItem } from '../certificate/types.js';
import { verifyCertificate } from '../certificate/verify.js';
import type { CachedCertificate } from './cache.js';
import { ClientError, throwIfAborted } from './errors.js';
import { assertHash, callSignal } from './internal.js';
import type { ActionOptions, MithrilClientBase } from './types.js';

/**
 * Fetches and parses the full certificate with this hash (`GET /certificate/{hash}`). The certificate is not
 * verified; use {@link verifyCertificateChain} for that.
 *
 * @param client - the client
 * @param hash - 64 lowercase hex characters
 * @param options - signal
 * @returns the parsed certificate (u64 values as bigint)
 * @throws {ClientError} `CLIENT_NOT_FOUND`, `CLIENT_HTTP_ERROR`, `CLIENT_NETWORK_ERROR`, `CLIENT_TIMEOUT`,
 *   `CLIENT_ABORTED`, `CLIENT_INVALID_OPTIONS`
 * @throws {CertificateError} `MESSAGE_INVALID` on a malformed body; `CERTIFICATE_HASH_MISMATCH` when the server
 *   answers with another certificate than the one asked for
 * @example
 * const certificate = await getCertificate(client, msd.certificateHash);
 */
export async function getCertificate(client: MithrilClientBase, hash: string, options?: ActionOptions): Promise<Certificate> {
  return (await fetchCertificateWithText(client, hash, callSignal(client, options))).certificate;
}

/** Fetches a certificate like {@link getCertificate}, keeping the exact text served for the verified-chain cache. */
async function fetchCertificateWithText(client: MithrilClientBase, hash: string, signal: AbortSignal | undefined): Promise<CachedCertificate> {
  assertHash(hash, 'hash');
  const text = await client.http.getText(`certificate/${hash}`, { signal });
  const certificate = parseCertificate(text);
  if (certificate.hash !== hash) {
    throw new CertificateError('CERTIFICATE_HASH_MISMATCH', `asked for certificate ${hash}, the aggregator sent ${certificate.hash}`, {
      field: 'hash',
      details: { certificateHash: hash },
    });
  }
  return { certificate, text };
}

/**
 * Fetches the latest genesis certificate (`GET /certificate/genesis`), unverified.
 *
 * @param client - the client
 * @param options - signal
 * @returns the parsed genesis certificate
 * @throws {ClientError} `CLIENT_NOT_FOUND` and the other HTTP codes
 * @throws {CertificateError} `MESSAGE_INVALID`
 *
 * @example
 * const genesis = await getGenesisCertificate(client); // parsed, not verified
 */
export async function getGenesisCertificate(client: MithrilClientBase, options?: ActionOptions): Promise<Certificate> {
  return parseCertificate(await client.http.getText('certificate/genesis', { signal: callSignal(client, options) }));
}

/**
 * Lists the most recent certificates (`GET /certificates`, at most 20, newest first). List items carry no
 * signatures and can never be verified (trap 33).
 *
 * @param client - the client
 * @param options - signal
 * @returns the list items
 * @throws {ClientError} HTTP codes
 * @throws {CertificateError} `MESSAGE_INVALID`
 *
 * @example
 * const [latest] = await listCertificates(client); // unsigned summaries: verify before trusting
 * if (latest !== undefined) await verifyCertificateChain(client, { hash: latest.hash });
 */
export async function listCertificates(client: MithrilClientBase, options?: ActionOptions): Promise<CertificateListItem[]> {
  return parseCertificateList(await client.http.getText('certificates', { signal: callSignal(client, options) }));
}

/**
 * Options of {@link verifyCertificateChain}.
 *
 * @example
 * await client.verifyCertificateChain({ hash: latest.hash, signal: AbortSignal.timeout(120_000) });
 */
export interface VerifyCertificateChainParameters extends ActionOptions {
  /** Hash of the certificate to authenticate (e.g. an artifact's `certificate_hash`). */
  readonly hash: string;
}

/**
 * Outcome of {@link verifyCertificateChain}.
 *
 * @example
 * const { certificate, genesisHash, validated, fromCache } = await client.verifyCertificateChain({ hash });
 * console.log(`${certificate.hash} → ${genesisHash}: ${validated.length} verified, ${fromCache.length} from the cache`);
 */
export interface VerifyCertificateChainResult {
  /** The verified tip: its `signedMessage` and protocol-message parts are now authenticated. */
  readonly certificate: Certificate;
  /** Id carried by this run's events. */
  readonly certificateChainValidationId: string;
  /** Hashes fully verified in this run, tip first, genesis last. */
  readonly validated: readonly string[];
  /** Hashes skipped because the cache holds them, in walk order. */
  readonly fromCache: readonly string[];
  /** Hash of the genesis certificate the chain ends at. */
  readonly genesisHash: string;
}

/** Resolves `promise`, or rejects with `CLIENT_ABORTED` as soon as `signal` aborts. */
async function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  throwIfAborted(signal);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new ClientError('CLIENT_ABORTED', 'the operation was aborted', { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}

/** Lets pending I/O and abort events run between two CPU-heavy verifications. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Fetches certificates along `previous_hash` links ahead of the verifier, at most `lookahead` beyond the last one
 * asked for, skipping hashes the cache will let the walk jump over or read locally.
 */
class CertificatePrefetcher {
  private readonly pending = new Map<string, Promise<CachedCertificate>>();

  constructor(
    private readonly fetchOne: (hash: string) => Promise<CachedCertificate>,
    private readonly lookahead: number,
    private readonly isCached: (hash: string) => Promise<boolean>,
  ) {}

  get(hash: string): Promise<CachedCertificate> {
    const promise = this.start(hash);
    if (this.lookahead > 0) void this.ahead(promise, this.lookahead);
    return promise;
  }

  private start(hash: string): Promise<CachedCertificate> {
    let promise = this.pending.get(hash);
    if (promise === undefined) {
      promise = this.fetchOne(hash);
      // Prefetched certificates may never be awaited (cache jump, earlier failure): keep them from going unhandled.
      promise.catch(() => undefined);
      this.pending.set(hash, promise);
    }
    return promise;
  }

  private async ahead(from: Promise<CachedCertificate>, depth: number): Promise<void> {
    let current = from;
    for (let i = 0; i < depth; i++) {
      let certificate: Certificate;
      try {
        certificate = (await current).certificate;
      } catch {
        return;
      }
      const next = certificate.previousHash;
      if (next === '' || isGenesisCertificate(certificate)) return;
      const inFlight = this.pending.get(next);
      if (inFlight !== undefined) {
        current = inFlight;
        continue;
      }
      try {
        if (await this.isCached(next)) return;
      } catch {
        return;
      }
      current = this.start(next);
    }
  }
}

/**
 * Verifies the certificate chain from `hash` down to a genesis certificate signed by the client's genesis key
 * (certificates.md §6.1), like the reference client (§6.4):
 *
 * - phase 1: the tip's epoch is always fully verified, including the link to the previous epoch, without skipping;
 * - phase 2: a certificate found in the verified-chain cache is skipped (jump to its cached previous hash), any other
 *   one is fetched, fully verified and recorded; the genesis certificate is never recorded as verified, so its
 *   Ed25519 signature is always checked again.
 *
 * Beyond the reference, on a warm cache nothing outside the tip's epoch is downloaded: a link into an earlier epoch
 * is checked against the cached text of that previously verified parent (re-parsed and re-hashed to its key), and
 * the genesis certificate is re-verified from a stored copy. The copy is only bytes: its signature is checked against
 * the caller's genesis key each time, so a planted or altered copy is rejected, never trusted. Certificate texts are
 * kept for the tip's epoch and the one before it only, which bounds the storage a full walk needs.
 *
 * Certificates are prefetched ahead of the verifier; the signal is honoured between requests and between
 * verifications. Events: `CertificateChainValidationStarted`, `CertificateValidated`, `CertificateFetchedFromCache`,
 * `CertificateChainValidated` (nodes.md §9.3). A cache entry is only written after its certificate was fully
 * verified, so an aborted or failed run leaves only valid entries.
 *
 * @param client - the client
 * @param parameters - `hash` of the tip, optional `signal`
 * @returns the verified tip and what was verified or skipped
 * @throws {CertificateError} any chain-verification code (certificates.md §6.2), `CERTIFICATE_CHAIN_CYCLE`,
 *   `CERTIFICATE_CHAIN_TOO_LONG`, `CERTIFICATE_HASH_MISMATCH`, `MESSAGE_INVALID`
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS` without a genesis key, `CLIENT_ABORTED`, `CLIENT_NOT_FOUND` (tip or a
 *   previous certificate missing) and the other HTTP codes, unwrapped
 * @example
 * const { certificate } = await verifyCertificateChain(client, { hash: msd.certificateHash, signal });
 */
export async function verifyCertificateChain(
  client: MithrilClientBase,
  parameters: VerifyCertificateChainParameters,
): Promise<VerifyCertificateChainResult> {
  assertHash(parameters.hash, 'hash');
  const signal = callSignal(client, parameters);
  throwIfAborted(signal);
  const { cache, events, genesisKey } = client;
  if (genesisKey === undefined) {
    throw new ClientError('CLIENT_INVALID_OPTIONS', 'a genesis verification key is required to verify a certificate chain', {
      field: 'genesisVerificationKey',
    });
  }
  const id = client.randomId();
  const { verifyMultiSignature } = client;
  // Unverified bytes: used only where the walk verifies the genesis certificate anyway.
  const genesisCopy = cache === undefined ? undefined : await abortable(cache.getGenesisCopy(), signal);
  const isGenesisCopy = (hash: string): boolean => genesisCopy !== undefined && genesisCopy.certificate.hash === hash;
  const fetchOne = (hash: string): Promise<CachedCertificate> => fetchCertificateWithText(client, hash, signal);
  const isCached = async (hash: string): Promise<boolean> =>
    isGenesisCopy(hash) || (cache !== undefined && (await cache.getPreviousHash(hash)) !== undefined);
  const prefetcher = new CertificatePrefetcher(fetchOne, client.prefetch, isCached);

  events.emit('CertificateChainValidationStarted', { certificateChainValidationId: id, certificateHash: parameters.hash });
  const validated: string[] = [];
  const fromCache: string[] = [];
  const visited = new Set<string>();
  let tip: Certificate | undefined;
  let tipEpochDone = false;
  let hash = parameters.hash;

  for (;;) {
    throwIfAborted(signal);
    if (visited.size >= client.maxChainLength) {
      throw new CertificateError('CERTIFICATE_CHAIN_TOO_LONG', `the chain is longer than ${client.maxChainLength} certificates`, {
        field: 'previous_hash',
        details: { certificateHash: hash, maxLength: client.maxChainLength },
      });
    }
    if (visited.has(hash)) {
      throw new CertificateError('CERTIFICATE_CHAIN_CYCLE', `the chain leads back to certificate ${hash}`, {
        field: 'previous_hash',
        details: { certificateHash: hash },
      });
    }
    visited.add(hash);

    if (tipEpochDone && cache !== undefined && !isGenesisCopy(hash)) {
      const cachedPrevious = await abortable(cache.getPreviousHash(hash), signal);
      if (cachedPrevious !== undefined) {
        fromCache.push(hash);
        events.emit('CertificateFetchedFromCache', { certificateChainValidationId: id, certificateHash: hash });
        hash = cachedPrevious;
        continue;
      }
    }

    const current = genesisCopy !== undefined && isGenesisCopy(hash) ? genesisCopy : await abortable(prefetcher.get(hash), signal);
    const { certificate } = current;
    tip ??= certificate;

    if (isGenesisCertificate(certificate)) {
      await yieldToEventLoop();
      throwIfAborted(signal);
      await verifyCertificate(certificate, { genesisKey, verifyMultiSignature });
      validated.push(hash);
      events.emit('CertificateValidated', { certificateChainValidationId: id, certificateHash: hash });
      if (cache !== undefined && current !== genesisCopy) await abortable(cache.setGenesisCopy(current.text), signal);
      events.emit('CertificateChainValidated', { certificateChainValidationId: id, certificateHash: parameters.hash });
      return { certificate: tip, certificateChainValidationId: id, validated, fromCache, genesisHash: hash };
    }

    if (certificate.previousHash === certificate.hash) {
      // Let the verifier report the reference's infinite-loop error with its exact code.
      await verifyCertificate(certificate, { genesisKey, verifyMultiSignature, previous: certificate });
    }
    const tipEpoch = tip.epoch;
    // Texts are kept where a later walk needs them for a link: the tip's epoch and the one it links into.
    const keepsText = (c: Certificate): boolean => c.epoch + 1n >= tipEpoch;
    let previous: CachedCertificate | undefined;
    if (genesisCopy !== undefined && isGenesisCopy(certificate.previousHash)) previous = genesisCopy;
    else if (cache !== undefined) previous = await abortable(cache.getVerifiedCertificate(certificate.previousHash), signal);
    const previousDownloaded = previous === undefined;
    previous ??= await abortable(prefetcher.get(certificate.previousHash), signal);
    await yieldToEventLoop();
    throwIfAborted(signal);
    await verifyCertificate(certificate, { genesisKey, verifyMultiSignature, previous: previous.certificate });
    throwIfAborted(signal);
    validated.push(hash);
    events.emit('CertificateValidated', { certificateChainValidationId: id, certificateHash: hash });
    if (cache !== undefined) {
      await abortable(cache.setVerifiedCertificate(certificate, keepsText(certificate) ? current.text : undefined), signal);
      const parent = previous.certificate;
      if (previousDownloaded && !isGenesisCertificate(parent) && keepsText(parent)) {
        // An entry without text (older format, or written by a walk from a later tip) gains it, once.
        await abortable(cache.attachCertificateText(parent.hash, previous.text), signal);
      }
    }
    if (previous.certificate.epoch !== tipEpoch) tipEpochDone = true;
    hash = certificate.previousHash;
  }
}
