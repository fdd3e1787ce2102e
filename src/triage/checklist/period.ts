import { article } from './draft.js';
import type { PlanContext } from './context.js';
import { timeColumn } from './sql-text.js';

/** The rows of one period ("a day's lessons"): the column, the half-open range, and where its time zone comes from. */
export interface PeriodFilter {
  column: string;
  period: NonNullable<PlanContext['reading']['period']>;
  /** "the school's `timezone`" when the scope table records one. */
  zone?: string;
}

export function periodFilter(ctx: PlanContext): PeriodFilter | undefined {
  const { target, reading, scope } = ctx;
  if (!target || !reading.period) return undefined;
  const column = timeColumn(target);
  if (!column) return undefined;
  const zoneColumn = scope?.table.columns.find((c) => /^(time_?zone|tz)$/.test(c.name))?.name;
  return { column, period: reading.period, zone: zoneColumn && scope ? `the ${scope.table.name.replace(/s$/, '')}'s \`${zoneColumn}\`` : undefined };
}

/** The question a period leaves open: which time zone draws the line between two days. */
export function periodQuestion(ctx: PlanContext, filter: PeriodFilter | undefined): string | undefined {
  if (!ctx.reading.period || ctx.reading.period === 'range') return undefined;
  if (!filter) return `Which column says when ${article(ctx.naming.singular)} happens? \`${ctx.target?.key}\` has no date or time column.`;
  const type = ctx.target?.columns.find((c) => c.name === filter.column)?.type ?? '';
  if (!/timestamptz|timezone\s*=\s*True/i.test(type)) return undefined;
  return filter.zone
    ? `A ${filter.period} in which time zone? \`${filter.column}\` is a timestamptz; the plan takes the ${filter.period} in ${filter.zone}.`
    : `A ${filter.period} in which time zone? \`${filter.column}\` is a timestamptz, and nothing in the schema says which zone the ${filter.period} is in.`;
}
