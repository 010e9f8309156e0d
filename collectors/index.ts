import type { Collector } from '../src/model/collector.js';
import { makeRegistry } from '../src/model/registry.js';
import { githubCollector } from './github/github-collector.js';

/** Every collector, in the order their sources are documented. */
export const allCollectors: readonly Collector[] = [githubCollector];

export const collectorRegistry = (): ReadonlyMap<string, Collector> => makeRegistry('collector', allCollectors);
