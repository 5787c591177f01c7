/**
 * Read queries behind the HTTP routes: each reads only what its route shows (list pages read one key per item) and
 * returns documents or plain values; the routes encode them.
 */
import type { AggregatorContext } from './context.js';
import type { ProtocolParameters, Signer } from './sdk.js';
import { epochData, parametersAt, requireCurrentEpoch } from './steps/epoch-data.js';
import { parametersFromRecord, type ArtifactKind, type DocumentRecord, type PageOptions, type SignerRecord } from './store.js';

/** Lists return at most this many items, newest first. */
export const LIST_MAX_ITEMS = 20;

async function documents(hashes: readonly string[], load: (hash: string) => Promise<DocumentRecord | undefined>): Promise<DocumentRecord[]> {
  const out: DocumentRecord[] = [];
  for (const hash of hashes) {
    const doc = await load(hash);
    if (doc !== undefined) out.push(doc);
  }
  return out;
}

/**
 * A page of certificates, newest first (default: the latest 20).
 *
 * @param ctx - the aggregator context
 * @param page - limit and offset
 * @returns the stored documents
 * @example
 * const latest = await listCertificates(ctx);
 */
export async function listCertificates(ctx: AggregatorContext, page: PageOptions = {}): Promise<DocumentRecord[]> {
  const hashes = await ctx.store.certificatePage({ limit: page.limit ?? LIST_MAX_ITEMS, offset: page.offset });
  return documents(hashes, (hash) => ctx.store.getCertificate(hash));
}

/**
 * A certificate by hash.
 *
 * @param ctx - the aggregator context
 * @param hash - the certificate hash
 * @returns the document, or `undefined`
 * @example
 * const doc = await getCertificate(ctx, hash);
 */
export function getCertificate(ctx: AggregatorContext, hash: string): Promise<DocumentRecord | undefined> {
  return ctx.store.getCertificate(hash);
}

/**
 * The latest genesis certificate.
 *
 * @param ctx - the aggregator context
 * @returns the document, or `undefined` before the genesis
 * @example
 * const genesis = await getGenesisCertificate(ctx);
 */
export async function getGenesisCertificate(ctx: AggregatorContext): Promise<DocumentRecord | undefined> {
  const hash = await ctx.store.getGenesisHash();
  return hash === undefined ? undefined : ctx.store.getCertificate(hash);
}

/**
 * A page of artifacts of a kind, newest first (default: the latest 20).
 *
 * @param ctx - the aggregator context
 * @param kind - the artifact kind
 * @param page - limit and offset
 * @returns the stored documents
 * @example
 * const msds = await listArtifacts(ctx, 'msd');
 */
export async function listArtifacts(ctx: AggregatorContext, kind: ArtifactKind, page: PageOptions = {}): Promise<DocumentRecord[]> {
  const hashes = await ctx.store.artifactPage(kind, { limit: page.limit ?? LIST_MAX_ITEMS, offset: page.offset });
  return documents(hashes, (hash) => ctx.store.getArtifact(kind, hash));
}

/**
 * An artifact by id.
 *
 * @param ctx - the aggregator context
 * @param kind - the artifact kind
 * @param hash - the artifact id
 * @returns the document, or `undefined`
 * @example
 * const doc = await getArtifact(ctx, 'csd', hash);
 */
export function getArtifact(ctx: AggregatorContext, kind: ArtifactKind, hash: string): Promise<DocumentRecord | undefined> {
  return ctx.store.getArtifact(kind, hash);
}

/**
 * The newest artifact of a kind for a beacon epoch (e.g. the Cardano stake distribution of an epoch).
 *
 * @param ctx - the aggregator context
 * @param kind - the artifact kind
 * @param epoch - the beacon epoch
 * @returns the document, or `undefined`
 * @example
 * const csd = await getArtifactByEpoch(ctx, 'csd', 11n);
 */
export function getArtifactByEpoch(ctx: AggregatorContext, kind: ArtifactKind, epoch: bigint): Promise<DocumentRecord | undefined> {
  return ctx.store.getArtifactByEpoch(kind, epoch);
}

/**
 * A stored signer as the SDK's message types describe it.
 *
 * @param s - the record
 * @returns the signer
 * @example
 * const signers = records.map(signerOf);
 */
function signerOf(s: SignerRecord): Signer {
  return {
    partyId: s.partyId,
    verificationKey: s.verificationKey,
    verificationKeySignature: s.verificationKeySignature,
    operationalCertificate: s.operationalCertificate,
    kesPeriod: s.kesPeriod === undefined ? undefined : BigInt(s.kesPeriod),
  };
}

/** What `/epoch-settings` shows. */
export interface EpochSettingsView {
  readonly epoch: bigint;
  /** Parameters of the open registration round (stored under N+1). */
  readonly signerRegistrationProtocol: ProtocolParameters | undefined;
  readonly currentSigners: readonly Signer[];
  readonly nextSigners: readonly Signer[];
}

/**
 * The epoch settings of the current epoch.
 *
 * @param ctx - the aggregator context
 * @returns the view
 * @throws {AggregatorError} `AGGREGATOR_EPOCH_SETTINGS_MISSING` before the first epoch change
 * @example
 * const view = await epochSettings(ctx);
 */
export async function epochSettings(ctx: AggregatorContext): Promise<EpochSettingsView> {
  const epoch = await requireCurrentEpoch(ctx);
  const data = await epochData(ctx, epoch);
  return {
    epoch,
    signerRegistrationProtocol: await parametersAt(ctx, epoch + 1n),
    currentSigners: data.currentSigners.map(signerOf),
    nextSigners: data.nextSigners.map(signerOf),
  };
}

/**
 * The protocol configuration recorded under an epoch.
 *
 * @param ctx - the aggregator context
 * @param epoch - the epoch
 * @returns parameters and signed entity types, or `undefined` when nothing is recorded
 * @example
 * const configuration = await protocolConfiguration(ctx, 12n);
 */
export async function protocolConfiguration(
  ctx: AggregatorContext,
  epoch: bigint,
): Promise<{ protocolParameters: ProtocolParameters; availableSignedEntityTypes: readonly string[] } | undefined> {
  const settings = await ctx.store.getEpochSettings(epoch);
  if (settings === undefined) return undefined;
  return { protocolParameters: parametersFromRecord(settings.protocolParameters), availableSignedEntityTypes: settings.signedEntityTypes };
}

/** The numbers `/status` shows. */
export interface StatusNumbers {
  readonly epoch: bigint;
  readonly cardanoEra: string;
  readonly network: string;
  readonly currentParameters: ProtocolParameters;
  readonly nextParameters: ProtocolParameters;
  readonly totalSigners: number;
  readonly totalNextSigners: number;
  readonly totalStakesSigners: bigint;
  readonly totalNextStakesSigners: bigint;
  readonly totalCardanoSpo: number;
  readonly totalCardanoStake: bigint;
}

/**
 * The numbers of `/status`.
 *
 * @param ctx - the aggregator context
 * @returns the numbers
 * @throws {AggregatorError} `AGGREGATOR_EPOCH_SETTINGS_MISSING` before the first epoch change
 * @example
 * const { epoch, totalSigners } = await statusNumbers(ctx);
 */
export async function statusNumbers(ctx: AggregatorContext): Promise<StatusNumbers> {
  const epoch = await requireCurrentEpoch(ctx);
  const data = await epochData(ctx, epoch);
  const tp = await ctx.store.getTimePoint();
  const sum = (signers: readonly SignerRecord[]): bigint => signers.reduce((acc, s) => acc + BigInt(s.stake), 0n);
  return {
    epoch,
    cardanoEra: tp?.cardanoEra ?? ctx.config.cardanoEra,
    network: ctx.config.network,
    currentParameters: data.currentParameters,
    nextParameters: data.nextParameters,
    totalSigners: data.currentSigners.length,
    totalNextSigners: data.nextSigners.length,
    totalStakesSigners: sum(data.currentSigners),
    totalNextStakesSigners: sum(data.nextSigners),
    totalCardanoSpo: tp?.totalCardanoSpo ?? 0,
    totalCardanoStake: BigInt(tp?.totalCardanoStake ?? '0'),
  };
}

/**
 * Signers registered at an epoch (stored under the next one).
 *
 * @param ctx - the aggregator context
 * @param registeredAt - the registration epoch
 * @returns the records, ordered by party id (empty when none)
 * @example
 * const signers = await registeredSigners(ctx, 11n);
 */
export function registeredSigners(ctx: AggregatorContext, registeredAt: bigint): Promise<SignerRecord[]> {
  return ctx.store.listSigners(registeredAt + 1n);
}

/**
 * Every known pool with whether it ever registered: pools with stake now plus every registered party.
 *
 * @param ctx - the aggregator context
 * @returns pairs sorted by party id
 * @example
 * const tickers = await signerTickers(ctx);
 */
export async function signerTickers(ctx: AggregatorContext): Promise<{ partyId: string; hasRegistered: boolean }[]> {
  const known = await ctx.store.knownParties();
  const tp = await ctx.store.getTimePoint();
  const stakes = tp === undefined ? undefined : await ctx.store.getStakes(BigInt(tp.epoch) + 1n);
  const parties = new Set<string>([...(stakes ?? []).map(([p]) => p), ...known]);
  return [...parties].sort().map((partyId) => ({ partyId, hasRegistered: known.has(partyId) }));
}

/**
 * Adds to a statistics counter.
 *
 * @param ctx - the aggregator context
 * @param name - the counter, e.g. `complete-restoration`
 * @param by - the amount (default 1)
 * @example
 * await incrementStatistic(ctx, 'immutable-files-restored', 12n);
 */
export function incrementStatistic(ctx: AggregatorContext, name: string, by: bigint | number = 1n): Promise<void> {
  return ctx.store.increment(name, by);
}
