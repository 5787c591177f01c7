/**
 * Child process of the Cardano database figures: downloads a snapshot with the SDK (`downloadCardanoDatabase`, chain
 * verification, digests, unpack and per-file check included), verifies the restored folder
 * (`verifyCardanoDatabaseFolder`), and prints one JSON line with the download time and the process's peak RSS.
 *
 * Arguments: aggregator endpoint, genesis verification key, snapshot hash, target folder, last immutable number.
 */
import { ARTIFACT_KINDS, createMithrilClient, getArtifact } from '@mithril/sdk';
import { downloadCardanoDatabase, verifyCardanoDatabaseFolder } from '@mithril/sdk/node';

const [endpoint, genesisVerificationKey, hash, targetDir, end] = process.argv.slice(2) as [string, string, string, string, string];
const client = createMithrilClient({ aggregatorEndpoint: endpoint, genesisVerificationKey, retry: 0 });
const snapshot = await getArtifact(client, ARTIFACT_KINDS['cardano-database'], hash);
const started = performance.now();
const { certificate } = await downloadCardanoDatabase(client, snapshot, { targetDir, end: BigInt(end) });
const downloadMs = performance.now() - started;
const verifyStarted = performance.now();
const { checkedFiles } = await verifyCardanoDatabaseFolder(client, snapshot, targetDir, { end: BigInt(end), certificate });
const verifyMs = performance.now() - verifyStarted;
// maxRSS is in kilobytes.
process.stdout.write(`${JSON.stringify({ downloadMs, verifyMs, checkedFiles, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
