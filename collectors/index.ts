import type { Collector } from '../src/model/collector.js';
import { makeRegistry } from '../src/model/registry.js';
import { githubCollector } from './github/github-collector.js';
import { googleWorkspaceCollector } from './google/google-workspace-collector.js';
import { awsIamCollector } from './aws/aws-iam-collector.js';
import { awsCloudtrailCollector } from './aws/aws-cloudtrail-collector.js';
import { awsS3Collector } from './aws/aws-s3-collector.js';
import { awsBedrockCollector } from './aws/aws-bedrock-collector.js';
import { awsIdentityCenterCollector } from './aws/aws-identity-center-collector.js';

/** Every collector, in the order their sources are documented. */
export const allCollectors: readonly Collector[] = [
  githubCollector,
  googleWorkspaceCollector,
  awsIamCollector,
  awsCloudtrailCollector,
  awsS3Collector,
  awsBedrockCollector,
  awsIdentityCenterCollector,
];

export const collectorRegistry = (): ReadonlyMap<string, Collector> => makeRegistry('collector', allCollectors);
