import { createSigner } from '@mithril/signer-kit';
import type { ChainObserver } from '@mithril/sdk'; import type { Storage } from 'unstorage';
declare const aggregatorEndpoint: string, partyId: string, chainObserver: ChainObserver, storage: Storage;
export {};

const signer = createSigner({ aggregatorEndpoint, partyId, chainObserver, storage });
signer.start();
