/**
 * Hash-to-G1 map of RFC 9380 for BLS12381G1_XMD:SHA-256_SSWU_RO_ (§8.8.1): simplified SWU onto the 11-isogenous curve
 * E' (§6.6.2, sqrt_ratio of Appendix F.2.1.2), the 11-isogeny E' → E (§6.6.3, constants of Appendix E.2), and
 * cofactor clearing by h_eff = 1 − x (§7) — spec stm.md §1.3.
 *
 * Why this shape: the two field elements of hash_to_curve are mapped without any inversion. SSWU leaves x' as a
 * fraction n/d, the isogeny is evaluated homogeneously in (n, d), and its image is written straight into Jacobian
 * coordinates (X, Y, Z) = (xN·xD·yD², y'·yN·xD³·yD², xD·yD), so the only inversion of the whole map is the final
 * conversion to affine; a shared batch inversion of the four isogeny denominators would cost one inversion more.
 * The sum of the two points is cleared once: clearing is a group homomorphism.
 */
import { modP, P, powPMinus3Div4, sqrtFp, invFp } from './fp.js';
import { type AffineG1, G1_INFINITY, g1Add, g1MulByAbsX, g1ToAffine, type JacobianG1 } from './g1.js';

/** A' of the isogenous curve E': y² = x³ + A'x + B' (RFC 9380 §8.8.1). */
export const ISO_A = 0x144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8e8981aefd881ac98936f8da0e0f97f5cf428082d584c1dn;
/** B' of the isogenous curve E' (RFC 9380 §8.8.1). */
export const ISO_B = 0x12e2908d11688030018b12e8753eee3b2016c1f0f24f4070a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172be0n;
/** The SSWU constant Z = 11 (RFC 9380 §8.8.1). */
export const SSWU_Z = 11n;

/** sqrt(−Z): −Z is a square because both −1 and Z are non-squares (p ≡ 3 mod 4). Either root works (F.2.1.2). */
const SQRT_MINUS_Z = (() => {
  const root = sqrtFp(P - SSWU_Z);
  if (root === undefined) throw new Error('BLS12-381: -Z is not a square');
  return root;
})();

// The 11-isogeny coefficients k_(i,0) … k_(i,d) of RFC 9380 Appendix E.2, lowest degree first; x_den and y_den are
// monic (their leading 1 is listed).
const ISO_X_NUM: readonly bigint[] = [
  0x11a05f2b1e833340b809101dd99815856b303e88a2d7005ff2627b56cdb4e2c85610c2d5f2e62d6eaeac1662734649b7n,
  0x17294ed3e943ab2f0588bab22147a81c7c17e75b2f6a8417f565e33c70d1e86b4838f2a6f318c356e834eef1b3cb83bbn,
  0xd54005db97678ec1d1048c5d10a9a1bce032473295983e56878e501ec68e25c958c3e3d2a09729fe0179f9dac9edcb0n,
  0x1778e7166fcc6db74e0609d307e55412d7f5e4656a8dbf25f1b33289f1b330835336e25ce3107193c5b388641d9b6861n,
  0xe99726a3199f4436642b4b3e4118e5499db995a1257fb3f086eeb65982fac18985a286f301e77c451154ce9ac8895d9n,
  0x1630c3250d7313ff01d1201bf7a74ab5db3cb17dd952799b9ed3ab9097e68f90a0870d2dcae73d19cd13c1c66f652983n,
  0xd6ed6553fe44d296a3726c38ae652bfb11586264f0f8ce19008e218f9c86b2a8da25128c1052ecaddd7f225a139ed84n,
  0x17b81e7701abdbe2e8743884d1117e53356de5ab275b4db1a682c62ef0f2753339b7c8f8c8f475af9ccb5618e3f0c88en,
  0x80d3cf1f9a78fc47b90b33563be990dc43b756ce79f5574a2c596c928c5d1de4fa295f296b74e956d71986a8497e317n,
  0x169b1f8e1bcfa7c42e0c37515d138f22dd2ecb803a0c5c99676314baf4bb1b7fa3190b2edc0327797f241067be390c9en,
  0x10321da079ce07e272d8ec09d2565b0dfa7dccdde6787f96d50af36003b14866f69b771f8c285decca67df3f1605fb7bn,
  0x6e08c248e260e70bd1e962381edee3d31d79d7e22c837bc23c0bf1bc24c6b68c24b1b80b64d391fa9c8ba2e8ba2d229n,
];
const ISO_X_DEN: readonly bigint[] = [
  0x8ca8d548cff19ae18b2e62f4bd3fa6f01d5ef4ba35b48ba9c9588617fc8ac62b558d681be343df8993cf9fa40d21b1cn,
  0x12561a5deb559c4348b4711298e536367041e8ca0cf0800c0126c2588c48bf5713daa8846cb026e9e5c8276ec82b3bffn,
  0xb2962fe57a3225e8137e629bff2991f6f89416f5a718cd1fca64e00b11aceacd6a3d0967c94fedcfcc239ba5cb83e19n,
  0x3425581a58ae2fec83aafef7c40eb545b08243f16b1655154cca8abc28d6fd04976d5243eecf5c4130de8938dc62cd8n,
  0x13a8e162022914a80a6f1d5f43e7a07dffdfc759a12062bb8d6b44e833b306da9bd29ba81f35781d539d395b3532a21en,
  0xe7355f8e4e667b955390f7f0506c6e9395735e9ce9cad4d0a43bcef24b8982f7400d24bc4228f11c02df9a29f6304a5n,
  0x772caacf16936190f3e0c63e0596721570f5799af53a1894e2e073062aede9cea73b3538f0de06cec2574496ee84a3an,
  0x14a7ac2a9d64a8b230b3f5b074cf01996e7f63c21bca68a81996e1cdf9822c580fa5b9489d11e2d311f7d99bbdcc5a5en,
  0xa10ecf6ada54f825e920b3dafc7a3cce07f8d1d7161366b74100da67f39883503826692abba43704776ec3a79a1d641n,
  0x95fc13ab9e92ad4476d6e3eb3a56680f682b4ee96f7d03776df533978f31c1593174e4b4b7865002d6384d168ecdd0an,
  0x1n,
];
const ISO_Y_NUM: readonly bigint[] = [
  0x90d97c81ba24ee0259d1f094980dcfa11ad138e48a869522b52af6c956543d3cd0c7aee9b3ba3c2be9845719707bb33n,
  0x134996a104ee5811d51036d776fb46831223e96c254f383d0f906343eb67ad34d6c56711962fa8bfe097e75a2e41c696n,
  0xcc786baa966e66f4a384c86a3b49942552e2d658a31ce2c344be4b91400da7d26d521628b00523b8dfe240c72de1f6n,
  0x1f86376e8981c217898751ad8746757d42aa7b90eeb791c09e4a3ec03251cf9de405aba9ec61deca6355c77b0e5f4cbn,
  0x8cc03fdefe0ff135caf4fe2a21529c4195536fbe3ce50b879833fd221351adc2ee7f8dc099040a841b6daecf2e8fedbn,
  0x16603fca40634b6a2211e11db8f0a6a074a7d0d4afadb7bd76505c3d3ad5544e203f6326c95a807299b23ab13633a5f0n,
  0x4ab0b9bcfac1bbcb2c977d027796b3ce75bb8ca2be184cb5231413c4d634f3747a87ac2460f415ec961f8855fe9d6f2n,
  0x987c8d5333ab86fde9926bd2ca6c674170a05bfe3bdd81ffd038da6c26c842642f64550fedfe935a15e4ca31870fb29n,
  0x9fc4018bd96684be88c9e221e4da1bb8f3abd16679dc26c1e8b6e6a1f20cabe69d65201c78607a360370e577bdba587n,
  0xe1bba7a1186bdb5223abde7ada14a23c42a0ca7915af6fe06985e7ed1e4d43b9b3f7055dd4eba6f2bafaaebca731c30n,
  0x19713e47937cd1be0dfd0b8f1d43fb93cd2fcbcb6caf493fd1183e416389e61031bf3a5cce3fbafce813711ad011c132n,
  0x18b46a908f36f6deb918c143fed2edcc523559b8aaf0c2462e6bfe7f911f643249d9cdf41b44d606ce07c8a4d0074d8en,
  0xb182cac101b9399d155096004f53f447aa7b12a3426b08ec02710e807b4633f06c851c1919211f20d4c04f00b971ef8n,
  0x245a394ad1eca9b72fc00ae7be315dc757b3b080d4c158013e6632d3c40659cc6cf90ad1c232a6442d9d3f5db980133n,
  0x5c129645e44cf1102a159f748c4a3fc5e673d81d7e86568d9ab0f5d396a7ce46ba1049b6579afb7866b1e715475224bn,
  0x15e6be4e990f03ce4ea50b3b42df2eb5cb181d8f84965a3957add4fa95af01b2b665027efec01c7704b456be69c8b604n,
];
const ISO_Y_DEN: readonly bigint[] = [
  0x16112c4c3a9c98b252181140fad0eae9601a6de578980be6eec3232b5be72e7a07f3688ef60c206d01479253b03663c1n,
  0x1962d75c2381201e1a0cbd6c43c348b885c84ff731c4d59ca4a10356f453e01f78a4260763529e3532f6102c2e49a03dn,
  0x58df3306640da276faaae7d6e8eb15778c4855551ae7f310c35a5dd279cd2eca6757cd636f96f891e2538b53dbf67f2n,
  0x16b7d288798e5395f20d23bf89edb4d1d115c5dbddbcd30e123da489e726af41727364f2c28297ada8d26d98445f5416n,
  0xbe0e079545f43e4b00cc912f8228ddcc6d19c9f0f69bbb0542eda0fc9dec916a20b15dc0fd2ededda39142311a5001dn,
  0x8d9e5297186db2d9fb266eaac783182b70152c65550d881c5ecd87b6f0f5a6449f38db9dfa9cce202c6477faaf9b7acn,
  0x166007c08a99db2fc3ba8734ace9824b5eecfdfa8d0cf8ef5dd365bc400a0051d5fa9c01a58b1fb93d1a1399126a775cn,
  0x16a3ef08be3ea7ea03bcddfabba6ff6ee5a4375efa1f4fd7feb34fd206357132b920f5b00801dee460ee415a15812ed9n,
  0x1866c8ed336c61231a1be54fd1d74cc4f9fb0ce4c6af5920abc5750c4bf39b4852cfe2f7bb9248836b233d9d55535d4an,
  0x167a55cda70a6e1cea820597d94a84903216f763e13d87bb5308592e7ea7d4fbc7385ea3d529b35e346ef48bb8913f55n,
  0x4d2f259eea405bd48f010a01ad2911d9c6dd039bb61a6290e591b36e636a5c871a5c29f4f83060400f8b49cba8f6aa8n,
  0xaccbb67481d033ff5852c1e48c50c477f94ff8aefce42d28c0f9a88cea7913516f968986f7ebbea9684b529e2561092n,
  0xad6b9514c767fe3c3613144b45f1496543346d98adf02267d5ceef9a00d9b8693000763e3b90ac11e99b138573345ccn,
  0x2660400eb2e4f3b628bdd0d53cd76f2bf565b94e72927c1cb748df27942480e420517bd8714cc80d1fadc1326ed06f7n,
  0xe0fa1d816ddc03e6b24255e0d7819c171c40f65e273b853324efcd6356caa205ca2f570f13497804415473a1d634b8fn,
  0x1n,
];

/** A point of E' from SSWU with x' = xn / xd (xd ≠ 0) and affine y'. */
export interface IsoCurvePoint {
  readonly xn: bigint;
  readonly xd: bigint;
  readonly y: bigint;
}

/**
 * sqrt_ratio(u, v) for p ≡ 3 (mod 4), RFC 9380 Appendix F.2.1.2: one exponentiation.
 *
 * @param u - a canonical field element
 * @param v - a canonical non-zero field element
 * @returns `isSquare` = whether u/v is a square, and y = sqrt(u/v) if so, else sqrt(Z·u/v)
 */
export function sqrtRatio(u: bigint, v: bigint): { readonly isSquare: boolean; readonly y: bigint } {
  const uv = (u * v) % P;
  const uv3 = (((v * v) % P) * uv) % P;
  const y1 = (powPMinus3Div4(uv3) * uv) % P;
  // y1²·v = u·(u·v³)^((p−1)/2): u itself exactly when u/v is a square (or u = 0).
  const isSquare = (((y1 * y1) % P) * v) % P === u;
  return { isSquare, y: isSquare ? y1 : (y1 * SQRT_MINUS_Z) % P };
}

/**
 * Simplified SWU map to E' (RFC 9380 §6.6.2, the straight-line version of Appendix F.2), keeping x' as a fraction.
 *
 * @param u - a canonical field element (an output of hash_to_field)
 * @returns the point of E', x' = xn/xd with xd ≠ 0 (the exceptional case tv2 = 0 takes xd = Z·A')
 */
export function mapToIsoCurve(u: bigint): IsoCurvePoint {
  const tv1 = (SSWU_Z * ((u * u) % P)) % P;
  const tv2 = (tv1 * tv1 + tv1) % P;
  const tv3 = (ISO_B * (tv2 + 1n)) % P;
  const tv4 = (ISO_A * (tv2 === 0n ? SSWU_Z : P - tv2)) % P;
  const tv4Squared = (tv4 * tv4) % P;
  const tv6 = (tv4Squared * tv4) % P;
  // g(x') · xd³ with x' = tv3 / tv4: tv3³ + A'·tv3·tv4² + B'·tv4³.
  const gxNum = modP(((tv3 * tv3 + ISO_A * tv4Squared) % P) * tv3 + ISO_B * tv6);
  const { isSquare, y: y1 } = sqrtRatio(gxNum, tv6);
  const xn = isSquare ? tv3 : (tv1 * tv3) % P;
  let y = isSquare ? y1 : (((tv1 * u) % P) * y1) % P;
  if ((u & 1n) !== (y & 1n)) y = y === 0n ? 0n : P - y;
  return { xn, xd: tv4, y };
}

/** Σ k_i·n^i·d^(deg−i): the polynomial at x' = n/d, scaled by d^deg (Horner in n, powers of d precomputed). */
function evalHomogeneous(coefficients: readonly bigint[], n: bigint, dPowers: readonly bigint[]): bigint {
  const degree = coefficients.length - 1;
  let acc = coefficients[degree]!;
  for (let i = degree - 1; i >= 0; i--) acc = (acc * n + coefficients[i]! * dPowers[degree - i]!) % P;
  return acc;
}

/**
 * The 11-isogeny E' → E (RFC 9380 §6.6.3, Appendix E.2) in Jacobian coordinates, with no inversion.
 *
 * @param point - a point of E' from {@link mapToIsoCurve}
 * @returns its image on E; infinity when a denominator vanishes (x' is then a kernel point's abscissa, as the RFC says)
 */
export function isogenyToG1(point: IsoCurvePoint): JacobianG1 {
  const { xn: n, xd: d, y } = point;
  const dPowers: bigint[] = [1n];
  for (let i = 1; i < ISO_Y_DEN.length; i++) dPowers.push((dPowers[i - 1]! * d) % P);
  // Scaled by d^11 (x) and d^15 (y) so that numerator and denominator carry the same power of d, which cancels.
  const xNum = evalHomogeneous(ISO_X_NUM, n, dPowers);
  const xDen = (evalHomogeneous(ISO_X_DEN, n, dPowers) * d) % P;
  const yNum = evalHomogeneous(ISO_Y_NUM, n, dPowers);
  const yDen = evalHomogeneous(ISO_Y_DEN, n, dPowers);
  if (xDen === 0n || yDen === 0n) return G1_INFINITY;
  const yDen2 = (yDen * yDen) % P;
  const xDen2 = (xDen * xDen) % P;
  return {
    x: (((xNum * xDen) % P) * yDen2) % P,
    y: (((((y * yNum) % P) * ((xDen2 * xDen) % P)) % P) * yDen2) % P,
    z: (xDen * yDen) % P,
  };
}

/** [h_eff]p = p + [|x|]p with h_eff = 1 − x = 1 + |x| (RFC 9380 §8.8.1, x < 0). */
function clearCofactor(p: JacobianG1): JacobianG1 {
  if (p.z === 0n) return G1_INFINITY;
  return g1Add(p, g1MulByAbsX(p));
}

function toAffineOrNull(p: JacobianG1): AffineG1 | null {
  return p.z === 0n ? null : g1ToAffine(p, invFp(p.z));
}

/**
 * map_to_curve then clear_cofactor of one field element (RFC 9380 §6.6.3, §7): the encode_to_curve half of the map,
 * kept for tests and cross-checks.
 *
 * @param u - a canonical field element
 * @returns the G1 point, or `null` for infinity
 */
export function mapToG1(u: bigint): AffineG1 | null {
  return toAffineOrNull(clearCofactor(isogenyToG1(mapToIsoCurve(u))));
}

/**
 * The random-oracle hash_to_curve map of RFC 9380 §3 for G1 after hash_to_field: clear_cofactor(map(u0) + map(u1))
 * (spec stm.md §1.3).
 *
 * @param u0 - the first field element of hash_to_field (canonical)
 * @param u1 - the second field element (canonical)
 * @returns the G1 point, or `null` for infinity (never met in practice)
 * @example
 * const point = mapToG1Pair(u0, u1); // u0, u1 from expand_message_xmd, 64 bytes each reduced mod p
 */
export function mapToG1Pair(u0: bigint, u1: bigint): AffineG1 | null {
  const sum = g1Add(isogenyToG1(mapToIsoCurve(u0)), isogenyToG1(mapToIsoCurve(u1)));
  return toAffineOrNull(clearCofactor(sum));
}
