package org.mediadfs.client.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Throughput and latency of one measured phase.
 *
 * @param ops operations completed
 * @param bytes bytes moved
 * @param nanos wall time of the phase
 * @param latency per-operation latency in microseconds (null for single transfers)
 */
record Stats(long ops, long bytes, long nanos, Histogram latency) {
  double seconds() {
    return nanos / 1e9;
  }

  double opsPerSecond() {
    return ops / seconds();
  }

  double mibPerSecond() {
    return bytes / (1024.0 * 1024.0) / seconds();
  }

  /** Percentile in milliseconds. */
  double pMillis(double percentile) {
    return latency == null ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ops", ops);
    m.put("bytes", bytes);
    m.put("seconds", seconds());
    m.put("opsPerSecond", opsPerSecond());
    m.put("mibPerSecond", mibPerSecond());
    if (latency != null) {
      m.put("p50Millis", pMillis(50));
      m.put("p95Millis", pMillis(95));
      m.put("p99Millis", pMillis(99));
      m.put("maxMillis", latency.getMaxValue() / 1000.0);
    }
    return m;
  }

  static Histogram histogram() {
    return new Histogram(3_600_000_000L, 3);
  }
}
