import { createMithrilClient } from '@mithril/sdk';
declare const aggregatorEndpoint: string, genesisVerificationKey: string, hash: string;
export {};

const client = createMithrilClient({ aggregatorEndpoint, genesisVerificationKey });
client.events.on('CertificateValidated', (e) => console.log('validated', e.certificateHash));
const { artifact } = await client.verifyMithrilStakeDistribution({ hash });
