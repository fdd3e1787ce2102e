import type { Analyzer } from '../../review/analyse/shared/analyzer.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import type { Log } from '../../domain/logger.js';
import type { Persona } from '../../persona/parse-persona.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { AppGitHub } from '../../ports/installation.js';
import type { AppJob } from './jobs.js';
import type { PlanningKit } from '../../triage/planning-kit.js';

/** What the event handlers and jobs share for one loaded app (created per app, never global). */
export interface AppServices {
  /** Installation tokens and the App's own login (Probot, behind adapters/probot-github.ts). */
  gitHub: AppGitHub;
  queue: JobQueue<AppJob>;
  env: NodeJS.ProcessEnv;
  /** The analyzers of one review; `persona` is the repository's own, when it has one. */
  createAnalyzers(settings: ReviewSettings, log: Log, persona?: Persona): Promise<Analyzer[]>;
  /** Personas, plan instructions and the model adapter for commands and triage, loaded once. */
  planningKit(): Promise<PlanningKit>;
}
