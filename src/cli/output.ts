/** Where commands print for people; tests pass a buffer. */
export interface Output {
  print(text: string): void;
}

export const stdoutOutput: Output = { print: (text) => process.stdout.write(`${text}\n`) };

export const bufferOutput = (): Output & { text(): string } => {
  const chunks: string[] = [];
  return { print: (t) => chunks.push(t), text: () => chunks.join('\n') };
};
