/**
 * `@mithril/relay-kit/node`: the Node-only parts of the relay kit — the forward proxy (`CONNECT` tunnels and plain
 * HTTP forwarding), a fetch that speaks through such a proxy, and the signer relay on a `node:http` server.
 *
 * @packageDocumentation
 */
export { createForwardProxy, type ForwardProxyEvent, type ForwardProxyOptions } from './forward-proxy.js';
export { createProxyFetch, type ProxyFetchOptions } from './proxy-fetch.js';
export { createSignerRelayServer } from './serve.js';
export { isSignerRoute, isSourceAllowed, matchDestinations, normaliseAddress, parseDestinations, type Destination } from './access.js';
export { RELAY_VERSION, startRelayCommand, type RelayCommandIo, type RelayCommandResult } from './cli.js';
