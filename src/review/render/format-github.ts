import type { Finding, Severity } from '../../domain/types.js';
import { incompleteReasons, type ReviewReport } from '../report/report.js';
import { plural } from '../shared/markdown.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { high: 'error', medium: 'warning', low: 'notice' };

// GitHub's escaping of workflow commands (as @actions/core does it): data escapes %, CR and LF;
// property values also escape ':' and ',', which separate the properties.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function annotation(f: Finding): string {
  // A finding on a removed line has no place in the head file: it is annotated on the file.
  const onHead = f.side === 'RIGHT';
  const message = `${onHead ? '' : `(line ${f.line} of the base version) `}${f.message}${f.suggestion !== undefined ? `\n\nSuggested change:\n${f.suggestion.trimEnd()}` : ''}`;
  return command(
    COMMAND[f.severity],
    { file: f.path, line: onHead ? f.line : undefined, endLine: onHead && f.endLine && f.endLine > f.line ? f.endLine : undefined, title: `${f.title} (${f.severity} · ${f.category} · ${f.rule})` },
    message,
  );
}

/**
 * `--format github`: one workflow-command annotation per finding, for the CLI run in a GitHub
 * Actions workflow (as Ruff's and mypy's `github` formats). What was not analysed is a warning too.
 */
export function formatGithub(report: ReviewReport): string {
  const lines = report.merged.all.map(annotation);
  for (const reason of incompleteReasons(report)) lines.push(command('warning', { title: 'backend-agent: incomplete review' }, reason));
  for (const s of report.changeSet.skipped) lines.push(command('notice', { file: s.path, title: 'backend-agent: not reviewed' }, s.reason));
  for (const n of [...report.notes, ...report.runs.flatMap((r) => r.notes ?? [])]) lines.push(command('warning', { file: n.path, line: n.path ? n.line : undefined, title: 'backend-agent' }, n.message));
  lines.push(`backend-agent: ${plural(report.merged.all.length, 'finding')} in ${plural(report.changeSet.files.length, 'backend file')} of ${report.changeSet.totalFiles} changed.`);
  return `${lines.join('\n')}\n`;
}
