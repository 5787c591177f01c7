/**
 * Cardano database benchmark data: a generated node database of immutable trios (incompressible AES-CTR keystream,
 * cheap to produce), one `tar.zst` archive per trio on disk, and a loopback aggregator that certifies the whole range
 * with a genesis-signed certificate (devnet genesis key) and streams the archives from disk, so that neither side holds
 * a database in memory. Everything lives under one temporary folder that `close()` removes.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  computeCardanoDatabaseMerkleRoot,
  computeCertificateHash,
  computeProtocolMessageHash,
  encodeCertificate,
  genesisVerificationKeyFromSecret,
  parseCertificate,
  parseJson,
  signGenesisMessage,
  type Certificate,
  type JsonObject,
} from '@mithril/sdk';
import { readFixtureText } from '@mithril/testing';
import { buildTarZst } from '@mithril/testing/cardano-db-server';
import { DEVNET_GENESIS_SEED } from '@mithril/testing/test-network';

const MIB = 1024 * 1024;
/** Sizes of one generated trio: a 16 MiB chunk with primary and secondary index files of realistic proportion. */
const TRIO = { chunk: 16 * MIB, primary: 32 * 1024, secondary: 256 * 1024 } as const;
/** The epoch of the fixture certificate the benchmark certificate is shaped from (its protocol message names it). */
const EPOCH = 19n;

/** A generated database served by a loopback aggregator. */
export interface BenchCardanoDb {
  /** The node database folder (`immutable/`). */
  readonly dbDir: string;
  /** Every immutable file of the certified range `0..immutableFileNumber` (the last, unsigned trio excluded). */
  readonly files: readonly string[];
  /** Bytes of those files. */
  readonly bytes: number;
  /** The certified range's last number. */
  readonly immutableFileNumber: bigint;
  /** Archive URLs of the range, in order, with their compressed sizes. */
  readonly archives: readonly { readonly url: string; readonly bytes: number }[];
  readonly aggregatorEndpoint: string;
  readonly genesisVerificationKey: string;
  readonly snapshotHash: string;
  /** Temporary folder the benchmark may use for downloads (removed by `close`). */
  readonly scratchDir: string;
  close(): Promise<void>;
}

/** Writes `size` bytes of AES-CTR keystream (incompressible) to a file and returns their SHA-256. */
function writeKeystream(path: string, size: number, seed: number): string {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(seed, 0);
  const cipher = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), iv);
  const zeros = Buffer.alloc(Math.min(size, 4 * MIB));
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  try {
    for (let left = size; left > 0; ) {
      const block = cipher.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
      hash.update(block);
      writeSync(fd, block);
      left -= block.length;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** A genesis-signed CardanoDatabase certificate over a Merkle root, shaped from a fixture certificate. */
function certify(merkleRoot: string, immutableFileNumber: bigint): Certificate {
  const all = parseJson(readFixtureText('aggregator-fake-2026-05', 'certificates.json')) as JsonObject;
  const template = parseCertificate(all.get('557c74450766f6f48f2921bac59e529ff46acc35f5889a13d926cb3561c6de15')!);
  const protocolMessage = {
    ...template.protocolMessage,
    parts: { ...template.protocolMessage.parts, cardano_database_merkle_root: merkleRoot },
  };
  const signedMessage = computeProtocolMessageHash(protocolMessage);
  const unsigned: Certificate = {
    ...template,
    previousHash: '',
    signedEntityType: { type: 'CardanoDatabase', epoch: EPOCH, immutableFileNumber },
    protocolMessage,
    signedMessage,
    multiSignature: '',
    genesisSignature: signGenesisMessage(DEVNET_GENESIS_SEED, signedMessage),
  };
  return { ...unsigned, hash: computeCertificateHash(unsigned) };
}

/**
 * Generates a database of at least `bytes` bytes of immutable files (plus one trailing trio still "being written"),
 * archives it and serves it.
 *
 * @param bytes - the least size of the certified immutable files
 * @param log - progress output
 * @returns the database and its server
 */
export async function createBenchCardanoDb(bytes: number, log: (text: string) => void): Promise<BenchCardanoDb> {
  const root = mkdtempSync(join(tmpdir(), 'mithril-bench-cdb-'));
  const dbDir = join(root, 'db');
  const archiveDir = join(root, 'archives');
  const scratchDir = join(root, 'scratch');
  for (const dir of [join(dbDir, 'immutable'), archiveDir, scratchDir]) mkdirSync(dir, { recursive: true });
  const trioBytes = TRIO.chunk + TRIO.primary + TRIO.secondary;
  const count = Math.ceil(bytes / trioBytes);
  const immutableFileNumber = BigInt(count - 1);
  const started = performance.now();
  const digests: { immutable_file_name: string; digest: string }[] = [];
  const files: string[] = [];
  // One trio more than certified: the node is still writing it, so a signer (and the digest tool) leaves it out.
  for (let n = 0; n <= count; n++) {
    const stem = n.toString().padStart(5, '0');
    const entries: { path: string; content: Uint8Array }[] = [];
    for (const [ext, size] of Object.entries(TRIO)) {
      const name = `${stem}.${ext}`;
      const path = join(dbDir, 'immutable', name);
      const digest = writeKeystream(path, n === count ? 4096 : size, n * 3 + entries.length);
      if (n === count) continue;
      digests.push({ immutable_file_name: name, digest });
      files.push(path);
      entries.push({ path: `immutable/${name}`, content: Buffer.alloc(0) });
    }
    if (n === count) break;
    // The archive of one trio is built in memory (≈ 16 MiB) and written out; the server streams it from disk.
    const archive = buildTarZst(entries.map((e) => ({ path: e.path, content: readFileSync(join(dbDir, e.path)) })));
    writeFileSync(join(archiveDir, `${stem}.tar.zst`), archive);
  }
  log(
    `cardano_db: generated ${count} trios (${((count * trioBytes) / 1e9).toFixed(2)} GB) and their archives in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const merkleRoot = computeCardanoDatabaseMerkleRoot(
    digests.map((d) => ({ immutableFileName: d.immutable_file_name, digest: d.digest })),
    immutableFileNumber,
  );
  const certificate = certify(merkleRoot, immutableFileNumber);
  const digestsJson = JSON.stringify(digests);
  const label = `devnet-e${EPOCH}-i${immutableFileNumber}`;
  writeFileSync(join(archiveDir, `${label}.digests.tar.zst`), buildTarZst([{ path: `${label}.digests.json`, content: Buffer.from(digestsJson) }]));

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const endpoint = `${base}/aggregator`;
  const snapshotHash = createHash('sha256')
    .update(Buffer.from(EPOCH.toString(16).padStart(16, '0'), 'hex'))
    .update(merkleRoot)
    .digest('hex');
  const size = count * trioBytes;
  const artifact = {
    hash: snapshotHash,
    merkle_root: merkleRoot,
    network: 'devnet',
    beacon: { epoch: Number(EPOCH), immutable_file_number: Number(immutableFileNumber) },
    certificate_hash: certificate.hash,
    total_db_size_uncompressed: size,
    digests: {
      size_uncompressed: digestsJson.length,
      locations: [{ type: 'cloud_storage', uri: `${base}/files/${label}.digests.tar.zst`, compression_algorithm: 'zstandard' }],
    },
    immutables: {
      average_size_uncompressed: trioBytes,
      locations: [{ type: 'cloud_storage', uri: { Template: `${base}/files/{immutable_file_number}.tar.zst` }, compression_algorithm: 'zstandard' }],
    },
    ancillary: { size_uncompressed: 0, locations: [] },
    cardano_node_version: '10.5.1',
    created_at: '2026-05-21T14:42:05.985584391Z',
  };
  const routes = new Map<string, string>([
    [`/aggregator/artifact/cardano-database/${snapshotHash}`, JSON.stringify(artifact)],
    [`/aggregator/certificate/${certificate.hash}`, encodeCertificate(certificate)],
  ]);
  server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const route = routes.get(path);
    if (route !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(route);
      return;
    }
    const name = path.startsWith('/files/') ? path.slice('/files/'.length) : '';
    let length: number;
    try {
      if (!/^[\w.-]+$/.test(name)) throw new Error('bad name');
      length = statSync(join(archiveDir, name)).size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': length });
    createReadStream(join(archiveDir, name), { highWaterMark: MIB }).pipe(res);
  });

  const archives = Array.from({ length: count }, (_, n) => {
    const stem = n.toString().padStart(5, '0');
    return { url: `${base}/files/${stem}.tar.zst`, bytes: statSync(join(archiveDir, `${stem}.tar.zst`)).size };
  });
  return {
    dbDir,
    files,
    bytes: size,
    immutableFileNumber,
    archives,
    aggregatorEndpoint: endpoint,
    genesisVerificationKey: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED),
    snapshotHash,
    scratchDir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
