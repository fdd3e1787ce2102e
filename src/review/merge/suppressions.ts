import type { ChangeSet, FindingDraft } from '../../domain/types.js';

// `# backend-agent: ignore` or `-- backend-agent: ignore[rule-id, other-rule]`, on the flagged
// line or the line above it, like Ruff's noqa: the team decided, the reviewer stays quiet.
const DIRECTIVE = /backend-agent:\s*ignore(?:\[([^\]]*)\])?/i;

/**
 * The same decision written for the security linters a team already runs, on a line of the flagged statement or the
 * line above it: Bandit's `# nosec` (bare, or `B608`), Ruff's `# noqa: S608` and Semgrep's `# nosemgrep` (bare, or
 * its rule ids). They silence only this reviewer's rules of the same check (see FOREIGN_CHECKS); a bare `nosec` or
 * `nosemgrep` silences its security findings. A bare `# noqa` is a lint silencer: it silences nothing here.
 */
const NOSEC = /#\s*nosec\b([ \t]*:?[ \t]*(?:B\d{3}[ \t]*,?[ \t]*)*)/i;
const NOQA = /#\s*noqa\s*:\s*((?:[A-Z]+\d+[ \t]*,?[ \t]*)+)/i;
const NOSEMGREP = /(?:#|--|\/\/)\s*nosemgrep\b(?:\s*:\s*([\w.\-]+(?:\s*,\s*[\w.\-]+)*))?/i;

/** Which of this reviewer's rules a Bandit / Ruff code or a Semgrep rule id names. */
const FOREIGN_CHECKS: { rule: string; codes: RegExp; semgrep: RegExp }[] = [
  { rule: 'sql-string-built', codes: /^[BS]608$/, semgrep: /sql/i },
  { rule: 'hardcoded-secret', codes: /^[BS]10[567]$/, semgrep: /secret|password|credential|hard-?coded|api-?key/i },
  { rule: 'command-injection', codes: /^[BS]60[2-7]$|^B609$/, semgrep: /subprocess|shell|command|os-system|exec/i },
  { rule: 'unsafe-deserialization', codes: /^[BS]30[12]$|^B403$|^[BS]506$/, semgrep: /pickle|yaml|deserial|marshal/i },
  { rule: 'tls-verification-disabled', codes: /^[BS]50[1-4]$/, semgrep: /ssl|tls|verify|cert/i },
  { rule: 'path-traversal', codes: /^$/, semgrep: /path-?traversal|directory-?traversal|path-?injection/i },
];

function covers(text: string | undefined, rule: string, category: string): boolean {
  const match = text ? DIRECTIVE.exec(text) : null;
  if (!match) return false;
  if (match[1] === undefined) return true;
  const names = match[1].split(',').map((s) => s.trim().toLowerCase());
  return names.includes(rule.toLowerCase()) || names.includes(category);
}

/** A Bandit, Ruff or Semgrep suppression on this line that covers the rule. */
function foreignCovers(text: string | undefined, rule: string): boolean {
  if (!text) return false;
  const check = FOREIGN_CHECKS.find((c) => c.rule === rule);
  const nosec = NOSEC.exec(text);
  if (nosec) {
    const codes = nosec[1].match(/B\d{3}/gi) ?? [];
    if (!codes.length || (check && codes.some((c) => check.codes.test(c.toUpperCase())))) return true;
  }
  const noqa = NOQA.exec(text);
  if (noqa && check && (noqa[1].match(/[A-Z]+\d+/gi) ?? []).some((c) => check.codes.test(c.toUpperCase()))) return true;
  const nosemgrep = NOSEMGREP.exec(text);
  if (nosemgrep) {
    if (nosemgrep[1] === undefined) return true;
    if (check && nosemgrep[1].split(',').some((id) => check.semgrep.test(id))) return true;
  }
  return false;
}

/**
 * The lines of the statement the flagged line belongs to (a call spread over several lines): from the line where
 * its brackets open to the line where they close, at most a few lines each way.
 */
function statementLines(lines: readonly string[], index: number): number[] {
  const depthBefore = (i: number) => {
    let depth = 0;
    for (let j = Math.max(0, i - SPAN); j < i; j++) depth = Math.max(0, depth + balance(lines[j]));
    return depth;
  };
  let start = index;
  while (start > 0 && index - start < SPAN && depthBefore(start) > 0) start--;
  let end = index;
  let depth = depthBefore(index) + balance(lines[index]);
  while (depth > 0 && end + 1 < lines.length && end - index < SPAN) depth += balance(lines[++end]);
  const out: number[] = [];
  for (let i = start; i <= end; i++) out.push(i);
  return out;
}

const SPAN = 12;

/** Opening minus closing brackets of a line, outside its strings and comment (roughly: quotes are not nested). */
function balance(line: string | undefined): number {
  if (!line) return 0;
  const code = line.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""').replace(/(#|--).*$/, '');
  let n = 0;
  for (const ch of code) {
    if (ch === '(' || ch === '[' || ch === '{') n++;
    else if (ch === ')' || ch === ']' || ch === '}') n--;
  }
  return n;
}

/** Splits drafts into those to report and those a suppression comment in the code silences. */
export function applySuppressions(drafts: readonly FindingDraft[], changeSet: ChangeSet): { kept: FindingDraft[]; suppressed: FindingDraft[] } {
  const lines = new Map(changeSet.files.map((f) => [f.path, f.content?.split('\n') ?? []]));
  const kept: FindingDraft[] = [];
  const suppressed: FindingDraft[] = [];
  for (const d of drafts) {
    const text = (d.side ?? 'RIGHT') === 'RIGHT' ? lines.get(d.path) : undefined;
    const silenced = !!text && (covers(text[d.line - 1], d.rule, d.category) || covers(text[d.line - 2], d.rule, d.category) || foreignSilenced(text, d));
    (silenced ? suppressed : kept).push(d);
  }
  return { kept, suppressed };
}

function foreignSilenced(text: readonly string[], d: FindingDraft): boolean {
  if (d.category !== 'security' || d.line < 1 || d.line > text.length) return false;
  const statement = statementLines(text, d.line - 1);
  // The line above counts when it is a comment of its own, not the end of the statement before.
  const above = statement[0] - 1;
  const lines = above >= 0 && /^\s*(#|--|\/\/)/.test(text[above] ?? '') ? [above, ...statement] : statement;
  return lines.some((i) => foreignCovers(text[i], d.rule));
}
