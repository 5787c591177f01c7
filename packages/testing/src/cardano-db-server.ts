/**
 * `@mithril/testing/cardano-db-server`: a loopback stand-in for an aggregator serving one Cardano database snapshot
 * built from the real fixture immutable files: per-immutable `tar.zst` archives behind two locations, the digests
 * archive and route, a signed ancillary archive, the artifact JSON shaped like the fixture `cardano-databases.json`,
 * and a genesis-signed certificate (devnet genesis key) that certifies the Merkle root, and a
 * legacy full snapshot (v1) of the same files with its own certificate. Everything is built in a
 * temporary folder at start and removed on close; requests are recorded and any path can be intercepted.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bytesToHex,
  computeCardanoDatabaseMerkleRoot,
  computeCertificateHash,
  computeSnapshotDigest,
  computeProtocolMessageHash,
  encodeCertificate,
  genesisVerificationKeyFromSecret,
  parseCertificate,
  signGenesisMessage,
  type Certificate,
} from '@mithril/sdk';
import { ed25519 } from '@noble/curves/ed25519.js';
import { Header } from 'tar';
import { compress } from 'zstd-napi';
import { fixturePath, readFixtureText } from './fixtures.js';
import { sliceTopLevelObject } from './json-slices.js';
import { DEVNET_GENESIS_SEED } from './network/signers.js';

/** A file of a test archive. */
export interface ArchiveEntry {
  readonly path: string;
  readonly content: Uint8Array;
}

/**
 * Builds a zstd-compressed tar archive from entries, through the `tar` header encoder (paths are taken as given, so
 * hostile names such as `../x` can be tested).
 *
 * @param entries - paths and contents
 * @returns the `.tar.zst` bytes
 * @example
 * const archive = buildTarZst([{ path: 'immutable/00000.chunk', content: bytes }]);
 */
export function buildTarZst(entries: readonly ArchiveEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const header = new Header({ path: entry.path, mode: 0o644, size: entry.content.length, mtime: new Date(0), type: 'File' });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, Buffer.from(entry.content), Buffer.alloc((512 - (entry.content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return compress(Buffer.concat(blocks));
}

/** What an interceptor may answer instead of the stored file. */
export interface InterceptedResponse {
  readonly status: number;
  readonly body?: Uint8Array | string;
}

/** A running Cardano database stand-in aggregator. */
export interface CardanoDbServer {
  /** `http://127.0.0.1:<port>/aggregator`. */
  readonly aggregatorEndpoint: string;
  /** Devnet genesis verification key (JSON-hex). */
  readonly genesisVerificationKey: string;
  /** Raw hex Ed25519 key the ancillary manifest is signed with. */
  readonly ancillaryVerificationKey: string;
  readonly snapshotHash: string;
  readonly certificate: Certificate;
  /** The v1 snapshot digest of the legacy full snapshot of the same files (certified by its own certificate). */
  readonly legacySnapshotDigest: string;
  /** The beacon's immutable number (the ancillary archive holds the next trio). */
  readonly immutableFileNumber: bigint;
  /** The fixture files copied to a temporary folder: `immutable/NNNNN.*`. */
  readonly sourceDir: string;
  /** Paths requested so far, in order (without the host). */
  readonly requests: string[];
  /** Answers requests whose path it returns a response for (`undefined`: serve normally). */
  intercept: (path: string) => InterceptedResponse | undefined;
  /** Number of requests whose path starts with the prefix. */
  count(prefix: string): number;
  /** Stops the server and removes the temporary folder. */
  close(): Promise<void>;
}

/** Options of {@link startCardanoDbServer}. */
export interface CardanoDbServerOptions {
  /** Signs the ancillary manifest with another secret than the served key's (to test a bad signature). */
  readonly ancillarySigningSecret?: Uint8Array;
  /** Changes an ancillary file after its manifest digest was computed (to test a tampered ancillary file). */
  readonly ancillaryTamper?: (path: string, content: Uint8Array) => Uint8Array;
  /** Serves another digests list than the certified one (to test a disagreeing digests file). */
  readonly digestsOverride?: (digests: { immutable_file_name: string; digest: string }[]) => { immutable_file_name: string; digest: string }[];
}

const EPOCH = 19n;
const ANCILLARY_SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function certify(part: 'cardano_database_merkle_root' | 'snapshot_digest', value: string, immutableFileNumber: bigint): Certificate {
  const text = sliceTopLevelObject(readFixtureText('aggregator-fake-2026-05', 'certificates.json')).get(
    '557c74450766f6f48f2921bac59e529ff46acc35f5889a13d926cb3561c6de15',
  )!;
  const template = parseCertificate(text);
  const { cardano_database_merkle_root: _root, ...common } = template.protocolMessage.parts;
  const protocolMessage = { ...template.protocolMessage, parts: { ...common, [part]: value } };
  const signedMessage = computeProtocolMessageHash(protocolMessage);
  const unsigned: Certificate = {
    ...template,
    previousHash: '',
    signedEntityType: {
      type: part === 'snapshot_digest' ? 'CardanoImmutableFilesFull' : 'CardanoDatabase',
      epoch: EPOCH,
      immutableFileNumber,
    },
    protocolMessage,
    signedMessage,
    multiSignature: '',
    genesisSignature: signGenesisMessage(DEVNET_GENESIS_SEED, signedMessage),
  };
  return { ...unsigned, hash: computeCertificateHash(unsigned) };
}

function trioEntries(db: string, stem: string): ArchiveEntry[] {
  return ['chunk', 'primary', 'secondary'].map((ext) => ({
    path: `immutable/${stem}.${ext}`,
    content: readFileSync(join(db, 'immutable', `${stem}.${ext}`)),
  }));
}

function ancillaryArchive(db: string, next: string, secret: Uint8Array, tamper?: CardanoDbServerOptions['ancillaryTamper']): Buffer {
  const files = new Map<string, Uint8Array>();
  for (const ext of ['chunk', 'primary', 'secondary']) files.set(`immutable/${next}.${ext}`, readFileSync(join(db, 'immutable', `${next}.${ext}`)));
  files.set('ledger/1234/state', Buffer.from('ledger state of the test snapshot'));
  const data = new Map([...files].map(([path, content]) => [path, sha256Hex(content)]));
  const message = createHash('sha256');
  for (const path of [...data.keys()].sort()) message.update(path).update(data.get(path)!);
  const signature = bytesToHex(ed25519.sign(message.digest(), secret));
  const manifest = JSON.stringify({ data: Object.fromEntries(data), signature });
  const entries = [...files].map(([path, content]) => ({ path, content: tamper?.(path, content) ?? content }));
  return buildTarZst([...entries, { path: 'ancillary_manifest.json', content: Buffer.from(manifest) }]);
}

/**
 * Starts the stand-in aggregator on `127.0.0.1`, port 0, for the fixture immutable files 00000-00003: the beacon is
 * 2 (the last trio goes into the ancillary archive), epoch 19, network devnet.
 *
 * @param options - hostile variants (ancillary signing secret, digests list)
 * @returns the running server
 * @example
 * const server = await startCardanoDbServer();
 * try { ... } finally { await server.close(); }
 */
export async function startCardanoDbServer(options: CardanoDbServerOptions = {}): Promise<CardanoDbServer> {
  const root = mkdtempSync(join(tmpdir(), 'mithril-cdb-'));
  const db = join(root, 'db');
  mkdirSync(join(db, 'immutable'), { recursive: true });
  const names = readdirSync(fixturePath('cardano-db', 'immutable')).sort();
  for (const name of names) copyFileSync(fixturePath('cardano-db', 'immutable', name), join(db, 'immutable', name));
  const numbers = [...new Set(names.map((n) => n.slice(0, 5)))].sort();
  const immutableFileNumber = BigInt(numbers.length - 2);
  const stems = numbers.slice(0, -1);
  const files = new Map<string, Buffer>();
  for (const stem of stems) {
    files.set(`/files/${stem}.tar.zst`, buildTarZst(trioEntries(db, stem)));
  }
  const certified = names
    .filter((n) => stems.includes(n.slice(0, 5)))
    .map((n) => ({ immutable_file_name: n, digest: sha256Hex(readFileSync(join(db, 'immutable', n))) }));
  const digests = options.digestsOverride?.(certified.map((d) => ({ ...d }))) ?? certified;
  const merkleRoot = computeCardanoDatabaseMerkleRoot(
    certified.map((d) => ({ immutableFileName: d.immutable_file_name, digest: d.digest })),
    immutableFileNumber,
  );
  const certificate = certify('cardano_database_merkle_root', merkleRoot, immutableFileNumber);
  const legacyDigest = computeSnapshotDigest(
    { network: 'devnet', epoch: EPOCH, immutableFileNumber },
    certified.map((d) => d.digest),
  );
  const legacyCertificate = certify('snapshot_digest', legacyDigest, immutableFileNumber);
  files.set('/files/full.tar.zst', buildTarZst(stems.flatMap((stem) => trioEntries(db, stem))));
  const digestsJson = JSON.stringify(digests);
  const label = `devnet-e${EPOCH}-i${immutableFileNumber}`;
  files.set(`/files/${label}.digests.tar.zst`, buildTarZst([{ path: `${label}.digests.json`, content: Buffer.from(digestsJson) }]));
  files.set(
    `/files/${label}.ancillary.tar.zst`,
    ancillaryArchive(db, numbers.at(-1)!, options.ancillarySigningSecret ?? ANCILLARY_SECRET, options.ancillaryTamper),
  );
  writeFileSync(join(root, 'digests.json'), digestsJson);

  const requests: string[] = [];
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const endpoint = `${base}/aggregator`;
  const snapshotHash = createHash('sha256')
    .update(Buffer.from(EPOCH.toString(16).padStart(16, '0'), 'hex'))
    .update(merkleRoot)
    .digest('hex');
  const size = [...names].reduce((sum, n) => sum + readFileSync(join(db, 'immutable', n)).length, 0);
  const artifact = {
    hash: snapshotHash,
    merkle_root: merkleRoot,
    network: 'devnet',
    beacon: { epoch: Number(EPOCH), immutable_file_number: Number(immutableFileNumber) },
    certificate_hash: certificate.hash,
    total_db_size_uncompressed: size + 100,
    digests: {
      size_uncompressed: digestsJson.length,
      locations: [
        { type: 'cloud_storage', uri: `${base}/files/${label}.digests.tar.zst`, compression_algorithm: 'zstandard' },
        { type: 'aggregator', uri: `${endpoint}/artifact/cardano-database/digests` },
      ],
    },
    immutables: {
      average_size_uncompressed: Math.ceil(size / names.length) * 3,
      locations: [
        { type: 'cloud_storage', uri: { Template: `${base}/a/files/{immutable_file_number}.tar.zst` }, compression_algorithm: 'zstandard' },
        { type: 'cloud_storage', uri: { Template: `${base}/b/files/{immutable_file_number}.tar.zst` }, compression_algorithm: 'zstandard' },
      ],
    },
    ancillary: {
      size_uncompressed: 100_000,
      locations: [{ type: 'cloud_storage', uri: `${base}/files/${label}.ancillary.tar.zst`, compression_algorithm: 'zstandard' }],
    },
    cardano_node_version: '11.0.1',
    created_at: '2026-05-21T14:42:05.985584391Z',
  };
  const { digests: _d, immutables: _i, ancillary: _a, network: _n, ...listItem } = artifact;
  const routes = new Map<string, string | Buffer>([
    ['/aggregator/artifact/cardano-database', JSON.stringify([listItem])],
    [`/aggregator/artifact/cardano-database/${snapshotHash}`, JSON.stringify(artifact)],
    ['/aggregator/artifact/cardano-database/digests', digestsJson],
    [`/aggregator/certificate/${certificate.hash}`, encodeCertificate(certificate)],
    [`/aggregator/certificate/${legacyCertificate.hash}`, encodeCertificate(legacyCertificate)],
  ]);
  const legacy = {
    digest: legacyDigest,
    network: 'devnet',
    beacon: { epoch: Number(EPOCH), immutable_file_number: Number(immutableFileNumber) },
    certificate_hash: legacyCertificate.hash,
    size: files.get('/files/full.tar.zst')!.length,
    created_at: '2026-05-21T14:42:05.985584391Z',
    locations: [`${base}/a/files/full.tar.zst`, `${base}/b/files/full.tar.zst`],
    compression_algorithm: 'zstandard',
    cardano_node_version: '10.1.4',
  };
  routes.set('/aggregator/artifact/snapshots', JSON.stringify([legacy]));
  routes.set(`/aggregator/artifact/snapshot/${legacyDigest}`, JSON.stringify(legacy));
  const result: CardanoDbServer = {
    aggregatorEndpoint: endpoint,
    genesisVerificationKey: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED),
    ancillaryVerificationKey: bytesToHex(ed25519.getPublicKey(ANCILLARY_SECRET)),
    snapshotHash,
    certificate,
    legacySnapshotDigest: legacyDigest,
    immutableFileNumber,
    sourceDir: db,
    requests,
    intercept: () => undefined,
    count: (prefix) => requests.filter((p) => p.startsWith(prefix)).length,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
  server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    requests.push(path);
    const intercepted = result.intercept(path);
    if (intercepted !== undefined) {
      res.writeHead(intercepted.status).end(intercepted.body ?? '');
      return;
    }
    const body = routes.get(path) ?? files.get(path.replace(/^\/[ab]\/files\//, '/files/'));
    if (body === undefined) res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
    else res.writeHead(200, { 'content-type': typeof body === 'string' ? 'application/json' : 'application/octet-stream' }).end(body);
  });
  return result;
}
