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
  /** The simulator's median time to compute an answer after the injected latency, by vendor (github, google, aws). */
  simServiceMs?: Record<string, number>;
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
  /** Each collector in a run of its own: its wall time and the simulator's median time to answer it. */
  alone?: Record<string, { durationMs: number; serviceMs: number }>;
  requestsServed: number;
  requestsByRoute: Record<string, number>;
}

/** The simulated vendor that answers a collector (the AWS collectors share one endpoint). */
export const vendorOf = (collector: string): string =>
  collector === 'github' ? 'github' : collector === 'google-workspace' ? 'google' : 'aws';
