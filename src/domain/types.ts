/**
 * The data that travels through the review pipeline. Everything here is plain data:
 * collect -> analyse -> merge -> render -> publish each take and return these shapes.
 */

export const CATEGORIES = ['async', 'security', 'rls', 'query'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Most severe first: the order used for ranking, caps and the fix plan. */
export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Side = 'LEFT' | 'RIGHT';
/** Who found it: the static rules, the persona on Claude, or the live database stage (migrations run in PostgreSQL). */
export type FindingSource = 'static' | 'llm' | 'live';

/** The one finding type, end to end (see DESIGN.md). `line` is a head-file line for RIGHT. */
export interface Finding {
  path: string;
  line: number;
  endLine?: number;
  side: Side;
  category: Category;
  severity: Severity;
  rule: string;
  title: string;
  message: string;
  /** Replacement text for lines line..endLine (a GitHub ```suggestion block), when the fix is mechanical. */
  suggestion?: string;
  source: FindingSource;
  /** Every source that reported it, when more than one did (a static rule confirmed on the live database). */
  sources?: FindingSource[];
  fingerprint: string;
}

/** What an analyzer emits. The merge stage adds the fingerprint; side defaults to RIGHT. */
export type FindingDraft = Omit<Finding, 'fingerprint' | 'side'> & { side?: Side };

export type FileKind = 'python' | 'sql' | 'alembic' | 'supabase-config';
export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';

/** The lines of one file's patch that GitHub accepts a review comment on. */
export interface CommentableLines {
  /** New-file numbers of added and context lines (side RIGHT). */
  right: ReadonlySet<number>;
  /** Old-file numbers of deleted lines (side LEFT). */
  left: ReadonlySet<number>;
  /** New-file numbers of added lines only: what the PR changed. Rules report only here. */
  added: ReadonlySet<number>;
  /**
   * For an incremental review: the added lines that changed since the last reviewed head.
   * Undefined for a full review.
   */
  sinceLastReview?: ReadonlySet<number>;
}

export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: FileStatus;
  kind: FileKind;
  /** The file's unified-diff hunks as GitHub returns them ('' when GitHub sent none). */
  patch: string;
  lines: CommentableLines;
  /** Head text, decoded as UTF-8 with replacement; null for a removed file. */
  content: string | null;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

/** A note for the summary: something that was not analysed, and why. */
export interface Note {
  path?: string;
  line?: number;
  message: string;
}

export interface ChangeSet {
  owner: string;
  repo: string;
  /** PR number; undefined for a local (CLI) review. */
  number?: number;
  title: string;
  body: string;
  baseSha: string;
  headSha: string;
  /** The backend files the PR changed, with head contents. */
  files: ChangedFile[];
  /** Changed backend files left out, each with a reason (binary, vendored, over 1 MB, symlink, ...). */
  skipped: SkippedFile[];
  /** Changed files outside the review's scope, each with a reason (not backend code, binary, vendored, ...). */
  others?: SkippedFile[];
  /** How many files the PR changed in all (backend or not). */
  totalFiles: number;
  /** True when GitHub's 3,000-file cap cut the file list short. */
  truncated: boolean;
  /** Set for an incremental review: the SHA the previous review covered. */
  sinceSha?: string;
}

/**
 * Read access to the repository at the head commit, beyond the changed files: rules use it to
 * replay every migration and to follow imports into other modules. Implementations cache.
 */
export interface RepoSnapshot {
  /** Every file path of the head tree (bounded by the implementation). */
  listPaths(): Promise<string[]>;
  /** The head text of a path, or null when it is missing, binary or too large. */
  readText(path: string): Promise<string | null>;
  /**
   * True when each read costs an API call within a per-review budget (the app's GitHub snapshot): a
   * search over the whole repository is then not affordable, and what it would prove stays unknown.
   */
  readonly budgeted?: boolean;
}
