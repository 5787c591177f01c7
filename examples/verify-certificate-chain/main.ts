/**
 * Verifies the latest certificate chain of an aggregator down to its genesis certificate, then the latest Mithril
 * stake distribution, keeping verified certificates in a cache on disk so the next run only re-verifies the tip's
 * epoch.
 *
 *   AGGREGATOR_ENDPOINT=… GENESIS_VERIFICATION_KEY=… node --conditions=source --import tsx main.ts [--cache-dir DIR] [--backend mcl] [--workers N]
 */
import { parseArgs } from 'node:util';
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import { createMithrilClient, isMithrilError } from '@mithril/sdk';
import { createMclBackend } from '@mithril/sdk/bls-mcl';
import { createVerificationWorkerPool, createWorkerMultiSignatureVerifier } from '@mithril/sdk/node';

const { values } = parseArgs({
  options: {
    'aggregator-endpoint': { type: 'string' },
    'genesis-verification-key': { type: 'string' },
    'cache-dir': { type: 'string' },
    backend: { type: 'string' }, // noble (default) or mcl
    workers: { type: 'string' }, // worker threads for multi-signature checks (default 0: this thread)
  },
});
const aggregatorEndpoint = values['aggregator-endpoint'] ?? process.env.AGGREGATOR_ENDPOINT;
const genesisVerificationKey = values['genesis-verification-key'] ?? process.env.GENESIS_VERIFICATION_KEY;
const cacheDir = values['cache-dir'] ?? process.env.CACHE_DIR ?? '.data/certificate-cache';
if (aggregatorEndpoint === undefined || genesisVerificationKey === undefined) {
  console.error('set AGGREGATOR_ENDPOINT and GENESIS_VERIFICATION_KEY (or pass --aggregator-endpoint / --genesis-verification-key)');
  process.exit(2);
}

// #region backend
// Default: the pure JavaScript backend (noble). mcl-wasm (an optional peer dependency) verifies multi-signatures faster.
const blsBackend = values.backend === 'mcl' ? await createMclBackend() : undefined;
// #endregion backend

// #region workers
// Node only: worker threads share each multi-signature check (a large aggregate is split between them) and keep the
// decoded keys of recent epochs. Close the pool when done.
const workers = Number(values.workers ?? 0);
const pool = workers > 0 ? createVerificationWorkerPool({ size: workers, backend: values.backend === 'mcl' ? 'mcl' : 'noble' }) : undefined;
const verifyMultiSignature = pool === undefined ? undefined : createWorkerMultiSignatureVerifier(pool);
// #endregion workers

// #region client
const client = createMithrilClient({
  aggregatorEndpoint,
  genesisVerificationKey, // JSON-hex, as published in genesis.vkey files: the trust anchor
  cache: createStorage({ driver: fsDriver({ base: cacheDir }) }), // any unstorage driver
  blsBackend,
  verifyMultiSignature, // undefined: in this thread, with blsBackend
});

client.events.on('CertificateChainValidationStarted', (e) => console.log(`chain: started at ${e.certificateHash}`));
client.events.on('CertificateValidated', (e) => console.log(`chain: verified ${e.certificateHash}`));
client.events.on('CertificateFetchedFromCache', (e) => console.log(`chain: cached   ${e.certificateHash}`));
client.events.on('CertificateChainValidated', (e) => console.log(`chain: valid down to genesis from ${e.certificateHash}`));
// #endregion client

try {
  // #region verify-chain
  const [latest] = await client.listCertificates(); // list items are unsigned: only use them to pick a hash
  if (latest === undefined) throw new Error('the aggregator has no certificate yet');
  const chain = await client.verifyCertificateChain({ hash: latest.hash });
  console.log(
    `certificate chain verified: tip=${chain.certificate.hash} epoch=${chain.certificate.epoch} ` +
      `genesis=${chain.genesisHash} validated=${chain.validated.length} fromCache=${chain.fromCache.length}`,
  );
  // #endregion verify-chain

  // #region verify-msd
  const [latestMsd] = await client.listMithrilStakeDistributions();
  if (latestMsd === undefined) throw new Error('the aggregator has no Mithril stake distribution yet');
  const { artifact, certificate } = await client.verifyMithrilStakeDistribution({ hash: latestMsd.hash });
  console.log(
    `mithril stake distribution verified: hash=${artifact.hash} epoch=${artifact.epoch} ` +
      `signers=${artifact.signers.length} certificate=${certificate.hash}`,
  );
  // #endregion verify-msd
} catch (error) {
  // #region errors
  if (isMithrilError(error)) {
    // A stable code to branch on, and a message naming the offending field.
    console.error(`verification failed: ${error.code}: ${error.message}`);
    process.exit(1);
  }
  throw error;
  // #endregion errors
} finally {
  await pool?.close();
}
