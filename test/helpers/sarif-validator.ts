import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dir.js';

const TOOL_DIR = fileURLToPath(new URL('../tools/sarif-multitool/', import.meta.url));

export interface ValidatorMessage {
  level: 'error' | 'warning' | 'note';
  rule: string;
  text: string;
}

/**
 * Microsoft's SARIF validator (`sarif-multitool validate`, the reference implementation of
 * SARIF 2.1.0), installed from the npm registry with its own lock file on first use.
 */
export function installSarifValidator(): string {
  const exe = process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool';
  const binary = join(TOOL_DIR, 'node_modules', '@microsoft', `sarif-multitool-${process.platform}`, exe);
  if (!existsSync(binary)) execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: TOOL_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  return binary;
}

/** Every message the validator reports on a SARIF text, notes included, read from its own SARIF output. */
export async function validateSarif(binary: string, sarif: string): Promise<ValidatorMessage[]> {
  const dir = await tempDir('sarif-validate');
  const [input, output] = [join(dir, 'input.sarif'), join(dir, 'validation.sarif')];
  writeFileSync(input, sarif);
  execFileSync(binary, ['validate', input, '--output', output, '--log', 'ForceOverwrite', '--level', 'Error;Warning;Note'], {
    stdio: 'pipe',
    // .NET needs ICU for culture data unless told to use the invariant culture: no system package needed.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  const run = JSON.parse(readFileSync(output, 'utf8')).runs[0];
  const notifications = [...(run.invocations?.[0]?.toolExecutionNotifications ?? []), ...(run.invocations?.[0]?.toolConfigurationNotifications ?? [])];
  const broken = notifications.filter((n: any) => (n.level ?? 'warning') === 'error');
  if (broken.length) throw new Error(`the validator could not run: ${broken.map((n: any) => n.message.text).join('; ')}`);
  return (run.results ?? []).map((r: any) => ({ level: r.level ?? 'warning', rule: r.ruleId, text: formatMessage(r, run) }));
}

/** The validator writes message ids with arguments; its rules hold the templates. */
function formatMessage(result: any, run: any): string {
  if (result.message.text) return result.message.text;
  const rule = run.tool.driver.rules?.find((r: any) => r.id === result.ruleId);
  const template: string = rule?.messageStrings?.[result.message.id]?.text ?? result.message.id;
  return template.replace(/\{(\d+)\}/g, (_, i) => result.message.arguments?.[Number(i)] ?? '');
}
