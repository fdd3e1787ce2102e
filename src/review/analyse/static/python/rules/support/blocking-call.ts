/** What the blocking rules report about one call (see blocking.ts, blocking-sdk.ts). */
export type BlockingKind = 'http' | 'sleep' | 'subprocess' | 'file' | 'db' | 'supabase' | 'sdk';

export interface BlockingCall {
  kind: BlockingKind;
  /** What blocks, as markdown for the message: "`requests.get`", "`db.query()` on a sync SQLAlchemy Session". */
  what: string;
  /** How to fix this particular call, when it differs from the rule's advice (an SDK's async client). */
  advice?: string;
  /**
   * A metadata-only file operation (mkdir, unlink, rename, a directory listing) or a settings-sized
   * document read or written through a codec (see document-file.ts): a syscall that is cheap on a local
   * disk. Listed with the real I/O of a function, never reported on its own nor through a helper.
   */
  minor?: boolean;
}
