/**
 * Defence in depth for "no secret ever enters a prompt or a comment": prompts are built from PR
 * data only, and this guard also cuts any known secret value out of prompt and model text.
 */

const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|AUTH)/i;
const KNOWN = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'PRIVATE_KEY', 'WEBHOOK_SECRET', 'GITHUB_TOKEN', 'GH_TOKEN', 'REDIS_URL', 'DATABASE_URL'];
// Short values ("1", "true", "dev") are not secrets and would shred ordinary text.
const MIN_SECRET_CHARS = 8;

/** Secret-looking values of an environment: known names and any *KEY*, *SECRET*, *TOKEN*, ... variable. */
export function collectSecrets(env: Record<string, string | undefined>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || !(KNOWN.includes(name) || SECRET_NAME.test(name))) continue;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SECRET_CHARS) values.add(trimmed);
    // A PEM key also leaks line by line.
    for (const line of trimmed.split(/\\n|\n/)) if (line.trim().length >= 16 && !line.startsWith('-----')) values.add(line.trim());
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** The text with every secret value replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_CHARS && out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}
