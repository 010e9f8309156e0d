import { App, DefaultStackSynthesizer, Validations, type Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from './nag.js';
import { AssayStack, type AssayStackProps } from './assay-stack.js';
import { MemberRoleStack } from './member-role-stack.js';

export interface BuildOptions extends Omit<AssayStackProps, 'memberTemplate'> {
  stackName?: string;
  outdir?: string;
  /** No CDK bootstrap: no asset, no bootstrap-version rule (the published CloudFormation template). */
  bootstrapless?: boolean;
}

export const DEFAULTS = {
  retentionDays: 400,
  schedule: 'cron(0 * * * ? *)',
  fanOut: false,
  memberRoleName: 'AssayAudit',
  breakGlassRoles: [] as string[],
};

/** Server access logs delivered under a bucket policy, not an ACL (ACLs stay disabled on both buckets). */
const FEATURE_FLAGS = { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true };

/** The member accounts' template, synthesized on its own: the StackSet carries it as its body. */
export function memberTemplate(roleName: string, breakGlassRoles: readonly string[]): Record<string, unknown> {
  const app = new App();
  const stack = new MemberRoleStack(app, 'AssayMember', {
    roleName,
    breakGlassRoles,
    synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app.synth().getStackArtifact(stack.artifactId).template as Record<string, unknown>;
}

/** The app `cdk synth` deploys, with cdk-nag's AwsSolutions pack applied to every construct. */
export function buildApp(opts: BuildOptions): { app: App; stack: AssayStack; member: Stack } {
  const app = new App({ ...(opts.outdir ? { outdir: opts.outdir } : {}), context: FEATURE_FLAGS });
  const member = new MemberRoleStack(app, 'AssayMemberRole', {
    roleName: opts.memberRoleName,
    breakGlassRoles: opts.breakGlassRoles,
    synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
  const stack = new AssayStack(app, opts.stackName ?? 'Assay', {
    ...opts,
    memberTemplate: JSON.stringify(memberTemplate(opts.memberRoleName, opts.breakGlassRoles)),
    ...(opts.bootstrapless
      ? { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) }
      : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, member };
}
