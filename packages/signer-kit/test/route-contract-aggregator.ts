/**
 * A deliberately small stand-in for an aggregator, implementing only the signer routes of nodes.md §1.5 with the
 * epoch offsets of §2.1, so the signer can be tested against the route contract alone. It verifies every single
 * signature against the message it computes on its own side.
 */
import { computeSignableMessage, signedEntityTypeAt } from '@mithril/sdk';
import { parseSignedEntityType } from '@mithril/sdk';
import { jsonToPlain } from '@mithril/sdk';
import { decodeSingleSignatureJsonHex, decodeVerificationKeyPopJsonHex } from '@mithril/sdk';
import { parseJson } from '@mithril/sdk';
import { closeRegistration } from '@mithril/sdk';
import { verifySingleSignature } from '@mithril/sdk';
import type { SingleSignature, StmParameters } from '@mithril/sdk';
import { computeCardanoDbSignableMessage, computeImmutableFilesMerkleRoot, computeSnapshotDigest } from '@mithril/sdk';
import type { DevnetChain } from '@mithril/sdk/devnet';
import { computeImmutableFileDigests } from '@mithril/sdk/node';
import { signedEntityTypeKey } from '../src/messages.js';

interface Registration {
  readonly partyId: string;
  readonly verificationKey: string;
}

/** A collected signature, as the fake stored it. */
interface CollectedSignature {
  readonly partyId: string;
  readonly beacon: string;
  readonly signedMessage: string;
  readonly signature: SingleSignature;
}

export interface RouteContractAggregator {
  fetch(request: Request): Promise<Response>;
  /** Follows the chain: on a new epoch records stakes under N+1 and opens round N+1. */
  sync(): Promise<void>;
  epoch(): bigint;
  roundOpen: boolean;
  /** Beacon keys answered 410. */
  readonly certified: Set<string>;
  readonly registrations: Map<bigint, Map<string, Registration>>;
  readonly collected: CollectedSignature[];
  /** Every request seen, as `METHOD path status`. */
  readonly log: string[];
  /** Computes the expected signed message for a beacon of the current epoch, from the aggregator's own data. */
  expectedMessage(type: 'MithrilStakeDistribution' | 'CardanoStakeDistribution'): string;
  currentRegistration(): ReturnType<typeof closeRegistration>;
}

/** The aggregator side of a Cardano database beacon: its own listing and digests of the node folder. */
async function expectedCardanoDb(
  chain: DevnetChain,
  dbDirectory: string,
  name: 'CardanoDatabase' | 'CardanoImmutableFilesFull',
  epoch: bigint,
  nextAvk: ReturnType<typeof closeRegistration>['avk'],
  parameters: StmParameters,
) {
  const { immutableFileNumber, digests } = await computeImmutableFileDigests(dbDirectory);
  const type = { type: name, epoch, immutableFileNumber } as const;
  const fileDigests = digests.map((d) => d.digest);
  const seed = { nextAggregateVerificationKey: nextAvk, nextProtocolParameters: parameters, currentEpoch: epoch };
  const { signedMessage } = computeCardanoDbSignableMessage(
    type,
    name === 'CardanoDatabase'
      ? { ...seed, cardanoDatabaseMerkleRoot: computeImmutableFilesMerkleRoot(fileDigests) }
      : { ...seed, snapshotDigest: computeSnapshotDigest({ network: chain.network, epoch, immutableFileNumber }, fileDigests) },
  );
  return { type, signedMessage };
}

const json = (status: number, body?: unknown): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'mithril-api-version': '0.1.68' },
  });

/** Options of the stand-in: Cardano database types it enables, signed over the node database folder it reads. */
export interface RouteContractOptions {
  readonly cardanoDb?: { readonly dbDirectory: string; readonly types: readonly ('CardanoDatabase' | 'CardanoImmutableFilesFull')[] };
}

export function createRouteContractAggregator(
  chain: DevnetChain,
  parameters: StmParameters,
  options: RouteContractOptions = {},
): RouteContractAggregator {
  const stakes = new Map<bigint, ReadonlyMap<string, bigint>>();
  const registrations = new Map<bigint, Map<string, Registration>>();
  let current: bigint | undefined;
  const params = { k: Number(parameters.k), m: Number(parameters.m), phi_f: parameters.phiF };
  const types = ['MithrilStakeDistribution', 'CardanoStakeDistribution', ...(options.cardanoDb?.types ?? [])];

  const closedAt = (epoch: bigint) => {
    const regs = [...(registrations.get(epoch)?.values() ?? [])];
    const stakeAt = stakes.get(epoch) ?? new Map<string, bigint>();
    return closeRegistration(regs.map((r) => ({ vk: decodeVerificationKeyPopJsonHex(r.verificationKey).vk, stake: stakeAt.get(r.partyId) ?? 0n })));
  };
  const signersJson = (epoch: bigint) =>
    [...(registrations.get(epoch)?.values() ?? [])].map((r) => ({ party_id: r.partyId, verification_key: r.verificationKey }));

  const expected = (type: 'MithrilStakeDistribution' | 'CardanoStakeDistribution'): string => {
    const epoch = current ?? 0n;
    const beacon = signedEntityTypeAt(type, epoch);
    return computeSignableMessage(beacon, {
      nextAggregateVerificationKey: closedAt(epoch).avk,
      nextProtocolParameters: parameters,
      currentEpoch: epoch,
      cardanoStakeDistribution: beacon.type === 'CardanoStakeDistribution' ? stakes.get(beacon.epoch + 2n) : undefined,
    }).signedMessage;
  };

  const self: RouteContractAggregator = {
    roundOpen: true,
    certified: new Set(),
    registrations,
    collected: [],
    log: [],
    epoch: () => current ?? 0n,
    expectedMessage: expected,
    currentRegistration: () => closedAt((current ?? 0n) - 1n),
    async sync() {
      const epoch = await chain.getCurrentEpoch();
      if (epoch === current) return;
      current = epoch;
      if (!stakes.has(epoch + 1n)) stakes.set(epoch + 1n, await chain.getCurrentStakeDistribution());
    },
    async fetch(request) {
      const url = new URL(request.url);
      const path = url.pathname.replace(/^\/aggregator/, '');
      const respond = (response: Response): Response => {
        self.log.push(`${request.method} ${path} ${response.status}`);
        return response;
      };
      const epoch = current ?? 0n;
      if (request.method === 'GET' && path === '/epoch-settings') {
        return respond(
          json(200, {
            epoch: Number(epoch),
            current_signers: signersJson(epoch - 1n),
            next_signers: signersJson(epoch),
            signer_registration_protocol: params,
          }),
        );
      }
      const config = /^\/protocol-configuration\/(\d+)$/.exec(path);
      if (request.method === 'GET' && config !== null) {
        if (BigInt(config[1]!) > epoch + 1n) return respond(json(404));
        return respond(json(200, { protocol_parameters: params, available_signed_entity_types: types }));
      }
      if (request.method === 'POST' && path === '/register-signer') {
        const body = jsonToPlain(parseJson(await request.text())) as Record<string, unknown>;
        if (!self.roundOpen) return respond(json(550, { message: 'registration round not yet opened' }));
        const recording = BigInt(body['epoch'] as number);
        if (recording !== epoch + 1n) return respond(json(500, { message: 'unexpected epoch' }));
        const partyId = body['party_id'] as string;
        if ((stakes.get(recording)?.get(partyId) ?? 0n) === 0n) {
          return respond(json(400, { label: 'failed_signer_registration', message: 'no stake' }));
        }
        const round = registrations.get(recording) ?? new Map<string, Registration>();
        registrations.set(recording, round);
        if (!round.has(partyId)) round.set(partyId, { partyId, verificationKey: body['verification_key'] as string });
        return respond(json(201));
      }
      if (request.method === 'POST' && path === '/register-signatures') {
        const body = jsonToPlain(parseJson(await request.text())) as Record<string, unknown>;
        const type = parseSignedEntityType(body['entity_type'], 'entity_type');
        const beacon = signedEntityTypeKey(type);
        const signature = decodeSingleSignatureJsonHex(body['signature'] as string);
        const closed = closedAt(epoch - 1n);
        const registration = closed.entries[signature.signerIndex];
        const message = new TextEncoder().encode(body['signed_message'] as string);
        try {
          if (registration === undefined) throw new Error('unknown signer index');
          verifySingleSignature({ message, signature, registration, avk: closed.avk, parameters });
        } catch (error) {
          return respond(json(400, { label: 'invalid_signature', message: String(error) }));
        }
        if (self.certified.has(beacon)) return respond(json(410, { label: 'already_certified', message: beacon }));
        if ((type.type === 'CardanoDatabase' || type.type === 'CardanoImmutableFilesFull') && options.cardanoDb !== undefined) {
          const wanted = await expectedCardanoDb(chain, options.cardanoDb.dbDirectory, type.type, epoch, closedAt(epoch).avk, parameters);
          if (body['signed_message'] !== wanted.signedMessage || beacon !== signedEntityTypeKey(wanted.type)) {
            return respond(json(500, { message: 'message mismatch' }));
          }
          self.collected.push({ partyId: body['party_id'] as string, beacon, signedMessage: body['signed_message'] as string, signature });
          return respond(json(201));
        }
        if (type.type !== 'MithrilStakeDistribution' && type.type !== 'CardanoStakeDistribution') return respond(json(202));
        if (signedEntityTypeKey(signedEntityTypeAt(type.type, epoch)) !== beacon) return respond(json(202));
        if (body['signed_message'] !== expected(type.type)) return respond(json(500, { message: 'message mismatch' }));
        self.collected.push({ partyId: body['party_id'] as string, beacon, signedMessage: body['signed_message'] as string, signature });
        return respond(json(201));
      }
      return respond(new Response(null, { status: 404 }));
    },
  };
  return self;
}
