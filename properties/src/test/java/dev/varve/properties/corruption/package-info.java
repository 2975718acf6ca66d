/**
 * Corruption properties (issue 11): one changed byte of one file of a data directory written by the real
 * engine is detected (a typed error, one clear line from the {@code varve} command), recovered from as
 * Kafka recovers (a cut at the first invalid batch after an unclean shutdown, with a warning) or harmless,
 * and never served as a wrong record. {@link dev.varve.properties.corruption.SegmentFlipPropertyTest}
 * covers the segment files ({@code .log} batch headers, {@code .index}, {@code .timeindex}); each trial
 * is a {@link dev.varve.properties.corruption.FileChange} that a failure prints, to pin as a test. The
 * metadata-file half damages the files that are not segments or indexes: the offset checkpoints and their
 * {@code .varve} twins, the leader-epoch checkpoint, the clean-shutdown marker and the topic metadata
 * files ({@link dev.varve.properties.corruption.MetadataFileFlipPropertyTest}, random;
 * {@link dev.varve.properties.corruption.MetadataFileExhaustiveFlipTest}, every byte of every checkpoint).
 */
package dev.varve.properties.corruption;
