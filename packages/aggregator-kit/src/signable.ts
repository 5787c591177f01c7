/**
 * How the kit signs a signed entity type, from the SDK's descriptors: beacon, recorded-stakes epoch, timeout.
 */
import { MithrilError, signedEntityTypeDescriptor, type SignableBehaviour, type SignableEntityType, type SignableEntityTypeName } from './sdk.js';

/**
 * The signing behaviour of a type this kit certifies.
 *
 * @param name - the signed entity type name
 * @returns its behaviour (beacon per epoch, recorded stakes, message parts, timeout)
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` when the SDK cannot sign the type
 * @example
 * signableBehaviour('CardanoStakeDistribution').openMessageTimeoutSeconds; // 1800
 */
export function signableBehaviour<N extends SignableEntityTypeName>(name: N): SignableBehaviour<N> {
  const behaviour = signedEntityTypeDescriptor(name).signable;
  if (behaviour === undefined) {
    throw new MithrilError('SIGNED_ENTITY_TYPE_UNSUPPORTED', `the SDK cannot sign ${name}`, { field: 'signedEntityTypes' });
  }
  return behaviour;
}

/**
 * Epoch under which the stakes the message of a type needs are recorded.
 *
 * @param type - the signed entity type with its beacon
 * @returns the recording epoch (CSD: beacon + 2), or `undefined` when its message needs no stakes
 * @example
 * recordedStakesEpoch({ type: 'CardanoStakeDistribution', epoch: 11n }); // 13n
 */
export function recordedStakesEpoch(type: SignableEntityType): bigint | undefined {
  return type.type === 'MithrilStakeDistribution'
    ? signableBehaviour(type.type).recordedStakesEpoch(type)
    : signableBehaviour(type.type).recordedStakesEpoch(type);
}

/**
 * Offset from the current epoch to the beacon epoch a type signs.
 *
 * @param name - the signed entity type name
 * @returns `0n` for MSD, `-1n` for CSD
 * @example
 * beaconEpochOffset('CardanoStakeDistribution'); // -1n
 */
export function beaconEpochOffset(name: SignableEntityTypeName): bigint {
  return signableBehaviour(name).beaconEpochOffset;
}
