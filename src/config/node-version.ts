const RECOMMENDED_MAJOR = 22;

const runningMajor = (): number => Number(process.versions.node.split('.')[0]);

/**
 * On Node below 22 the AWS SDK prints a multi-line NodeVersionSupportWarning that a user cannot act on inside a run;
 * assay silences it (the SDK's own switch) and says it once, in one line, where a person reads (the demo).
 * https://github.com/aws/aws-sdk-js-v3/blob/main/supplemental-docs/CLIENTS.md
 */
export function silenceAwsNodeVersionWarning(): void {
  if (runningMajor() < RECOMMENDED_MAJOR) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/** One line for a person on an older Node, or `undefined` on 22 and later. */
export function nodeVersionNotice(): string | undefined {
  if (runningMajor() >= RECOMMENDED_MAJOR) return undefined;
  return `Node ${process.versions.node} works; Node ${RECOMMENDED_MAJOR} is recommended (AWS SDK releases after January 2027 need it, and the container and Lambda use it).`;
}
