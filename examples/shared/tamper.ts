/**
 * Tampering helpers for the browser examples' tests: the text of a fixture certificate with one byte of its STM
 * multi-signature changed, everything else byte for byte as served, and a forwarding proxy that serves such answers.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** A running variant of an aggregator. */
export interface TamperedAggregator {
  /** Endpoint with the same base path as the upstream one. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a forwarding proxy on loopback in front of an aggregator that rewrites some answers: `rewrite` gets each
 * request's path (below the origin, e.g. `/aggregator/certificates`) and the upstream body, and returns the body to
 * serve. Status, CORS and `mithril-api-version` headers pass through.
 *
 * @param upstream - endpoint of the real (fixture) aggregator, e.g. `http://127.0.0.1:4100/aggregator`
 * @param rewrite - body rewriter
 * @returns the variant's endpoint
 * @example
 * const evil = await startTamperedAggregator(server.url, (path, body) => (path.endsWith('/certificates') ? patched : body));
 */
export async function startTamperedAggregator(upstream: string, rewrite: (path: string, body: string) => string): Promise<TamperedAggregator> {
  const origin = new URL(upstream).origin;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    fetch(`${origin}${path}`, { method: req.method ?? 'GET', headers: { accept: 'application/json' } })
      .then(async (answer) => {
        const body = answer.status === 204 ? '' : rewrite(path.split('?')[0] ?? path, await answer.text());
        const headers: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (name !== 'content-length' && name !== 'content-encoding' && name !== 'transfer-encoding' && name !== 'connection')
            headers[name] = value;
        });
        res.writeHead(answer.status, headers).end(body);
      })
      .catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${new URL(upstream).pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
