/**
 * The call-details port of calld's live view (the console's "Calls"): what the node knows of each
 * channel beyond the calld call model, namely where it runs (node, media worker), how its audio
 * goes (codec, packet loss) and the context a transfer from it dials in. Owned here, implemented by
 * the composition root over the call service and the media pool.
 */

/** What the node knows of one channel of its own. */
export interface ChannelDetails {
  /** The slot of the media worker hosting the channel's media session (0 .. workers - 1); null when it has none. */
  readonly mediaWorker: number | null;
  /** The codec of the channel's media leg (`PCMU`, `PCMA`); null when it has no media session. */
  readonly codec: string | null;
  /**
   * The share of the packets the channel's phone sent that never arrived, in percent (RFC 3550
   * §6.4.1 cumulative loss over expected); null while nothing was received or when unknown.
   */
  readonly packetLossPercent: number | null;
  /** The dialplan context a transfer initiated from this channel dials in (the party's line context). */
  readonly context: string | null;
}

export interface CallDetailsPort {
  /** The name of the node serving the channels (its configured `nodeName`). */
  nodeName(): string;
  /** The details of each channel named that this node serves; unknown channels are absent from the map. */
  detailsOf(callIds: readonly string[]): Promise<ReadonlyMap<string, ChannelDetails>>;
}
