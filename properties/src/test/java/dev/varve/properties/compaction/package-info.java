/**
 * Stateful properties of log compaction: the {@code segmented} engine on real files with the
 * {@code compaction} module's {@link dev.varve.compaction.LogCleaner}, driven by generated scenarios
 * ({@link dev.varve.properties.compaction.CompactionScenario}) of keyed appends with tombstones, cleanings
 * with small offset maps, rolls, clock ticks, flushes, crashes and reopens, and checked after every step
 * against {@link dev.varve.properties.compaction.CompactedLogModel}, which applies Kafka's cleaning rules
 * to everything written. A failure prints the seed and a minimized scenario as Java to paste into a
 * regression test.
 */
package dev.varve.properties.compaction;
