import { ARTIFACT_KINDS, getArtifactByEpoch, verifyArtifact } from '@mithril/sdk';
import type { MithrilClient } from '@mithril/sdk';
declare const client: MithrilClient;
export {};

const csd = await getArtifactByEpoch(client, ARTIFACT_KINDS.csd, 'latest');
const { certificate } = await verifyArtifact(client, ARTIFACT_KINDS.csd, csd, undefined);
