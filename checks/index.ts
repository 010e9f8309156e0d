import type { AnyCheck } from '../src/model/check.js';
import { makeRegistry } from '../src/model/registry.js';
import githubOrg2faRequired from './github/github-org-2fa-required.js';
import githubMembers2faEnabled from './github/github-members-2fa-enabled.js';
import githubMembersNoSms2fa from './github/github-members-no-sms-2fa.js';
import githubOrgOwnerCount from './github/github-org-owner-count.js';
import githubOrgDefaultPermissionRead from './github/github-org-default-permission-read.js';
import githubOutsideCollaboratorsNotAdmin from './github/github-outside-collaborators-not-admin.js';
import githubOutsideCollaborators2faEnabled from './github/github-outside-collaborators-2fa-enabled.js';
import githubReposSecretScanningEnabled from './github/github-repos-secret-scanning-enabled.js';
import githubReposPushProtectionEnabled from './github/github-repos-push-protection-enabled.js';
import githubSecretAlertsWithinSla from './github/github-secret-alerts-within-sla.js';
import githubDefaultBranchProtected from './github/github-default-branch-protected.js';
import githubPrsReviewedBeforeMerge from './github/github-prs-reviewed-before-merge.js';
import google2svEnforced from './google/google-2sv-enforced.js';
import google2svEnrolled from './google/google-2sv-enrolled.js';
import googleExecutives2sv from './google/google-executives-2sv.js';
import googleAdmins2sv from './google/google-admins-2sv.js';
import googleSuperAdminCount from './google/google-super-admin-count.js';
import googleInactiveAccounts from './google/google-inactive-accounts.js';
import googleThirdPartyAppAccess from './google/google-third-party-app-access.js';
import awsIamRootMfaEnabled from './aws/aws-iam-root-mfa-enabled.js';
import awsIamRootNoAccessKeys from './aws/aws-iam-root-no-access-keys.js';
import awsIamRootNotUsedRecently from './aws/aws-iam-root-not-used-recently.js';
import awsIamConsoleUsersMfa from './aws/aws-iam-console-users-mfa.js';
import awsIamAccessKeysRotated from './aws/aws-iam-access-keys-rotated.js';
import awsIamUnusedCredentialsDisabled from './aws/aws-iam-unused-credentials-disabled.js';
import awsIamSingleActiveAccessKey from './aws/aws-iam-single-active-access-key.js';
import awsIamAdminPrincipals from './aws/aws-iam-admin-principals.js';
import awsIamAdminCount from './aws/aws-iam-admin-count.js';
import awsIamNoUserPolicies from './aws/aws-iam-no-user-policies.js';
import awsIamPasswordPolicy from './aws/aws-iam-password-policy.js';
import awsIamAiFullAccess from './aws/aws-iam-ai-full-access.js';
import awsCloudtrailMultiRegionLogging from './aws/aws-cloudtrail-multi-region-logging.js';
import awsCloudtrailLogFileValidation from './aws/aws-cloudtrail-log-file-validation.js';
import awsCloudtrailKmsEncryption from './aws/aws-cloudtrail-kms-encryption.js';
import awsCloudtrailBucketNotPublic from './aws/aws-cloudtrail-bucket-not-public.js';
import awsCloudtrailEventAdminPolicyAttached from './aws/aws-cloudtrail-event-admin-policy-attached.js';
import awsCloudtrailEventRootConsoleLogin from './aws/aws-cloudtrail-event-root-console-login.js';
import awsCloudtrailEventConsoleLoginWithoutMfa from './aws/aws-cloudtrail-event-console-login-without-mfa.js';
import awsCloudtrailEventMfaDeviceRemoved from './aws/aws-cloudtrail-event-mfa-device-removed.js';
import awsCloudtrailEventLoggingTampered from './aws/aws-cloudtrail-event-logging-tampered.js';
import awsCloudtrailEventBreakGlassRoleAssumed from './aws/aws-cloudtrail-event-break-glass-role-assumed.js';
import awsS3AccountPublicAccessBlock from './aws/aws-s3-account-public-access-block.js';
import awsS3BucketsNotPublic from './aws/aws-s3-buckets-not-public.js';
import awsS3SensitiveBucketsCustomerManagedKms from './aws/aws-s3-sensitive-buckets-customer-managed-kms.js';
import awsS3EvidenceBucketObjectLock from './aws/aws-s3-evidence-bucket-object-lock.js';
import awsBedrockInvocationLogging from './aws/aws-bedrock-invocation-logging.js';
import awsIdentityCenterNoDirectAdminUserAssignments from './aws/aws-identity-center-no-direct-admin-user-assignments.js';
import awsIdentityCenterAdminCount from './aws/aws-identity-center-admin-count.js';

import attestationManagementReview from './attestations/attestation-management-review.js';
import attestationIsmsPolicyReview from './attestations/attestation-isms-policy-review.js';
import attestationAiPolicyReview from './attestations/attestation-ai-policy-review.js';
import attestationAiImpactAssessment from './attestations/attestation-ai-impact-assessment.js';
import attestationInternalAudit from './attestations/attestation-internal-audit.js';
import attestationSupplierReview from './attestations/attestation-supplier-review.js';
import attestationIncidentResponseExercise from './attestations/attestation-incident-response-exercise.js';
import attestationBreakGlassReview from './attestations/attestation-break-glass-review.js';
import attestationSecurityTraining from './attestations/attestation-security-training.js';
import attestationPolicyAcknowledgement from './attestations/attestation-policy-acknowledgement.js';
import peopleExecutivesProtected from './people/people-executives-protected.js';
import peopleOffboardedAccess from './people/people-offboarded-access.js';
import peopleCredentialsAfterOffboarding from './people/people-credentials-after-offboarding.js';
import peopleTimeToRevoke from './people/people-time-to-revoke.js';
import peopleOrphanAccounts from './people/people-orphan-accounts.js';
import peopleLinkConflicts from './people/people-link-conflicts.js';
import peoplePrivilegedAccess from './people/people-privileged-access.js';
import peopleAccessReviewCurrent from './people/people-access-review-current.js';
import peopleAccessReviewRevocations from './people/people-access-review-revocations.js';
/** Every check; the file a check lives in is named after its id. */
export const allChecks: readonly AnyCheck[] = [
  githubOrg2faRequired,
  githubMembers2faEnabled,
  githubMembersNoSms2fa,
  githubOrgOwnerCount,
  githubOrgDefaultPermissionRead,
  githubOutsideCollaboratorsNotAdmin,
  githubOutsideCollaborators2faEnabled,
  githubReposSecretScanningEnabled,
  githubReposPushProtectionEnabled,
  githubSecretAlertsWithinSla,
  githubDefaultBranchProtected,
  githubPrsReviewedBeforeMerge,
  google2svEnforced,
  google2svEnrolled,
  googleExecutives2sv,
  googleAdmins2sv,
  googleSuperAdminCount,
  googleInactiveAccounts,
  googleThirdPartyAppAccess,
  awsIamRootMfaEnabled,
  awsIamRootNoAccessKeys,
  awsIamRootNotUsedRecently,
  awsIamConsoleUsersMfa,
  awsIamAccessKeysRotated,
  awsIamUnusedCredentialsDisabled,
  awsIamSingleActiveAccessKey,
  awsIamAdminPrincipals,
  awsIamAdminCount,
  awsIamNoUserPolicies,
  awsIamPasswordPolicy,
  awsIamAiFullAccess,
  awsCloudtrailMultiRegionLogging,
  awsCloudtrailLogFileValidation,
  awsCloudtrailKmsEncryption,
  awsCloudtrailBucketNotPublic,
  awsCloudtrailEventAdminPolicyAttached,
  awsCloudtrailEventRootConsoleLogin,
  awsCloudtrailEventConsoleLoginWithoutMfa,
  awsCloudtrailEventMfaDeviceRemoved,
  awsCloudtrailEventLoggingTampered,
  awsCloudtrailEventBreakGlassRoleAssumed,
  awsS3AccountPublicAccessBlock,
  awsS3BucketsNotPublic,
  awsS3SensitiveBucketsCustomerManagedKms,
  awsS3EvidenceBucketObjectLock,
  awsBedrockInvocationLogging,
  awsIdentityCenterNoDirectAdminUserAssignments,
  awsIdentityCenterAdminCount,
  attestationManagementReview,
  attestationIsmsPolicyReview,
  attestationAiPolicyReview,
  attestationAiImpactAssessment,
  attestationInternalAudit,
  attestationSupplierReview,
  attestationIncidentResponseExercise,
  attestationBreakGlassReview,
  attestationSecurityTraining,
  attestationPolicyAcknowledgement,
  peopleExecutivesProtected,
  peopleOffboardedAccess,
  peopleCredentialsAfterOffboarding,
  peopleTimeToRevoke,
  peopleOrphanAccounts,
  peopleLinkConflicts,
  peoplePrivilegedAccess,
  peopleAccessReviewCurrent,
  peopleAccessReviewRevocations,
];

export const checkRegistry = (): ReadonlyMap<string, AnyCheck> => makeRegistry('check', allChecks);
