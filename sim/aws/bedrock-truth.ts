import type { GroundTruth, PlantedViolation } from '../ground-truth.js';
import type { AwsSimState } from './aws-state.js';
import { simRegionsRead } from './regions-read.js';

const INVOCATIONS = new Set(['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream']);

/**
 * Regions read (every enabled one, or those of `regions` that are enabled) where models were invoked in the last 90
 * days but invocation logging is off or delivers nothing.
 */
export function bedrockTruth(state: AwsSimState, regions?: readonly string[]): GroundTruth {
  const since = Date.parse(state.now) - 90 * 86_400_000;
  const out: PlantedViolation[] = [];
  for (const a of state.accounts.filter((x) => x.status === 'ACTIVE' && !x.denyAssumeRole)) {
    for (const region of simRegionsRead(a, regions)) {
      const used = a.cloudtrail.events.some(
        (e) => e.region === region && INVOCATIONS.has(e.name) && Date.parse(e.time) >= since,
      );
      const c = a.bedrock.logging[region];
      const logged =
        c &&
        (c.s3BucketName || c.cloudWatchLogGroupName) &&
        (c.textDataDeliveryEnabled || c.imageDataDeliveryEnabled || c.embeddingDataDeliveryEnabled);
      if (used && !logged) out.push({ scopeId: a.id, resourceId: region });
    }
  }
  return { 'aws-bedrock-invocation-logging': out };
}
