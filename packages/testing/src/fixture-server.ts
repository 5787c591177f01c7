/**
 * A stand-in aggregator for client tests: a real `node:http` server on loopback that serves the
 * `aggregator-fake-2026-05` fixture folder under the reference routes (nodes.md §1.1-§1.3).
 *
 * Artifacts are served as the exact bytes of the fixture files (a single certificate is the exact text slice of its
 * value inside `certificates.json`), so u64 values above 2^53 never go through a lossy `JSON.parse`/`stringify`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fixturePath } from './fixtures.js';
import { sliceTopLevelArray, sliceTopLevelObject } from './json-slices.js';
import { loadFixtureProofRoutes, proofReply } from './fixture-proofs.js';

export { sliceTopLevelArray, sliceTopLevelObject } from './json-slices.js';

/** Version of the OpenAPI document the stand-in pretends to implement (`info.version` of openapi-2eedbd254.yaml). */
export const FIXTURE_SERVER_API_VERSION = '0.1.68';

/** Base path of every aggregator route (nodes.md §1.1). */
export const AGGREGATOR_BASE_PATH = '/aggregator';

/** Options of {@link startFixtureServer}. */
export interface FixtureServerOptions {
  /** Fixture folder; defaults to the shared `aggregator-fake-2026-05`. */
  dir?: string;
  /** Value of the `mithril-api-version` response header; defaults to {@link FIXTURE_SERVER_API_VERSION}. */
  apiVersion?: string;
  /** Certificate hash → JSON text served instead of the fixture's certificate (tampering tests). */
  certificateOverrides?: Record<string, string>;
  /** Milliseconds to wait before answering each request (abort tests). */
  delayMs?: number;
}

/** One request seen by the server. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, including the `/aggregator` prefix. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A running stand-in aggregator. */
export interface FixtureServer {
  /** Aggregator endpoint, e.g. `http://127.0.0.1:41234/aggregator`. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Number of requests received for an exact path (with the `/aggregator` prefix), e.g. `/aggregator/certificate/ab…`. */
  count(path: string): number;
  /** Number of `GET /certificate/{hash}` requests per certificate hash. */
  certificateFetches(): Map<string, number>;
  /** Forgets the recorded requests. */
  resetRequests(): void;
  /** Serves `text` for certificate `hash` from now on (`undefined` restores the fixture). */
  setCertificateOverride(hash: string, text: string | undefined): void;
  /** Sets the per-request delay. */
  setDelay(ms: number): void;
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
}

interface FixtureData {
  status: string;
  epochSettings: string;
  certificatesList: string;
  certificates: Map<string, string>;
  genesisHash: string | undefined;
  msdList: string;
  msds: Map<string, string>;
  csdList: string;
  csds: Map<string, string>;
  csdByEpoch: Map<string, string>;
  cdbList: string;
  cdbs: Map<string, string>;
  cdbListParsed: { beacon: { epoch: number } }[];
  ctxList: string;
  ctxs: Map<string, string>;
  cbtList: string;
  cbts: Map<string, string>;
  currentEpoch: number;
  signedEntityTypes: string[];
}

function loadFixtures(dir: string): FixtureData {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const certificatesText = read('certificates.json');
  const certificates = sliceTopLevelObject(certificatesText);
  const certificatesParsed = JSON.parse(certificatesText) as Record<string, { genesis_signature?: string }>;
  const genesisHash = Object.keys(certificatesParsed).find((h) => (certificatesParsed[h]?.genesis_signature ?? '') !== '');
  const csdsText = read('cardano-stake-distributions.json');
  const csds = sliceTopLevelObject(csdsText);
  const csdByEpoch = new Map<string, string>();
  for (const [hash, item] of Object.entries(JSON.parse(csdsText) as Record<string, { epoch: number }>)) {
    csdByEpoch.set(String(item.epoch), hash);
  }
  const cdbList = read('cardano-databases-list.json');
  const status = read('status.json');
  return {
    status,
    epochSettings: read('epoch-settings.json'),
    certificatesList: read('certificates-list.json'),
    certificates,
    genesisHash,
    msdList: read('mithril-stake-distributions-list.json'),
    msds: sliceTopLevelObject(read('mithril-stake-distributions.json')),
    csdList: read('cardano-stake-distributions-list.json'),
    csds,
    csdByEpoch,
    cdbList,
    cdbs: sliceTopLevelObject(read('cardano-databases.json')),
    cdbListParsed: JSON.parse(cdbList) as { beacon: { epoch: number } }[],
    ctxList: read('ctx-snapshots-list.json'),
    ctxs: sliceTopLevelObject(read('ctx-snapshots.json')),
    cbtList: read('cardano-blocks-txs-snapshots-list.json'),
    cbts: sliceTopLevelObject(read('cardano-blocks-txs-snapshots.json')),
    currentEpoch: (JSON.parse(status) as { epoch: number }).epoch,
    signedEntityTypes: [
      'MithrilStakeDistribution',
      'CardanoStakeDistribution',
      'CardanoTransactions',
      'CardanoDatabase',
      'CardanoBlocksTransactions',
    ],
  };
}

/** Largest `latest-N` offset accepted by artifact epoch routes (nodes.md §1.1). */
const MAX_ARTIFACT_EPOCH_OFFSET = 5;

/** Resolves an `{epoch}` path parameter (`123`, `latest`, `latest-N`); `undefined` when invalid. */
function resolveEpoch(param: string, current: number): number | undefined {
  const p = param.toLowerCase();
  if (/^\d+$/.test(p)) return Number(p);
  if (p === 'latest') return current;
  const m = /^latest-(\d+)$/.exec(p);
  if (m === null) return undefined;
  const offset = Number(m[1]);
  if (offset > MAX_ARTIFACT_EPOCH_OFFSET) return undefined;
  return Math.max(0, current - offset);
}

type Reply = { status: number; body?: string };

const json = (body: string): Reply => ({ status: 200, body });
const notFound = (what: string): Reply => ({
  status: 404,
  body: JSON.stringify({ label: 'not_found', message: `${what} not found` }),
});
const badRequest = (label: string, message: string): Reply => ({
  status: 400,
  body: JSON.stringify({ label, message }),
});
const fromMap = (map: Map<string, string>, key: string, what: string): Reply => {
  const found = map.get(key);
  return found === undefined ? notFound(what) : json(found);
};

function route(data: FixtureData, overrides: Map<string, string>, apiVersion: string, path: string): Reply {
  const seg = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  const [a, b, c, d] = seg;
  const len = seg.length;
  if (len === 0) {
    return json(
      JSON.stringify({
        open_api_version: apiVersion,
        documentation_url: 'https://mithril.network/doc',
        capabilities: { signed_entity_types: data.signedEntityTypes, aggregate_signature_type: 'Concatenation' },
      }),
    );
  }
  if (len === 1 && a === 'status') return json(data.status);
  if (len === 1 && a === 'epoch-settings') return json(data.epochSettings);
  if (len === 1 && a === 'certificates') return json(data.certificatesList);
  if (len === 2 && a === 'certificate') {
    // Literal segment before the parameter (trap 56).
    const hash = b === 'genesis' ? data.genesisHash : b;
    if (hash === undefined) return notFound('genesis certificate');
    const override = overrides.get(hash);
    if (override !== undefined) return json(override);
    return fromMap(data.certificates, hash, `certificate ${hash}`);
  }
  if (a !== 'artifact' || b === undefined) return notFound(`route ${path}`);
  if (len === 2) {
    switch (b) {
      case 'mithril-stake-distributions':
        return json(data.msdList);
      case 'cardano-stake-distributions':
        return json(data.csdList);
      case 'cardano-database':
        return json(data.cdbList);
      case 'cardano-transactions':
        return json(data.ctxList);
      case 'cardano-blocks-transactions':
        return json(data.cbtList);
      default:
        return notFound(`route ${path}`);
    }
  }
  if (len === 3 && c !== undefined) {
    switch (b) {
      case 'mithril-stake-distribution':
        return fromMap(data.msds, c, `Mithril stake distribution ${c}`);
      case 'cardano-stake-distribution':
        return fromMap(data.csds, c, `Cardano stake distribution ${c}`);
      case 'cardano-database':
        if (c === 'digests') return notFound('digests');
        return fromMap(data.cdbs, c, `Cardano database snapshot ${c}`);
      case 'cardano-transaction':
        return fromMap(data.ctxs, c, `Cardano transactions snapshot ${c}`);
      case 'cardano-blocks-transactions':
        return fromMap(data.cbts, c, `Cardano blocks and transactions snapshot ${c}`);
      default:
        return notFound(`route ${path}`);
    }
  }
  if (len === 4 && c === 'epoch' && d !== undefined) {
    const epoch = resolveEpoch(d, data.currentEpoch);
    if (epoch === undefined) return badRequest('invalid_epoch', `invalid epoch parameter ${d}`);
    if (b === 'cardano-stake-distribution') {
      const hash = data.csdByEpoch.get(String(epoch));
      return hash === undefined ? notFound(`Cardano stake distribution of epoch ${epoch}`) : fromMap(data.csds, hash, hash);
    }
    if (b === 'cardano-database') {
      const items = sliceTopLevelArray(data.cdbList).filter((_, i) => data.cdbListParsed[i]?.beacon.epoch === epoch);
      return json(`[${items.join(',')}]`);
    }
  }
  return notFound(`route ${path}`);
}

/**
 * Starts a stand-in aggregator on `127.0.0.1` with an OS-assigned port.
 *
 * Every response carries `mithril-api-version` and permissive CORS headers; unknown routes and missing resources are
 * answered `404` with a JSON `{label, message}` body.
 *
 * @param options - fixture folder, api version, certificate overrides, delay
 * @returns the running server; call `close()` when done
 * @example
 * const server = await startFixtureServer();
 * const res = await fetch(`${server.url}/certificates`);
 */
export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const dir = options.dir ?? fixturePath('aggregator-fake-2026-05');
  const data = loadFixtures(dir);
  const proofRoutes = loadFixtureProofRoutes(dir);
  const apiVersion = options.apiVersion ?? FIXTURE_SERVER_API_VERSION;
  const overrides = new Map(Object.entries(options.certificateOverrides ?? {}));
  let delayMs = options.delayMs ?? 0;
  const requests: RecordedRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    requests.push({ method, path, headers: { ...req.headers } });
    res.setHeader('mithril-api-version', apiVersion);
    res.setHeader('access-control-allow-origin', '*');
    const send = (reply: Reply): void => {
      if (res.destroyed) return;
      if (reply.body !== undefined) res.setHeader('content-type', 'application/json');
      res.writeHead(reply.status);
      res.end(reply.body);
    };
    if (method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'content-type, mithril-api-version, mithril-origin-tag, mithril-client-type');
      send({ status: 204 });
      return;
    }
    let reply: Reply;
    if (method !== 'GET') reply = { status: 405 };
    else if (path !== AGGREGATOR_BASE_PATH && !path.startsWith(`${AGGREGATOR_BASE_PATH}/`)) reply = notFound(`route ${path}`);
    else {
      try {
        const below = path.slice(AGGREGATOR_BASE_PATH.length);
        const search = (req.url ?? '').split('?')[1] ?? '';
        reply = proofReply(proofRoutes, below.replace(/^\//, ''), search) ?? route(data, overrides, apiVersion, below);
      } catch {
        reply = badRequest('invalid_path', `malformed path ${path}`);
      }
    }
    if (delayMs > 0) setTimeout(() => send(reply), delayMs);
    else send(reply);
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${AGGREGATOR_BASE_PATH}`;
  const certificatePrefix = `${AGGREGATOR_BASE_PATH}/certificate/`;

  return {
    url,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    certificateFetches: () => {
      const out = new Map<string, number>();
      for (const r of requests) {
        if (!r.path.startsWith(certificatePrefix)) continue;
        const hash = r.path.slice(certificatePrefix.length);
        out.set(hash, (out.get(hash) ?? 0) + 1);
      }
      return out;
    },
    resetRequests: () => {
      requests.length = 0;
    },
    setCertificateOverride: (hash, text) => {
      if (text === undefined) overrides.delete(hash);
      else overrides.set(hash, text);
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
