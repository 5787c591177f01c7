/**
 * Encoding side of the signed entity type JSON (nodes.md §1.4, certificates.md §4); the decoding side is
 * `parseSignedEntityType` in `certificate/signed-entity-type.ts`.
 */
import type { JsonObject, JsonValue } from '../codec/json.js';
import type { SignedEntityType } from '../certificate/types.js';
import { messageInvalid, objectToJson, u64ToJson } from './json.js';

/**
 * The externally tagged JSON of a signed entity type, e.g. `{"MithrilStakeDistribution":246}` or
 * `{"CardanoTransactions":[12,1500]}`; `parseSignedEntityType` reads it back to an equal value. A
 * CardanoImmutableFilesFull beacon keeps its historical `network` when it has one.
 *
 * @param type - the signed entity type with its beacon
 * @param field - its path, for errors
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` for an `Unknown` type (its beacon was not kept) or an out-of-range u64
 * @example
 * stringifyJson(signedEntityTypeToJson({ type: 'CardanoStakeDistribution', epoch: 9n })); // '{"CardanoStakeDistribution":9}'
 */
export function signedEntityTypeToJson(type: SignedEntityType, field = 'signed_entity_type'): JsonObject {
  const at = `${field}.${type.type === 'Unknown' ? type.name : type.type}`;
  const tagged = (value: JsonValue): JsonObject => new Map([[type.type, value]]);
  switch (type.type) {
    case 'MithrilStakeDistribution':
    case 'CardanoStakeDistribution':
      return tagged(u64ToJson(type.epoch, at));
    case 'CardanoImmutableFilesFull':
    case 'CardanoDatabase':
      return tagged(
        objectToJson([
          ['network', type.type === 'CardanoImmutableFilesFull' ? type.network : undefined],
          ['epoch', u64ToJson(type.epoch, `${at}.epoch`)],
          ['immutable_file_number', u64ToJson(type.immutableFileNumber, `${at}.immutable_file_number`)],
        ]),
      );
    case 'CardanoTransactions':
      return tagged([u64ToJson(type.epoch, `${at}[0]`), u64ToJson(type.blockNumber, `${at}[1]`)]);
    case 'CardanoBlocksTransactions': {
      const items: JsonValue[] = [u64ToJson(type.epoch, `${at}[0]`), u64ToJson(type.blockNumber, `${at}[1]`)];
      if (type.blockNumberOffset !== undefined) items.push(u64ToJson(type.blockNumberOffset, `${at}[2]`));
      return tagged(items);
    }
    case 'Unknown':
      throw messageInvalid(field, `cannot encode the unknown signed entity type ${JSON.stringify(type.name)}`);
  }
}
