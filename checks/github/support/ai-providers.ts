/**
 * Secret types of AI model providers among GitHub's supported patterns, matched on the type id or display name.
 * https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns
 */
const PROVIDERS: ReadonlyArray<[RegExp, string]> = [
  [/azure[_ ]?openai/i, 'Azure OpenAI'],
  [/openai/i, 'OpenAI'],
  [/anthropic/i, 'Anthropic'],
  [/hugging ?face|^hf_/i, 'Hugging Face'],
  [/cohere/i, 'Cohere'],
  [/mistral/i, 'Mistral AI'],
  [/groq/i, 'Groq'],
  [/replicate/i, 'Replicate'],
  [/deepseek/i, 'DeepSeek'],
  [/perplexity/i, 'Perplexity'],
  [/gemini/i, 'Google Gemini'],
  [/together[_ ]?ai/i, 'Together AI'],
];

/** The AI provider a secret type belongs to, if any. */
export function aiProviderOf(secretType: string, displayName?: string | null): string | undefined {
  for (const [re, name] of PROVIDERS) if (re.test(secretType) || (displayName && re.test(displayName))) return name;
  return undefined;
}
