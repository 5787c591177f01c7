/**
 * Progress of a Cardano database download on stderr: a `cli-progress` bar on a terminal, otherwise one line each
 * time another tenth of the archives is done.
 */
import cliProgress from 'cli-progress';
import type { CardanoDbEventEmitter, CardanoDbEvents } from '@mithril/sdk/node';
import type { CliIo } from '../context.js';

/**
 * Follows the download events and reports them on stderr.
 *
 * @param events - the download's emitter
 * @param io - the streams (a bar only when stderr is a TTY)
 * @returns a function that stops reporting
 */
export function followDownload(events: CardanoDbEventEmitter, io: CliIo): () => void {
  let total = 0;
  let done = 0;
  let lastTenth = -1;
  const tty = io.stderr.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: 'Immutable files {bar} {value}/{total} archives', stream: io.stderr as unknown as NodeJS.WritableStream, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const onStarted = (e: CardanoDbEvents['CardanoDatabaseStarted']): void => {
    total = e.totalImmutableFiles;
    done = e.resumedImmutableFiles;
    if (bar !== undefined) bar.start(total, done);
    else io.stderr.write(`Downloading ${total - done} of ${total} immutable archives (${done} already on disk)\n`);
  };
  const onCompleted = (): void => {
    done++;
    if (bar !== undefined) {
      bar.update(done);
      return;
    }
    const tenth = Math.floor((done * 10) / Math.max(total, 1));
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      io.stderr.write(`Downloaded ${done}/${total} immutable archives\n`);
    }
  };
  const onAncillary = (): void => {
    if (bar === undefined) io.stderr.write('Downloading the ancillary files (signed by the aggregator operator key, not by Mithril)\n');
  };
  events.on('CardanoDatabaseStarted', onStarted);
  events.on('CardanoDatabaseImmutableDownloadCompleted', onCompleted);
  events.on('CardanoDatabaseAncillaryDownloadStarted', onAncillary);
  return () => {
    events.off('CardanoDatabaseStarted', onStarted);
    events.off('CardanoDatabaseImmutableDownloadCompleted', onCompleted);
    events.off('CardanoDatabaseAncillaryDownloadStarted', onAncillary);
    bar?.stop();
  };
}
