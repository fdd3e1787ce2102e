import type { Analyzer, AnalyzerResult } from '../shared/analyzer.js';
import type { StaticEngine } from './engines.js';
import { staticEngines } from './registry.js';

/**
 * The deterministic reviewer: every static engine over the change, as one analyzer. An engine
 * that throws is reported as a note; the others still run.
 */
export function createStaticAnalyzer(engines: readonly StaticEngine[] = staticEngines): Analyzer {
  return {
    name: 'static',
    kind: 'static',
    async run(ctx) {
      const merged: AnalyzerResult = { findings: [], status: 'ok', notes: [] };
      const details: string[] = [];
      for (const engine of engines) {
        try {
          const result = await engine.analyse(ctx);
          merged.findings.push(...result.findings);
          merged.notes!.push(...(result.notes ?? []));
          if (result.status !== 'ok') {
            merged.status = 'partial';
            details.push(result.detail ?? `the ${engine.name} rules did not complete`);
          }
        } catch (err) {
          ctx.log.error({ err, engine: engine.name }, 'static engine failed');
          merged.status = 'partial';
          const message = `the ${engine.name} rules could not run: ${(err as Error).message}`;
          merged.notes!.push({ message });
          details.push(message);
        }
      }
      if (details.length) merged.detail = details.join('; ');
      return merged;
    },
  };
}

export { staticEngines };
