/**
 * The Web-standard fetch handler: routing under the base path, reference headers and CORS, the body limit, JSON error
 * bodies, and the route catalogue of nodes.md §1.3.
 */
import { AggregatorError, errorReply, SIGNATURE_PAYLOAD_LABEL, SIGNER_PAYLOAD_LABEL } from './errors.js';
import { toJsonText } from './json.js';
import {
  encodeEpochSettings,
  encodeProtocolConfigurationMessage,
  isMithrilError,
  jsonToPlain,
  parseJson,
  parseRegisterSignatureMessage,
  parseRegisterSignerMessage,
  parseSignedEntityType,
  protocolParametersToJson,
  SIGNABLE_ENTITY_TYPES,
  type SignableEntityType,
} from './sdk.js';
import type { AggregatorContext } from './context.js';
import {
  epochSettings,
  getArtifact,
  getArtifactByEpoch,
  getCertificate,
  getGenesisCertificate,
  incrementStatistic,
  LIST_MAX_ITEMS,
  listArtifacts,
  listCertificates,
  protocolConfiguration,
  registeredSigners,
  signerTickers,
  statusNumbers,
} from './queries.js';
import { registerSignature } from './steps/register-signature.js';
import { registerSigner } from './steps/register-signer.js';
import { requireCurrentEpoch } from './steps/epoch-data.js';
import type { ArtifactKind } from './store.js';
import type { SignerRegistrationRequest } from './types.js';
export { DEFAULT_BODY_LIMIT } from './config.js';

/** OpenAPI version the routes follow (reference `2eedbd254`). */
export const MITHRIL_API_VERSION = '0.1.68';
/** Largest `latest-N` offset accepted by artifact routes. */
const MAX_ARTIFACT_EPOCH_OFFSET = 5n;

const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, mithril-api-version, mithril-origin-tag, mithril-client-type, signer-node-version',
  // Browser clients read the server version to warn about newer servers (nodes.md §1.2).
  'access-control-expose-headers': 'mithril-api-version',
};

type Handler = (ctx: RouteContext) => Promise<Response>;

interface RouteContext {
  readonly request: Request;
  readonly params: Readonly<Record<string, string>>;
  readonly body: () => Promise<unknown>;
}

interface Route {
  readonly method: 'GET' | 'POST';
  readonly segments: readonly string[];
  readonly handler: Handler;
}

function baseHeaders(): Headers {
  const headers = new Headers(CORS_HEADERS);
  headers.set('mithril-api-version', MITHRIL_API_VERSION);
  return headers;
}

function json(status: number, body: unknown): Response {
  const headers = baseHeaders();
  headers.set('content-type', 'application/json');
  return new Response(toJsonText(body), { status, headers });
}

function empty(status: number): Response {
  return new Response(null, { status, headers: baseHeaders() });
}

function errorResponse(status: number, message: string, label?: string): Response {
  return json(status, label === undefined ? { message } : { label, message });
}

function badRequest(label: string, message: string): never {
  throw new RequestError(400, label, message);
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly label: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw new RequestError(413, undefined, 'payload too large');
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new RequestError(413, undefined, 'payload too large');
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new RequestError(400, 'Bad Request', 'the body is not UTF-8');
  }
}

function parseBody(text: string): unknown {
  try {
    return jsonToPlain(parseJson(text, 'body'));
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    throw new RequestError(400, 'Bad Request', `malformed JSON body: ${error.message}`);
  }
}

/**
 * Parses an epoch path parameter: a number, `latest` or `latest-N`, case-insensitive (nodes.md §1.1).
 *
 * @returns the epoch
 */
function parseEpochParam(value: string, current: bigint, maxOffset: bigint | undefined): bigint {
  const v = value.toLowerCase();
  if (/^\d{1,19}$/.test(v)) return BigInt(v);
  const m = /^latest(?:-(\d{1,19}))?$/.exec(v);
  if (m === null) badRequest('invalid_epoch', `invalid epoch parameter '${value}'`);
  const offset = m[1] === undefined ? 0n : BigInt(m[1]);
  if (maxOffset !== undefined && offset > maxOffset) badRequest('invalid_epoch', `epoch offset ${offset} exceeds ${maxOffset}`);
  return current > offset ? current - offset : 0n;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function u64Field(v: unknown, field: string, label: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'bigint' && v >= 0n && v < 1n << 64n) return v;
  badRequest(label, `${field}: expected an unsigned 64-bit integer`);
}

/** Runs an SDK message parser; its `MESSAGE_INVALID` (or any SDK error) becomes a 400 with the route's label. */
function decoded<T>(label: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    badRequest(label, error.field === undefined ? error.message : `${error.field}: ${error.message}`);
  }
}

/** The kit stores these as JS numbers: refuse what a number cannot hold exactly, as before the SDK parsed them. */
function safeNumber(value: bigint | undefined, field: string, label: string): number | undefined {
  if (value === undefined) return undefined;
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) badRequest(label, `${field}: expected an unsigned integer`);
  return Number(value);
}

/**
 * Creates the fetch handler of the aggregator routes.
 *
 * @param ctx - the aggregator context (base path, body limit and `/status` values come from its configuration)
 * @returns `(request) => Promise<Response>`
 */
export function createFetchHandler(ctx: AggregatorContext): (request: Request) => Promise<Response> {
  const options = ctx.config;
  const routes: Route[] = [];
  const get = (path: string, handler: Handler): void => {
    routes.push({ method: 'GET', segments: path.split('/').filter((s) => s !== ''), handler });
  };
  const post = (path: string, handler: Handler): void => {
    routes.push({ method: 'POST', segments: path.split('/').filter((s) => s !== ''), handler });
  };

  const requireEpoch = (): Promise<bigint> => requireCurrentEpoch(ctx);
  const listDocuments = async (kind: ArtifactKind): Promise<unknown[]> =>
    (await listArtifacts(ctx, kind, { limit: LIST_MAX_ITEMS })).map((doc) => {
      const a = jsonToPlain(parseJson(doc.json, 'artifact')) as Record<string, unknown>;
      return { epoch: a['epoch'], hash: a['hash'], certificate_hash: a['certificate_hash'], created_at: a['created_at'] };
    });
  const documentResponse = (json: string): Response => {
    const headers = baseHeaders();
    headers.set('content-type', 'application/json');
    return new Response(json, { status: 200, headers });
  };

  get('/', async () =>
    json(200, {
      open_api_version: MITHRIL_API_VERSION,
      documentation_url: options.documentationUrl,
      capabilities: { signed_entity_types: [...options.signedEntityTypes], aggregate_signature_type: 'Concatenation' },
    }),
  );

  get('/status', async () => {
    const n = await statusNumbers(ctx);
    return json(200, {
      epoch: n.epoch,
      cardano_era: n.cardanoEra,
      cardano_network: n.network,
      mithril_era: 'pythagoras',
      cardano_node_version: options.cardanoNodeVersion,
      aggregator_node_version: options.aggregatorNodeVersion,
      protocol: protocolParametersToJson(n.currentParameters),
      next_protocol: protocolParametersToJson(n.nextParameters),
      total_signers: n.totalSigners,
      total_next_signers: n.totalNextSigners,
      total_stakes_signers: n.totalStakesSigners,
      total_next_stakes_signers: n.totalNextStakesSigners,
      total_cardano_spo: n.totalCardanoSpo,
      total_cardano_stake: n.totalCardanoStake,
    });
  });

  get('/epoch-settings', async () => {
    const view = await epochSettings(ctx);
    return documentResponse(
      encodeEpochSettings({
        epoch: view.epoch,
        signerRegistrationProtocol: view.signerRegistrationProtocol,
        currentSigners: view.currentSigners,
        nextSigners: view.nextSigners,
      }),
    );
  });

  get('/protocol-configuration/:epoch', async ({ params }) => {
    if (!/^\d{1,19}$/.test(params['epoch']!)) badRequest('invalid_epoch', `invalid epoch '${params['epoch']}'`);
    const configuration = await protocolConfiguration(ctx, BigInt(params['epoch']!));
    if (configuration === undefined) return empty(404);
    return documentResponse(encodeProtocolConfigurationMessage(configuration));
  });

  get('/certificates', async () => {
    const out: unknown[] = [];
    for (const doc of await listCertificates(ctx, { limit: LIST_MAX_ITEMS })) {
      const c = jsonToPlain(parseJson(doc.json, 'certificate')) as Record<string, unknown>;
      const m = c['metadata'] as Record<string, unknown>;
      out.push({
        hash: c['hash'],
        previous_hash: c['previous_hash'],
        epoch: c['epoch'],
        signed_entity_type: c['signed_entity_type'],
        metadata: {
          network: m['network'],
          version: m['version'],
          parameters: m['parameters'],
          initiated_at: m['initiated_at'],
          sealed_at: m['sealed_at'],
          total_signers: (m['signers'] as unknown[]).length,
        },
        protocol_message: c['protocol_message'],
        signed_message: c['signed_message'],
        aggregate_verification_key: c['aggregate_verification_key'],
      });
    }
    return json(200, out);
  });

  get('/certificate/genesis', async () => {
    const doc = await getGenesisCertificate(ctx);
    return doc === undefined ? empty(404) : documentResponse(doc.json);
  });

  get('/certificate/:hash', async ({ params }) => {
    const doc = await getCertificate(ctx, params['hash']!);
    return doc === undefined ? empty(404) : documentResponse(doc.json);
  });

  get('/artifact/mithril-stake-distributions', async () => json(200, await listDocuments('msd')));
  get('/artifact/mithril-stake-distribution/:hash', async ({ params }) => {
    const doc = await getArtifact(ctx, 'msd', params['hash']!);
    return doc === undefined ? empty(404) : documentResponse(doc.json);
  });
  get('/artifact/cardano-stake-distributions', async () => json(200, await listDocuments('csd')));
  get('/artifact/cardano-stake-distribution/epoch/:epoch', async ({ params }) => {
    const current = await requireEpoch();
    // `latest` for a CSD is the latest signed beacon: the current epoch − 1 (the beacon certified during it).
    const epoch = parseEpochParam(params['epoch']!, current > 0n ? current - 1n : 0n, MAX_ARTIFACT_EPOCH_OFFSET);
    const doc = await getArtifactByEpoch(ctx, 'csd', epoch);
    return doc === undefined ? empty(404) : documentResponse(doc.json);
  });
  get('/artifact/cardano-stake-distribution/:hash', async ({ params }) => {
    const doc = await getArtifact(ctx, 'csd', params['hash']!);
    return doc === undefined ? empty(404) : documentResponse(doc.json);
  });

  // Cardano database and legacy snapshots: read routes only until their builders exist.
  get('/artifact/cardano-database', async () => json(200, []));
  get('/artifact/cardano-database/digests', async () => json(200, []));
  get('/artifact/cardano-database/epoch/:epoch', async ({ params }) => {
    parseEpochParam(params['epoch']!, await requireEpoch(), MAX_ARTIFACT_EPOCH_OFFSET);
    return json(200, []);
  });
  get('/artifact/cardano-database/:hash', async () => empty(404));
  get('/artifact/snapshots', async () => json(200, []));
  get('/artifact/snapshot/:digest', async () => empty(404));
  get('/artifact/cardano-transactions', async () => json(200, []));
  get('/artifact/cardano-transaction/:hash', async () => empty(404));

  get('/signers/registered/:epoch', async ({ params }) => {
    const registeredAt = parseEpochParam(params['epoch']!, await requireEpoch(), undefined);
    const signers = await registeredSigners(ctx, registeredAt);
    if (signers.length === 0) return empty(404);
    return json(200, {
      registered_at: registeredAt,
      signing_at: registeredAt + 2n,
      registrations: signers.map((s) => ({ party_id: s.partyId, stake: BigInt(s.stake) })),
    });
  });

  get('/signers/tickers', async () =>
    json(200, {
      network: options.network,
      signers: (await signerTickers(ctx)).map((t) => ({ party_id: t.partyId, has_registered: t.hasRegistered })),
    }),
  );

  post('/register-signer', async ({ body }) => {
    const b = await body();
    const label = SIGNER_PAYLOAD_LABEL;
    // A JSON string body must not be read as JSON text a second time by the SDK parser.
    if (!isObject(b)) badRequest(label, 'expected a JSON object');
    const { kesPeriod, ...message } = decoded(label, () => parseRegisterSignerMessage(b));
    const request: SignerRegistrationRequest = { ...message, kesPeriod: safeNumber(kesPeriod, 'kes_period', label) };
    try {
      await registerSigner(ctx, request);
    } catch (error) {
      if (error instanceof AggregatorError || !isMithrilError(error)) throw error;
      badRequest(label, error.message);
    }
    return empty(201);
  });

  post('/register-signatures', async ({ body }) => {
    const b = await body();
    const label = SIGNATURE_PAYLOAD_LABEL;
    if (!isObject(b)) badRequest(label, 'expected a JSON object');
    // The type is judged before the other fields, so that a discontinued or foreign type answers 410 / its label.
    const type = decoded('Unknown signed entity type', () => parseSignedEntityType(b['entity_type'], 'entity_type'));
    if (type.type === 'CardanoImmutableFilesFull') {
      throw new AggregatorError('AGGREGATOR_DISCONTINUED_ENTITY_TYPE', 'CardanoImmutableFilesFull is discontinued');
    }
    if (!(options.signedEntityTypes as readonly string[]).includes(type.type) || !SIGNABLE_ENTITY_TYPES.includes(type.type as never)) {
      badRequest('Unknown signed entity type', `signed entity type ${type.type === 'Unknown' ? type.name : type.type} is not certified here`);
    }
    const message = decoded(label, () => parseRegisterSignatureMessage(b));
    if (!/^[0-9a-f]{64}$/.test(message.signedMessage)) badRequest(label, 'signed_message: expected 64 lowercase hex characters');
    const input = {
      type: message.signedEntityType as SignableEntityType,
      partyId: message.partyId,
      signature: message.signature,
      indexes: message.indexes,
      signedMessage: message.signedMessage,
    };
    let status: 201 | 202;
    try {
      status = await registerSignature(ctx, input);
    } catch (error) {
      if (error instanceof AggregatorError || !isMithrilError(error)) throw error;
      badRequest(label, error.message);
    }
    return empty(status);
  });

  post('/statistics/cardano-database/immutable-files-restored', async ({ body }) => {
    const b = await body();
    if (!isObject(b)) badRequest('Bad Request', 'expected a JSON object');
    const n = u64Field(b['nb_immutable_files'], 'nb_immutable_files', 'Bad Request');
    await incrementStatistic(ctx, 'immutable-files-restored', Number(n));
    return empty(201);
  });
  for (const name of ['ancillary-files-restored', 'complete-restoration', 'partial-restoration']) {
    post(`/statistics/cardano-database/${name}`, async () => {
      await incrementStatistic(ctx, name);
      return empty(201);
    });
  }
  post('/statistics/snapshot', async ({ body }) => {
    const b = await body();
    if (!isObject(b)) badRequest('Bad Request', 'expected a JSON object');
    await incrementStatistic(ctx, 'snapshot');
    return empty(201);
  });

  const base = options.basePath.split('/').filter((s) => s !== '');

  const match = (method: string, segments: readonly string[]): { route: Route; params: Record<string, string> } | 'method' | undefined => {
    let methodMismatch = false;
    // Literal segments beat parameters (trap 56): try routes with fewer parameters first.
    const ranked = routes
      .filter((r) => r.segments.length === segments.length)
      .sort((a, b) => a.segments.filter((s) => s.startsWith(':')).length - b.segments.filter((s) => s.startsWith(':')).length);
    for (const route of ranked) {
      const params: Record<string, string> = {};
      const ok = route.segments.every((seg, i) => {
        const actual = segments[i]!;
        if (seg.startsWith(':')) {
          params[seg.slice(1)] = actual;
          return true;
        }
        return seg === actual;
      });
      if (!ok) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { route, params };
    }
    return methodMismatch ? 'method' : undefined;
  };

  return async (request: Request): Promise<Response> => {
    try {
      const url = new URL(request.url);
      let segments = url.pathname.split('/').filter((s) => s !== '');
      try {
        segments = segments.map((s) => decodeURIComponent(s));
      } catch {
        return empty(404);
      }
      if (!base.every((b, i) => segments[i] === b)) return empty(404);
      segments = segments.slice(base.length);
      const method = request.method.toUpperCase();
      if (method === 'OPTIONS') return empty(204);
      const found = match(method === 'HEAD' ? 'GET' : method, segments);
      if (found === undefined) return empty(404);
      if (found === 'method') return empty(405);
      let cached: Promise<unknown> | undefined;
      const body = (): Promise<unknown> => (cached ??= readBody(request, options.bodyLimit).then(parseBody));
      if (method === 'POST') await body();
      return await found.route.handler({ request, params: found.params, body });
    } catch (error) {
      if (error instanceof RequestError) {
        return error.status === 413 ? empty(413) : errorResponse(error.status, error.message, error.label);
      }
      const reply = errorReply(error);
      if (reply.status >= 500 && !isMithrilError(error)) options.onUnexpectedError?.(error);
      if (reply.status === 404) return empty(404);
      return errorResponse(reply.status, reply.message, reply.status < 500 ? reply.label : undefined);
    }
  };
}
