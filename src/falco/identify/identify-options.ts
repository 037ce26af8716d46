/** What a caller may tell identification about one call. */
export interface IdentifyOptions {
  /** Epoch milliseconds: dates text lines that carry only a time of day. */
  readonly now?: number;
  /** At most this many candidates are returned (default 5). */
  readonly maxCandidates?: number;
}
