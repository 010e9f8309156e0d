import type { AwsSimPrincipal } from './aws-state.js';
import type { AwsAction } from './aws-route-table.js';
import { iamActions } from './iam-actions.js';
import { organizationsActions } from './organizations-actions.js';
import { stsActions } from './sts-actions.js';
import { cloudtrailActions } from './cloudtrail-routes.js';
import { s3Actions } from './s3-routes.js';
import { bedrockActions } from './bedrock-routes.js';
import { accountActions } from './account-actions.js';
import { kmsActions } from './kms-actions.js';
import { identityCenterActions } from './identity-center-actions.js';
import { identityCenterIamActions } from './identity-center-iam-actions.js';

/**
 * Every simulated AWS action, in matching order. Each service's route file contributes one list; add a service by
 * adding its list here. `keys` is the live access-key table (STS adds the keys it issues).
 */
export const allAwsActions = (keys: Map<string, AwsSimPrincipal>): AwsAction[] => [
  ...stsActions(keys),
  ...organizationsActions(),
  ...iamActions(),
  ...cloudtrailActions(),
  ...s3Actions(),
  ...bedrockActions(),
  ...accountActions(),
  ...kmsActions(),
  ...identityCenterActions(),
  ...identityCenterIamActions(),
];
