import { createLiveServer } from '../../../../src/adapters/live-database-env.js';
import { createLiveAnalyzer } from '../../../../src/review/analyse/live/live-analyzer.js';
import type { AnalyzerResult } from '../../../../src/review/analyse/shared/analyzer.js';
import { defaultSettings, type ReviewSettings } from '../../../../src/config/repo-config.js';
import { silentLog } from '../../../../src/domain/logger.js';
import type { LiveDatabaseServer } from '../../../../src/ports/live-database.js';
import { makeChangeSet, type FileChange } from '../../../helpers/change-set.js';

/**
 * The engines the live tests run on: the embedded PostgreSQL always, and the real server that
 * .ci/run starts (LIVE_TEST_DATABASE_URL). With REQUIRE_POSTGRES=1 a missing server fails the run.
 */
export function liveEngines(): [string, string | undefined][] {
  const url = process.env.LIVE_TEST_DATABASE_URL;
  if (!url && process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but LIVE_TEST_DATABASE_URL is not set');
  return url ? [['PGlite', undefined], ['PostgreSQL server', url]] : [['PGlite', undefined]];
}

export interface LiveHarness {
  server: LiveDatabaseServer;
  /** `unreadable`: repository files whose reads fail (too large, over the read budget). */
  review(changes: FileChange[], others?: Record<string, string>, settings?: Partial<ReviewSettings>, budgetMs?: number, unreadable?: readonly string[]): Promise<AnalyzerResult>;
  close(): Promise<void>;
}

export function liveHarness(url: string | undefined): LiveHarness {
  const server = createLiveServer(url);
  return {
    server,
    async review(changes, others = {}, settings = {}, budgetMs = 300_000, unreadable = []) {
      const analyzer = createLiveAnalyzer({ server: () => server, budgetMs, concurrency: 1 });
      const { changeSet, repo: all } = makeChangeSet(changes, others);
      const repo = unreadable.length ? Object.assign(Object.create(all), { readText: async (p: string) => (unreadable.includes(p) ? null : all.readText(p)) }) : all;
      return analyzer.run({ changeSet, repo, settings: { ...defaultSettings(), ...settings }, log: silentLog, previous: [] });
    },
    close: () => server.close(),
  };
}

/** A Supabase migration path with a timestamp that sorts in the given order. */
export const migration = (n: number, name: string) => `supabase/migrations/2025010${n}000000_${name}.sql`;
