/**
 * Encoding side of `GET /epoch-settings` (nodes.md §1.4 `EpochSettingsMessage`); the decoding side is
 * `parseEpochSettings` in `certificate/aggregator-messages.ts`.
 */
import { stringifyJson } from '../codec/json.js';
import type { EpochSettings } from '../certificate/aggregator-messages.js';
import { objectToJson, protocolParametersToJson, signerToJson, signingConfigToJson, u64ToJson } from './json.js';

/**
 * JSON text of an `EpochSettingsMessage`, fields in the reference order; absent optional parts are left out.
 * `parseEpochSettings` reads it back to an equal value.
 *
 * @param settings - the epoch settings
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` naming a field whose value cannot be encoded (u64 out of range,
 *   non-finite `phi_f`)
 * @example
 * encodeEpochSettings({ epoch: 24n, currentSigners: [], nextSigners: [] }); // '{"epoch":24,"current_signers":[],"next_signers":[]}'
 */
export function encodeEpochSettings(settings: EpochSettings): string {
  const what = 'epoch_settings';
  const { signerRegistrationProtocol: protocol, cardanoTransactionsSigningConfig: config } = settings;
  return stringifyJson(
    objectToJson([
      ['epoch', u64ToJson(settings.epoch, `${what}.epoch`)],
      ['signer_registration_protocol', protocol && protocolParametersToJson(protocol, `${what}.signer_registration_protocol`)],
      ['current_signers', settings.currentSigners.map((s, i) => signerToJson(s, `${what}.current_signers[${i}]`))],
      ['next_signers', settings.nextSigners.map((s, i) => signerToJson(s, `${what}.next_signers[${i}]`))],
      ['cardano_transactions_signing_config', config && signingConfigToJson(config, `${what}.cardano_transactions_signing_config`)],
    ]),
  );
}
