import type { SimOptions } from './bench-args.js';
import type { SimSizes } from './sim-sizes.js';

/** What one measured run reports: the sizes it ran at, assay's resources, and each collector's requests and time. */
export interface RunMeasurement {
  sim: SimOptions;
  sizes: SimSizes;
  wallMs: number;
  cpuMs: number;
  /** The simulator's own CPU time (its process, generation included): on a small machine it competes with assay's. */
  simCpuMs?: number;
  checkMs: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  baselineRssBytes: number;
  findings: Record<string, number | undefined>;
  evidenceBytes: number;
  collectors: Array<{
    collector: string;
    requests: number;
    durationMs: number;
    timedOut: boolean;
    failedOperations: string[];
  }>;
  requestsServed: number;
  requestsByRoute: Record<string, number>;
}
