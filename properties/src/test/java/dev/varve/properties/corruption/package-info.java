/**
 * Corruption properties (issue 11): a byte of any file of a data directory, changed to any value, is
 * detected or harmless. This package's metadata-file half damages the files that are not segments or
 * indexes: the offset checkpoints and their {@code .varve} twins, the leader-epoch checkpoint, the
 * clean-shutdown marker and the topic metadata files ({@link dev.varve.properties.corruption.MetadataFileFlipPropertyTest}, random;
 * {@link dev.varve.properties.corruption.MetadataFileExhaustiveFlipTest}, every byte of every checkpoint).
 */
package dev.varve.properties.corruption;
