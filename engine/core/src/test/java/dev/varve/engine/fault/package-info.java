/**
 * A fault-injecting file layer for tests: {@link dev.varve.engine.fault.FaultyFileSystem} wraps the
 * default file system, so an engine opened on one of its paths does all its file I/O on real files
 * through it, and {@link dev.varve.engine.fault.Faults} fails the Nth write, fsync, truncate, move,
 * create or delete of a chosen kind of file with ENOSPC, EFBIG, EIO or a short write. Shared with the
 * compaction, tiered, cli and properties tests through engine/core's test-jar.
 */
package dev.varve.engine.fault;
