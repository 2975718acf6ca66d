/**
 * The S3 implementation of {@link dev.varve.tiered.RemoteStore}: {@link dev.varve.tiered.s3.S3RemoteStore},
 * configured by {@link dev.varve.tiered.s3.S3StoreConfig} ({@code remote.storage.s3.*}).
 *
 * <p>Inside: {@code S3Uploader} (single PUT or multipart, {@code Content-MD5} per request),
 * {@code S3RangeReader} (ranged GETs checked by {@code Content-Range} and length, resumed after a
 * failure), {@code Retrier} (bounded exponential backoff with full jitter) and {@code S3Failures} (which
 * answers are retried, which become which typed exception). Tests drive all of it against a real S3
 * server (S3Proxy) on loopback, through a fault-injecting proxy.
 */
package dev.varve.tiered.s3;
