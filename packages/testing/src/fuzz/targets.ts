/**
 * What the fuzzer mutates and how each input is checked: real certificates (verified against their real previous
 * certificate or the devnet genesis key), Mithril and Cardano stake distributions and transaction/block proofs
 * (verified against their real certificate), aggregator messages (parsed) and the STM golden encodings (decoded).
 */
import {
  type Certificate,
  computeCertificateHash,
  computeProtocolMessageHash,
  decodeVerificationKeyPopJsonHex,
  encodeVerificationKeyPopJsonHex,
  encodeCertificate,
  type JsonObject,
  parseAggregatorStatus,
  parseCardanoDatabaseSnapshot,
  parseCardanoStakeDistribution,
  parseCertificate,
  parseCertificateList,
  parseEpochSettings,
  parseGenesisVerificationKey,
  parseJson,
  stringifyJson,
  parseMithrilStakeDistribution,
  parseTransactionsProofsV1,
  parseTransactionsProofsV2,
  parseBlocksProofs,
  toJsonText,
  verifyArtifactAgainstCertificate,
  verifyCertificate,
  verifyProofsAgainstCertificate,
  verifyProofsMessage,
} from '@mithril/sdk';
import { readFixtureJson, readFixtureText } from '../fixtures.js';
import { stmTargets } from './stm-targets.js';
import type { FuzzTarget } from './types.js';

const FIXTURE = 'aggregator-fake-2026-05';

/** The values of a fixture map, each as JSON text. */
function fixtureValues(file: string): string[] {
  const all = readFixtureJson<Record<string, unknown>>(FIXTURE, file);
  return Object.values(all).map((v) => JSON.stringify(v));
}

const sorted = <T>(list: readonly T[]): T[] => [...list].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));

/** Remembers the outcome of the expensive check of one canonical value, so that equal variants are checked once. */
function memo(): (key: string, run: () => Promise<string>) => Promise<string> {
  const done = new Map<string, { ok: string } | { error: unknown }>();
  return async (key, run) => {
    let outcome = done.get(key);
    if (outcome === undefined) {
      try {
        outcome = { ok: await run() };
      } catch (error) {
        outcome = { error };
      }
      if (done.size > 5000) done.clear();
      done.set(key, outcome);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.ok;
  };
}

/**
 * A certificate's canonical text. A genesis certificate's `signed_entity_type` and `multi_signature` are left out: the
 * reference neither hashes nor keeps them (its genesis signature variant carries neither), so no verification covers
 * them.
 */
function canonicalCertificate(certificate: Certificate): string {
  const tree = parseJson(encodeCertificate(certificate)) as JsonObject;
  if (certificate.genesisSignature !== '') {
    tree.delete('signed_entity_type');
    tree.delete('multi_signature');
  }
  return stringifyJson(tree);
}

function certificateTarget(): FuzzTarget {
  const texts = fixtureValues('certificates.json');
  const certificates = texts.map((t) => parseCertificate(t));
  const byHash = new Map(certificates.map((c) => [c.hash, c]));
  const keys = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json');
  const genesisKey = parseGenesisVerificationKey(keys.devnet_genesis_verification_key.json_hex);
  const cached = memo();
  return {
    name: 'certificate',
    kind: 'json',
    seeds: texts,
    verifies: true,
    weight: 3,
    async check(input, seedIndex) {
      const certificate = parseCertificate(input);
      const canonical = canonicalCertificate(certificate);
      // The trusted context is the seed's: its real previous certificate, whatever the mutated previous_hash says.
      const previous = byHash.get(certificates[seedIndex]!.previousHash);
      return cached(`${seedIndex}:${canonical}`, async () => {
        await verifyCertificate(certificate, { previous, genesisKey });
        // The verification made signed_message the hash of the protocol message; a genesis signature binds only it.
        const { signedMessage, aggregateVerificationKey, previousHash } = certificate;
        const signed = JSON.stringify(
          certificate.genesisSignature !== '' ? { signedMessage } : { signedMessage, aggregateVerificationKey, previousHash },
        );
        return JSON.stringify({ hash: certificate.hash, canonical, signed });
      });
    },
    // Under its own hash a certificate must be exactly its seed. Under a recomputed hash it is another certificate:
    // its metadata is bound only by that hash (as in the reference), so only what the signature and the link to the
    // previous certificate bind must stay the seed's: the signed message (so the protocol message), and for a standard
    // certificate the AVK and previous_hash.
    impliedBy(seedValue, accepted) {
      const seed = JSON.parse(seedValue) as Record<string, string>;
      const claim = JSON.parse(accepted) as Record<string, string>;
      return claim['hash'] === seed['hash'] ? claim['canonical'] === seed['canonical'] : claim['signed'] === seed['signed'];
    },
    fixup(tree, rng) {
      if (!(tree instanceof Map) || rng.chance(0.4)) return tree;
      try {
        if (rng.chance(0.5)) tree.set('signed_message', computeProtocolMessageHash(parseCertificate(tree).protocolMessage));
        tree.set('hash', computeCertificateHash(parseCertificate(tree)));
      } catch {
        // Not a certificate any more: left as mutated.
      }
      return tree;
    },
  };
}

function artifactTarget<T extends { readonly certificateHash: string }>(
  name: string,
  file: string,
  parse: (text: string) => T,
  verify: (certificate: Certificate, artifact: T) => void,
  verified: (artifact: T) => unknown,
): FuzzTarget {
  const texts = fixtureValues(file);
  const certificates = new Map(
    fixtureValues('certificates.json')
      .map((t) => parseCertificate(t))
      .map((c) => [c.hash, c]),
  );
  const trusted = texts.map((t) => certificates.get(parse(t).certificateHash)!);
  return {
    name,
    kind: 'json',
    seeds: texts,
    verifies: true,
    async check(input, seedIndex) {
      const artifact = parse(input);
      verify(trusted[seedIndex]!, artifact);
      return toJsonText(verified(artifact) as Parameters<typeof toJsonText>[0]);
    },
  };
}

/** A verification key's canonical JSON-hex (the decoder takes other spellings of the same key). */
function canonicalKey(jsonHex: string): string {
  try {
    return encodeVerificationKeyPopJsonHex(decodeVerificationKeyPopJsonHex(jsonHex, 'verification_key', { mode: 'lenient' }));
  } catch {
    return jsonHex;
  }
}

interface MsdClaim {
  readonly epoch: string;
  readonly certificateHash: string;
  readonly signers: { vk: string; stake: string; certifiedParty: string | null }[];
}

/** A Mithril stake distribution claim is implied when the keys and stakes are the seed's and no party id is claimed
 * certified other than the seed's. */
function msdClaimImplied(seedValue: string, accepted: string): boolean {
  const seed = JSON.parse(seedValue) as MsdClaim;
  const claim = JSON.parse(accepted) as MsdClaim;
  if (claim.epoch !== seed.epoch || claim.certificateHash !== seed.certificateHash || claim.signers.length !== seed.signers.length) return false;
  return claim.signers.every((s, i) => {
    const t = seed.signers[i]!;
    return s.vk === t.vk && s.stake === t.stake && (s.certifiedParty === null || s.certifiedParty === t.certifiedParty);
  });
}

interface ProofsClaim {
  readonly hashes: string[];
  readonly items: string[];
}

/** A proofs claim is implied by its seed's when it names the same certificate, root and blocks and no other item. */
function proofsClaimImplied(seedValue: string, accepted: string): boolean {
  const seed = JSON.parse(seedValue) as ProofsClaim & Record<string, unknown>;
  const claim = JSON.parse(accepted) as ProofsClaim & Record<string, unknown>;
  const same = (key: string): boolean => JSON.stringify(seed[key]) === JSON.stringify(claim[key]);
  const within = (list: string[], of: string[]): boolean => list.every((x) => of.includes(x));
  return (
    ['certificateHash', 'merkleRoot', 'latestBlockNumber', 'offset'].every(same) &&
    within(claim.hashes, seed.hashes) &&
    within(claim.items, seed.items)
  );
}

function proofsTarget(name: string, file: string, parse: (text: string) => Parameters<typeof verifyProofsMessage>[0]): FuzzTarget {
  const target = artifactTarget(
    name,
    file,
    parse,
    (certificate, message) => verifyProofsAgainstCertificate(certificate, verifyProofsMessage(message)),
    (message) => {
      const v = verifyProofsMessage(message);
      return {
        certificateHash: v.certificateHash,
        merkleRoot: v.merkleRoot,
        hashes: sorted(v.certifiedHashes),
        items: sorted(v.items.map((item) => toJsonText(item as never))),
        latestBlockNumber: v.latestBlockNumber,
        offset: v.blockNumberOffset ?? null,
      };
    },
  );
  return { ...target, weight: 2, impliedBy: proofsClaimImplied };
}

function parseTarget(name: string, seeds: string[], parse: (text: string) => unknown): FuzzTarget {
  return {
    name,
    kind: 'json',
    seeds,
    verifies: false,
    weight: 2,
    async check(input) {
      parse(input);
      return '';
    },
  };
}

/**
 * Every target, its seeds read from the shared fixtures.
 *
 * @returns the targets
 * @example
 * for (const target of loadFuzzTargets()) console.log(target.name, target.seeds.length);
 */
export function loadFuzzTargets(): FuzzTarget[] {
  const listText = readFixtureText(FIXTURE, 'certificates-list.json');
  return [
    certificateTarget(),
    {
      ...artifactTarget(
        'cardano-stake-distribution',
        'cardano-stake-distributions.json',
        parseCardanoStakeDistribution,
        (certificate, artifact) => verifyArtifactAgainstCertificate(certificate, { type: 'CardanoStakeDistribution', artifact }),
        (a) => ({ epoch: a.epoch, certificateHash: a.certificateHash, stake: sorted([...a.stakeDistribution].map(([k, v]) => `${k}=${v}`)) }),
      ),
      weight: 2,
    },
    {
      ...artifactTarget(
        'mithril-stake-distribution',
        'mithril-stake-distributions.json',
        parseMithrilStakeDistribution,
        (certificate, artifact) => verifyArtifactAgainstCertificate(certificate, { type: 'MithrilStakeDistribution', artifact }),
        // What the certificate's AVK binds: each signer's key and stake, in order; a party id only through the
        // operational certificate that certifies it (a signer without one is accepted on devnet, as the reference does).
        (a) => ({
          epoch: a.epoch,
          certificateHash: a.certificateHash,
          // As a set: the reference's key registration orders the signers itself, so the AVK ignores their order.
          signers: a.signers
            .map((s) => ({
              vk: canonicalKey(s.verificationKey),
              stake: s.stake,
              certifiedParty: s.operationalCertificate === undefined ? null : s.partyId,
            }))
            .sort((x, y) => (`${x.vk}/${x.stake}` < `${y.vk}/${y.stake}` ? -1 : 1)),
        }),
      ),
      impliedBy: msdClaimImplied,
    },
    proofsTarget('transactions-proofs-v1', 'ctx-proofs.json', parseTransactionsProofsV1),
    proofsTarget('transactions-proofs-v2', 'ctx-proofs-v2.json', parseTransactionsProofsV2),
    proofsTarget('blocks-proofs', 'cblk-proofs.json', parseBlocksProofs),
    parseTarget(
      'messages',
      [
        listText,
        readFixtureText(FIXTURE, 'epoch-settings.json'),
        readFixtureText(FIXTURE, 'status.json'),
        ...fixtureValues('cardano-databases.json'),
      ],
      (text) => {
        const value = parseJson(text);
        if (Array.isArray(value)) return parseCertificateList(value);
        const keys = (value as JsonObject) instanceof Map ? [...(value as JsonObject).keys()] : [];
        if (keys.includes('cardano_era')) return parseAggregatorStatus(value);
        if (keys.includes('beacon')) return parseCardanoDatabaseSnapshot(value);
        return parseEpochSettings(value);
      },
    ),
    ...stmTargets(),
  ];
}
