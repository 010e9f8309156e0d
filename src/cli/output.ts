import { terminalSafeLines } from '../logging/terminal-safe.js';

/** Where commands print for people; tests pass a buffer. */
export interface Output {
  print(text: string): void;
}

/** Prints to a stream, keeping assay's own line breaks and escaping every other control character. */
export const streamOutput = (stream: Pick<NodeJS.WritableStream, 'write'>): Output => ({
  print: (text) => void stream.write(`${terminalSafeLines(text)}\n`),
});

export const stdoutOutput: Output = streamOutput(process.stdout);

export const bufferOutput = (): Output & { text(): string } => {
  const chunks: string[] = [];
  return { print: (t) => chunks.push(terminalSafeLines(t)), text: () => chunks.join('\n') };
};
