/**
 * Failed writes as a property (issue 11, item 1): random appends, rolls, flushes, cleanings and
 * retention on the real {@code segmented} engine over {@link dev.varve.engine.fault.FaultyFileSystem},
 * one fault of each class (ENOSPC, EFBIG, EIO, a short write, a failing fsync) at a random file
 * operation, then a close or a power loss and a reopen: every acknowledged record is read back with its
 * offset and content, Kafka's reader accepts the folder, and with {@code flush.messages=1} nothing
 * acknowledged is lost to the power loss. A failure prints QuickTheories' seed and the shrunk scenario;
 * pin it as a test that calls {@code FaultRun.run} with that scenario.
 */
package dev.varve.properties.faults;
