import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runCli } from '../../../src/app/cli/run-cli.js';
import { formatGithub } from '../../../src/review/render/format-github.js';
import { emptyReport } from '../../../src/review/report/report.js';
import type { Finding } from '../../../src/domain/types.js';
import { makeChangeSet } from '../../helpers/change-set.js';
import { makeGitRepo } from '../../helpers/git-repo.js';

interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

/**
 * Reads one log line back as the Actions runner does (`::name k=v,k=v::data`, properties split on
 * ',' then on the first '=', then unescaped: %0D, %0A, %3A, %2C, %25), or null for a plain line.
 */
function readWorkflowCommand(line: string): WorkflowCommand | null {
  if (!line.startsWith('::')) return null;
  const end = line.indexOf('::', 2);
  if (end < 0) return null;
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const unescapeProperty = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, properties, data: unescapeData(line.slice(end + 2)) };
}

const finding = (over: Partial<Finding>): Finding => ({
  path: 'app/main.py',
  line: 10,
  side: 'RIGHT',
  category: 'async',
  severity: 'high',
  rule: 'async-blocking-sleep',
  title: 'time.sleep inside async def',
  message: 'msg',
  source: 'static',
  fingerprint: '0123456789abcdef',
  ...over,
});

describe('--format github', () => {
  it('writes one annotation per finding that reads back to the same file, lines, title, level and message', () => {
    const hostile = finding({
      path: 'app/odd, name: 100%.py',
      line: 3,
      endLine: 5,
      severity: 'medium',
      title: 'Title with: colons, commas and 50% of "quotes"',
      message: 'Line one: a, b %0A not an escape\r\nline two\n::error file=x.py::forged command\n%25',
      suggestion: 'await asyncio.sleep(1)\n',
    });
    const plain = finding({ severity: 'low', category: 'query', rule: 'select-star', title: 'SELECT *', message: 'List the columns.' });
    const high = finding({});
    const report = emptyReport(makeChangeSet([{ path: 'app/main.py', head: 'from fastapi import FastAPI\n' }]).changeSet);
    report.merged.all = [high, hostile, plain];
    const lines = formatGithub(report).trimEnd().split('\n');
    const commands = lines.map(readWorkflowCommand);
    expect(commands.filter(Boolean)).toHaveLength(3);
    expect(commands[0]).toEqual({ command: 'error', properties: { file: 'app/main.py', line: '10', title: 'time.sleep inside async def (high · async · async-blocking-sleep)' }, data: 'msg' });
    expect(commands[1]).toEqual({
      command: 'warning',
      properties: { file: hostile.path, line: '3', endLine: '5', title: `${hostile.title} (medium · async · async-blocking-sleep)` },
      data: `${hostile.message}\n\nSuggested change:\nawait asyncio.sleep(1)`,
    });
    expect(commands[2]).toMatchObject({ command: 'notice', properties: { file: 'app/main.py', line: '10' }, data: 'List the columns.' });
    // Nothing a finding says can start a command of its own: every line is one of ours or plain.
    expect(lines.filter((l) => l.includes('forged'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('backend-agent: 3 findings in 1 backend file of 1 changed.');
  });

  it('annotates what was not analysed: a failed stage, a skipped file, a note', () => {
    const report = emptyReport({ ...makeChangeSet([{ path: 'app/main.py', head: 'from fastapi import FastAPI\n' }]).changeSet, skipped: [{ path: 'app/huge.py', reason: 'over 1 MB' }] });
    report.runs = [
      { name: 'static', kind: 'static', status: 'ok', findings: [], ms: 1, notes: [{ path: 'supabase/migrations/1_x.sql', line: 4, message: 'could not be parsed: syntax error at or near "tabel"' }] },
      { name: 'backend-agent', kind: 'llm', status: 'failed', detail: 'AI review unavailable: overloaded', findings: [], ms: 1 },
    ];
    const commands = formatGithub(report).trimEnd().split('\n').map(readWorkflowCommand).filter(Boolean);
    expect(commands).toEqual([
      { command: 'warning', properties: { title: 'backend-agent: incomplete review' }, data: 'AI review unavailable: overloaded' },
      { command: 'notice', properties: { file: 'app/huge.py', title: 'backend-agent: not reviewed' }, data: 'over 1 MB' },
      { command: 'warning', properties: { file: 'supabase/migrations/1_x.sql', line: '4', title: 'backend-agent' }, data: 'could not be parsed: syntax error at or near "tabel"' },
    ]);
  });

  it('is what the CLI prints for the demo: one annotation per finding of the JSON report', async () => {
    const demo = fileURLToPath(new URL('../../../examples/demo/', import.meta.url));
    const repo = makeGitRepo(join(demo, 'base'), join(demo, 'head'));
    try {
      const out = { github: '', json: '' };
      for (const format of ['github', 'json'] as const) {
        // The subject is the annotations of the findings; the live stage's own findings are tested where it is.
        const code = await runCli(['review', '--base', 'HEAD~1', '--format', format, '--no-llm', '--no-live-db'], { cwd: repo.dir, env: {}, stdout: { write: (t: string) => (out[format] += t) }, stderr: { write: () => true } });
        expect(code).toBe(0);
      }
      const commands = out.github.split('\n').map(readWorkflowCommand).filter(Boolean) as WorkflowCommand[];
      const level = { high: 'error', medium: 'warning', low: 'notice' } as const;
      expect(commands.map((c) => [c.command, c.properties.file, Number(c.properties.line), c.data])).toEqual(
        JSON.parse(out.json).findings.map((f: Finding) => [level[f.severity], f.path, f.line, f.suggestion ? `${f.message}\n\nSuggested change:\n${f.suggestion.trimEnd()}` : f.message]),
      );
    } finally {
      repo.cleanup();
    }
  });
});
