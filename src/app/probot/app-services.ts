import type { Probot } from 'probot';
import type { Analyzer } from '../../review/analyse/analyzer.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import type { Log } from '../../review/logger.js';
import type { Persona } from '../../persona/parse-persona.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { AppJob } from '../jobs/jobs.js';
import type { PlanningKit } from '../../triage/planning-kit.js';

/** What the event handlers and jobs share for one loaded app (created per app, never global). */
export interface AppServices {
  probot: Probot;
  queue: JobQueue<AppJob>;
  env: NodeJS.ProcessEnv;
  /** The app's own login, `slug[bot]`, resolved once; undefined when GitHub would not say. */
  botLogin(): Promise<string | undefined>;
  /** The analyzers of one review; `persona` is the repository's own, when it has one. */
  createAnalyzers(settings: ReviewSettings, log: Log, persona?: Persona): Promise<Analyzer[]>;
  /** Personas, plan instructions and the model adapter for commands and triage, loaded once. */
  planningKit(): Promise<PlanningKit>;
}
