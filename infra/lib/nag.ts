import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
// cdk-nag is CommonJS whose named exports Node's ESM loader cannot see; its default export carries them.
import cdkNag from 'cdk-nag';

export const { AwsSolutionsChecks } = cdkNag;

/** Acknowledges cdk-nag findings (`AwsSolutions-IAM5[Resource::*]`) on a construct and its children, with the reason. */
export function acknowledge(scope: IConstruct, ids: readonly string[], reason: string): void {
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}
