/**
 * A local token estimate for budgeting, so no request is spent on counting. Claude's tokenizer
 * averages about 3.5 to 4 characters per token on English and code; dividing by 3.5 errs on the
 * high side, so a batch that fits the estimate fits the real count too. (The API's count_tokens
 * endpoint is exact but costs a round trip per batch.)
 */
export const CHARS_PER_TOKEN = 3.5;

/** What forcing one tool adds to the prompt on Anthropic's side (its tool-use system text). */
export const TOOL_USE_OVERHEAD_TOKENS = 350;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
