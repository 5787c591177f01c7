/**
 * Progress events of a Cardano database download, named like the reference `CardanoDatabase(…)` feedback events
 * (nodes.md §9.3). Emitted on a mitt emitter, as the client's own events.
 */
import type { Emitter } from 'mitt';

/** Payload shared by every download event. */
export interface CardanoDbEventBase {
  /** Id of one download (UUID v4 from the client's `randomId`). */
  readonly downloadId: string;
}

/** Every Cardano database download event, by name (a mitt event map). */
export type CardanoDbEvents = {
  /** The download started; `resumedImmutableFiles` were already on disk and verified. */
  CardanoDatabaseStarted: CardanoDbEventBase & {
    readonly totalImmutableFiles: number;
    readonly resumedImmutableFiles: number;
    readonly includeAncillary: boolean;
  };
  /** The digests list was downloaded and reproduces the certified root. */
  CardanoDatabaseDigestsVerified: CardanoDbEventBase & { readonly files: number };
  /** One immutable archive started downloading. */
  CardanoDatabaseImmutableDownloadStarted: CardanoDbEventBase & { readonly immutableFileNumber: bigint };
  /** Compressed bytes received for one immutable archive. */
  CardanoDatabaseImmutableDownloadProgress: CardanoDbEventBase & {
    readonly immutableFileNumber: bigint;
    readonly downloadedBytes: number;
  };
  /** One immutable archive was unpacked and its files match the certified digests. */
  CardanoDatabaseImmutableDownloadCompleted: CardanoDbEventBase & { readonly immutableFileNumber: bigint; readonly uri: string };
  /** The ancillary archive started downloading. */
  CardanoDatabaseAncillaryDownloadStarted: CardanoDbEventBase;
  /** The ancillary files were verified with the manifest signature and moved into place. */
  CardanoDatabaseAncillaryDownloadCompleted: CardanoDbEventBase & { readonly files: number };
  /** Every file is in place and verified. */
  CardanoDatabaseCompleted: CardanoDbEventBase;
};

/** Name of a Cardano database download event. */
export type CardanoDbEventName = keyof CardanoDbEvents;

/** The emitter a download reports on (mitt). */
export type CardanoDbEventEmitter = Emitter<CardanoDbEvents>;
