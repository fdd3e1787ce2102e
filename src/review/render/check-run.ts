import type { NewCheckRun } from '../../ports/github.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import type { ReviewReport } from '../report/report.js';
import { SEVERITIES, type Severity } from '../../domain/types.js';
import { neutralise, plural } from '../shared/markdown.js';
import { incompleteReasons } from '../report/report.js';

export const CHECK_NAME = 'backend-agent';
const LEVEL = { high: 'failure', medium: 'warning', low: 'notice' } as const;

/**
 * Why this review is not complete or not all inline, for the check run: the report's own reasons
 * (see incompleteReasons) and findings GitHub refused as inline comments.
 */
export function cutShortReasons(report: ReviewReport): string[] {
  const reasons = incompleteReasons(report);
  if (report.rejected.length) reasons.push(`${plural(report.rejected.length, 'finding')} could not be posted as inline comments (listed in the summary)`);
  return reasons;
}

const reaches = (severity: Severity, threshold: Severity) => SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);

/** The "backend-agent" check run of one head commit: annotations, conclusion and an honest text. */
export function buildCheckRun(report: ReviewReport, settings: ReviewSettings): NewCheckRun {
  const findings = report.merged.all;
  const failOn = settings.check_run.fail_on;
  const failing = failOn === 'off' ? [] : findings.filter((f) => reaches(f.severity, failOn));
  const reasons = cutShortReasons(report);
  const conclusion = failing.length ? 'failure' : findings.length || reasons.length ? 'neutral' : 'success';
  const title = failing.length
    ? `${plural(failing.length, 'finding')} at or above ${failOn}`
    : findings.length
      ? `${plural(findings.length, 'finding')}`
      : reasons.length
        ? 'No findings, but the review was incomplete'
        : 'No findings';
  const summary = [
    `${plural(findings.length, 'finding')} in ${plural(report.changeSet.files.length, 'backend file')}.`,
    failOn === 'off' ? 'This check does not fail a build (`check_run.fail_on: off`).' : `Fails on findings of severity ${failOn} or higher.`,
  ].join(' ');
  const text = reasons.length ? `**This review is incomplete:**\n\n${reasons.map((r) => `- ${r}`).join('\n')}` : undefined;
  return {
    headSha: report.changeSet.headSha,
    conclusion,
    output: {
      title,
      summary,
      ...(text ? { text } : {}),
      annotations: findings
        .filter((f) => f.side === 'RIGHT')
        .map((f) => ({
          path: f.path,
          start_line: f.line,
          end_line: f.endLine ?? f.line,
          annotation_level: LEVEL[f.severity],
          title: `${f.severity} · ${f.category} · ${f.rule}`.slice(0, 255),
          // Shown as plain text by GitHub, but neutralised like every other place model text goes.
          message: neutralise(`${f.title}. ${f.message}`, { repo: `${report.changeSet.owner}/${report.changeSet.repo}` }).slice(0, 64000),
        })),
    },
  };
}
