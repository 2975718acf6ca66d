/**
 * {@code varve s3}: object-store commands. {@code varve s3 serve} runs S3Proxy (a real S3 API server) on
 * 127.0.0.1 over a folder, the embedded default object store for tiered storage, and prints the
 * {@code remote.storage.s3.*} configs that reach it.
 */
package dev.varve.cli.s3;
