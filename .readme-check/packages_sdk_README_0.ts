import { createMithrilClient } from '@mithril/sdk';
declare const aggregatorEndpoint: string, genesisVerificationKey: string, hash: string;
export {};

const client = createMithrilClient({ aggregatorEndpoint, genesisVerificationKey });
const { artifact } = await client.verifyMithrilStakeDistribution({ hash });
