/**
 * Tampering helpers for the browser examples' tests: the text of a fixture certificate with one byte of its STM
 * multi-signature changed, everything else byte for byte as served.
 */

/**
 * Flips the lowest bit of the first byte of the first `sigma` (a BLS signature) inside a certificate's
 * `multi_signature` (JSON-hex: hex of a JSON text), leaving the rest of the certificate text untouched.
 *
 * @param certificateText - a certificate as served by an aggregator
 * @returns the same text with that one signature byte changed
 * @example
 * const tampered = flipSignatureByte(fixtureCertificateText);
 */
export function flipSignatureByte(certificateText: string): string {
  const field = /"multi_signature"\s*:\s*"([0-9a-f]+)"/.exec(certificateText);
  if (field === null) throw new Error('no multi_signature in this certificate');
  const hex = field[1]!;
  const inner = Buffer.from(hex, 'hex').toString('utf8');
  const sigma = /"sigma":\[(\d+)/.exec(inner);
  if (sigma === null) throw new Error('no sigma in this multi-signature');
  const changed = `${inner.slice(0, sigma.index)}"sigma":[${Number(sigma[1]) ^ 1}${inner.slice(sigma.index + sigma[0].length)}`;
  return certificateText.replace(hex, Buffer.from(changed, 'utf8').toString('hex'));
}
