import { decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { FreshnessHistogram } from './freshness-histogram';

// Apart from FreshnessHistogram because the pages must not load it: hdr-histogram-js's encoder probes for
// zlib with eval() when it loads, and the pages' Content-Security-Policy reports that as a violation.
// Only the benchmarks' processes pass histograms to each other.

/** The ages in HdrHistogram's compressed text form, for another process to add to its own. */
export function encodeFreshness(histogram: FreshnessHistogram): string {
  return encodeIntoCompressedBase64(histogram.hdr);
}

/** Adds the ages of an encoded histogram to `histogram`'s: how a benchmark merges its load workers' figures. */
export function addEncodedFreshness(histogram: FreshnessHistogram, text: string): void {
  histogram.hdr.add(decodeFromCompressedBase64(text, 32, false));
}
