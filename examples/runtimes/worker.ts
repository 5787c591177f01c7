/**
 * Worker entry of the runtimes example, for workerd (Cloudflare Workers): `POST /verify` with a JSON
 * {@link VerifyRequest} body answers the outcome as JSON (200 when the chain verifies, 422 when it does not).
 */
import { verifyChain, type VerifyRequest } from './verify.js';

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

// workerd calls the default export's `fetch` for every request of the socket's service.
export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/health') return json(200, { ok: true });
    if (pathname !== '/verify' || request.method !== 'POST') return json(404, { label: 'not_found', message: `route ${pathname}` });
    const body = (await request.json()) as VerifyRequest;
    const outcome = await verifyChain(body);
    return json(outcome.ok ? 200 : 422, { runtime: { name: 'workerd', version: navigator.userAgent }, ...outcome });
  },
};
