/**
 * `npm start -- --relay`: a signer relay (relay kit) on a loopback port in front of the devnet aggregator, delivering
 * its outbox every second, so the devnet's signers reach the aggregator only through it.
 */
import type { AddressInfo } from 'node:net';
import { createSignerRelay, type SignerRelay } from '@mithril/relay-kit';
import { createSignerRelayServer } from '@mithril/relay-kit/node';
import type { Storage } from 'unstorage';

/** A running devnet relay. */
export interface DevnetRelay {
  readonly url: string;
  readonly relay: SignerRelay;
  close(): Promise<void>;
}

/**
 * Starts a signer relay on `host`, any free port.
 *
 * @param options - listening host, the aggregator endpoint, the relay's storage
 * @returns the running relay
 * @example
 * const relay = await startDevnetRelay({ host: '127.0.0.1', upstream: 'http://127.0.0.1:8080/aggregator', storage });
 */
export async function startDevnetRelay(options: {
  readonly host: string;
  readonly upstream: string;
  readonly storage: Storage;
}): Promise<DevnetRelay> {
  const relay = createSignerRelay({ upstreams: [options.upstream], storage: options.storage });
  const server = createSignerRelayServer(relay);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => resolve((server.address() as AddressInfo).port));
  });
  relay.start(1000);
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    relay,
    async close() {
      await relay.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
