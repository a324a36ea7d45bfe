/** Benchmark-only no-op jobs: not exported, not shipped. */
package io.baseplate.bench.jobs.internal;
