/**
 * The S3 implementation of {@link dev.varve.tiered.RemoteStore}: {@link dev.varve.tiered.s3.S3RemoteStore},
 * configured by {@link dev.varve.tiered.s3.S3StoreConfig} ({@code remote.storage.s3.*}).
 *
 * <p>Inside: {@code S3Uploader} (single PUT or multipart, {@code Content-MD5} per request),
 * {@code S3RangeReader} (ranged GETs checked by {@code Content-Range} and length, resumed after a
 * failure), {@code Retrier} (exponential backoff with full jitter within a time budget), {@code S3Failures}
 * (which answers are retried, which become which typed exception, which say "not implemented") and
 * {@code OptionalCalls} (what this store lacks, detected once). Tests drive all of it against two
 * independent S3 servers on loopback (S3Proxy in-process, S3Mock as a child JVM), and through a
 * fault-injecting proxy.
 */
package dev.varve.tiered.s3;
