import { seriesSql } from '../../../../../../src/review/analyse/static/python/knowledge/series.js';

describe('seriesSql', () => {
  it('reads rows driven by generate_series: directly, through a CTE or a sub-select, with derived rows joined', () => {
    expect(seriesSql("SELECT d::date FROM generate_series(:a, :b, interval '1 day') AS d")).toBe(true);
    expect(seriesSql('SELECT generate_series(1, 24) AS h')).toBe(true);
    expect(seriesSql('WITH hours AS (SELECT h FROM generate_series(0, 23) h), hits AS (SELECT * FROM visits) SELECT hours.h FROM hours LEFT JOIN hits ON hits.h = hours.h')).toBe(true);
    expect(seriesSql('SELECT x.d FROM (SELECT generate_series(1, 7) AS d) x LEFT JOIN (SELECT 1 AS d) y ON y.d = x.d ORDER BY 1')).toBe(true);
  });

  it('does not when a table leads, a table is joined, or the series only filters', () => {
    expect(seriesSql('SELECT * FROM visits v JOIN generate_series(1, 7) d ON v.weekday = d')).toBe(false);
    expect(seriesSql('SELECT d, v.id FROM generate_series(1, 7) d LEFT JOIN visits v ON v.weekday = d')).toBe(false);
    expect(seriesSql('SELECT d, v.id FROM generate_series(1, 7) d, visits v')).toBe(false);
    expect(seriesSql('SELECT * FROM visits WHERE weekday IN (SELECT generate_series(1, 5))')).toBe(false);
    expect(seriesSql("SELECT * FROM visits WHERE note = 'from generate_series(1, 2)'")).toBe(false);
    expect(seriesSql('WITH recent AS (SELECT * FROM visits) SELECT * FROM recent')).toBe(false);
  });
});
