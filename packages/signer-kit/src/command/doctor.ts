/**
 * `mithril-signer doctor`: checks, with the signer's own configuration, everything an SPO must get right before
 * starting the signer, and reports every check even when an early one fails. Each check is one function.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bytesToHex,
  isOperationalCertificateValid,
  kesEvolutionsAt,
  operationalCertificatePartyId,
  parseOperationalCertificateEnvelope,
  parseSum6SecretKeyEnvelope,
  sum6VerificationKey,
  type OperationalCertificate,
  type Sum6SecretKey,
} from '@mithril/sdk';
import type { OgmiosChainObserver } from '@mithril/ogmios';
import type { SignerCommandConfig } from './config.js';

/** One line of the report. */
export interface DoctorCheck {
  readonly name: 'opcert' | 'kes-key' | 'kes-period' | 'ogmios' | 'aggregator' | 'data-dir';
  readonly ok: boolean;
  readonly detail: string;
}

/** The whole report (`--json` prints it). */
export interface DoctorReport {
  readonly pool_id: string | null;
  readonly checks: readonly DoctorCheck[];
  readonly chain: {
    readonly network_magic: number | null;
    readonly epoch: bigint | null;
    readonly kes_period: number | null;
    readonly stake: bigint | null;
  };
}

/** What the doctor needs besides the configuration. */
export interface DoctorDependencies {
  readonly chain: OgmiosChainObserver;
  readonly fetch: (input: string, init?: RequestInit) => Promise<Response>;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0] as string;

interface State {
  opcert?: OperationalCertificate;
  kesKey?: Sum6SecretKey;
  poolId?: string;
  networkMagic?: number;
  epoch?: bigint;
  kesPeriod?: number;
  stake?: bigint;
}

function checkOpcert(config: SignerCommandConfig, state: State): DoctorCheck {
  const name = 'opcert';
  if (config.operationalCertificatePath === undefined) return { name, ok: false, detail: 'OPERATIONAL_CERTIFICATE_PATH is not set' };
  try {
    const cert = parseOperationalCertificateEnvelope(readFileSync(config.operationalCertificatePath, 'utf8'), config.operationalCertificatePath);
    state.poolId = operationalCertificatePartyId(cert);
    if (!isOperationalCertificateValid(cert)) return { name, ok: false, detail: `the cold-key signature does not verify (pool ${state.poolId})` };
    state.opcert = cert;
    if (config.partyId !== undefined && config.partyId !== state.poolId) {
      return { name, ok: false, detail: `the certificate is for ${state.poolId}, PARTY_ID is ${config.partyId}` };
    }
    return {
      name,
      ok: true,
      detail: `pool ${state.poolId}, issue ${cert.issueNumber}, KES periods ${cert.startKesPeriod}..${cert.startKesPeriod + 63n}`,
    };
  } catch (error) {
    return { name, ok: false, detail: reason(error) };
  }
}

function checkKesKey(config: SignerCommandConfig, state: State): DoctorCheck {
  const name = 'kes-key';
  if (config.kesSecretKeyPath === undefined) return { name, ok: false, detail: 'KES_SECRET_KEY_PATH is not set' };
  try {
    const key = parseSum6SecretKeyEnvelope(readFileSync(config.kesSecretKeyPath, 'utf8'), config.kesSecretKeyPath);
    state.kesKey = key;
    const vk = bytesToHex(sum6VerificationKey(key));
    if (state.opcert === undefined)
      return { name, ok: false, detail: `parses (period ${key.period}, key ${vk}) but there is no valid opcert to match` };
    if (vk !== bytesToHex(state.opcert.kesVerificationKey)) return { name, ok: false, detail: `KES key ${vk} is not the one the opcert certifies` };
    return { name, ok: true, detail: `matches the opcert (stored period ${key.period})` };
  } catch (error) {
    return { name, ok: false, detail: reason(error) };
  }
}

async function checkOgmios(config: SignerCommandConfig, deps: DoctorDependencies, state: State): Promise<DoctorCheck> {
  const name = 'ogmios';
  try {
    state.networkMagic = await deps.chain.getNetworkMagic();
    state.epoch = await deps.chain.getCurrentEpoch();
    state.kesPeriod = await deps.chain.getCurrentKesPeriod();
    const pool = state.poolId ?? config.partyId;
    const stakes = await deps.chain.getCurrentStakeDistribution();
    state.stake = pool === undefined ? undefined : (stakes.get(pool) ?? 0n);
    const where = `${deps.chain.connection.address}: magic ${state.networkMagic}, epoch ${state.epoch}`;
    if (pool === undefined) return { name, ok: false, detail: `${where}; no pool id to look up` };
    if (state.stake === 0n) return { name, ok: false, detail: `${where}; pool ${pool} has no stake` };
    return { name, ok: true, detail: `${where}; pool stake ${state.stake} lovelace` };
  } catch (error) {
    return { name, ok: false, detail: reason(error) };
  }
}

function checkKesPeriod(state: State): DoctorCheck {
  const name = 'kes-period';
  if (state.opcert === undefined) return { name, ok: false, detail: 'no valid opcert' };
  if (state.kesPeriod === undefined) return { name, ok: false, detail: 'the chain KES period is unknown (Ogmios unreachable)' };
  try {
    const evolutions = kesEvolutionsAt(state.opcert, BigInt(state.kesPeriod));
    const stored = state.kesKey?.period;
    if (stored !== undefined && stored > evolutions) {
      return { name, ok: false, detail: `the KES key is already at evolution ${stored}, past the chain's ${evolutions}` };
    }
    return { name, ok: true, detail: `chain KES period ${state.kesPeriod}, evolution ${evolutions} of 63 (${63 - evolutions} left)` };
  } catch (error) {
    return { name, ok: false, detail: reason(error) };
  }
}

async function checkAggregator(config: SignerCommandConfig, deps: DoctorDependencies): Promise<DoctorCheck> {
  const name = 'aggregator';
  const url = `${config.aggregatorEndpoint}/epoch-settings`;
  const via = config.relayEndpoint === undefined ? '' : ` through ${config.relayEndpoint}`;
  try {
    const response = await deps.fetch(url);
    if (!response.ok) return { name, ok: false, detail: `${url}${via} answered ${response.status}` };
    const settings = (await response.json()) as { epoch?: unknown };
    return { name, ok: true, detail: `${url}${via}: epoch ${String(settings.epoch)}` };
  } catch (error) {
    return { name, ok: false, detail: `${url}${via}: ${reason(error)}` };
  }
}

function checkDataDir(config: SignerCommandConfig): DoctorCheck {
  const name = 'data-dir';
  try {
    mkdirSync(config.dataStoresDirectory, { recursive: true });
    const probe = join(config.dataStoresDirectory, `.doctor-${randomUUID()}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { name, ok: true, detail: `${config.dataStoresDirectory} is writable` };
  } catch (error) {
    return { name, ok: false, detail: reason(error) };
  }
}

/**
 * Runs every check and gathers the report; no check is skipped because an earlier one failed.
 *
 * @param config - the signer's configuration
 * @param deps - the Ogmios observer and the fetch the signer would use
 * @returns the report
 * @example
 * const report = await runDoctor(readSignerCommandConfig(process.env), { chain, fetch });
 */
export async function runDoctor(config: SignerCommandConfig, deps: DoctorDependencies): Promise<DoctorReport> {
  const state: State = {};
  const opcert = checkOpcert(config, state);
  const kesKey = checkKesKey(config, state);
  const ogmios = await checkOgmios(config, deps, state);
  const kesPeriod = checkKesPeriod(state);
  const aggregator = await checkAggregator(config, deps);
  const dataDir = checkDataDir(config);
  return {
    pool_id: state.poolId ?? config.partyId ?? null,
    checks: [opcert, kesKey, kesPeriod, ogmios, aggregator, dataDir],
    chain: {
      network_magic: state.networkMagic ?? null,
      epoch: state.epoch ?? null,
      kes_period: state.kesPeriod ?? null,
      stake: state.stake ?? null,
    },
  };
}
