/**
 * {@code varve compact}: runs the log cleaner ({@code dev.varve.compaction.LogCleaner}) once over the
 * partitions of a compacted topic of the embedded engine and prints what each pass did.
 */
package dev.varve.cli.compact;
