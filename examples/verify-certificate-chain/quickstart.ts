// The shortest verification: AGGREGATOR_ENDPOINT=… GENESIS_VERIFICATION_KEY=… node --conditions=source --import tsx quickstart.ts
// #region quickstart
import { createMithrilClient } from '@mithril/sdk';

const client = createMithrilClient({
  aggregatorEndpoint: process.env.AGGREGATOR_ENDPOINT ?? 'https://aggregator.release-preprod.api.mithril.network/aggregator',
  genesisVerificationKey: process.env.GENESIS_VERIFICATION_KEY, // the network's genesis.vkey
});
const [latest] = await client.listCertificates();
const { certificate, genesisHash } = await client.verifyCertificateChain({ hash: latest!.hash });
console.log(`certificate ${certificate.hash} (epoch ${certificate.epoch}) is certified back to genesis ${genesisHash}`);
// #endregion quickstart
