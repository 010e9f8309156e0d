import type { z } from 'zod';
import { githubDatasets } from './github.js';
import { googleDatasets } from './google.js';
import { awsCloudtrailDatasets } from './aws-cloudtrail.js';
import { awsS3Datasets } from './aws-s3.js';
import { awsBedrockDatasets } from './aws-bedrock.js';
import { awsIamDatasets } from './aws-iam.js';
import { awsIdentityCenterDatasets } from './aws-identity-center.js';
import { attestationsDatasets } from './attestations.js';
import { peopleDatasets } from './people.js';
import { accessReviewDatasets } from './access-review.js';

/**
 * Every dataset a collector can put in a snapshot, keyed `<collector>.<name>`.
 * Checks name these in `requires`; collectors' schemas are built from them; the engine validates each one.
 */
export const datasets = {
  ...githubDatasets,
  ...googleDatasets,
  ...awsCloudtrailDatasets,
  ...awsS3Datasets,
  ...awsBedrockDatasets,
  ...awsIamDatasets,
  ...awsIdentityCenterDatasets,
  ...attestationsDatasets,
  ...peopleDatasets,
  ...accessReviewDatasets,
};

export type DatasetKey = keyof typeof datasets;
export type DatasetTypes = { [K in DatasetKey]: z.infer<(typeof datasets)[K]> };

export const collectorOf = (key: string): string => key.slice(0, key.indexOf('.'));
export const isDatasetKey = (key: string): key is DatasetKey => Object.hasOwn(datasets, key);
