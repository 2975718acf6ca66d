package dev.varve.engine.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A warmed-up compressor and decompressor allocate (next to) nothing per call on direct buffers. */
class SteadyStateAllocationTest {
    private static final int CALLS = 200;
    /** Per call, generous: a call that allocates a buffer or a stream would cost kilobytes. */
    private static final long MAX_BYTES_PER_CALL = 64;

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldNotAllocatePerCallOnceWarm(CompressionCodec codec) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        byte[] data = new Payload(Payload.Kind.RECORDS, 100_000, 3L).bytes();
        ByteBuffer source = ByteBuffer.allocateDirect(data.length).put(data).flip();
        try (Compressor compressor = codec.newCompressor(); Decompressor decompressor = codec.newDecompressor()) {
            ByteBuffer target = ByteBuffer.allocateDirect(compressor.maxCompressedLength(data.length));
            for (int i = 0; i < CALLS; i++) {
                roundTrip(compressor, decompressor, source, target, data.length);
            }
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < CALLS; i++) {
                roundTrip(compressor, decompressor, source, target, data.length);
            }
            long perCall = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / CALLS;
            assertTrue(perCall <= MAX_BYTES_PER_CALL, () -> codec + " allocates " + perCall + " bytes per round trip");
        }
    }

    private static void roundTrip(Compressor compressor, Decompressor decompressor, ByteBuffer source, ByteBuffer target, int length) {
        source.rewind();
        target.clear();
        compressor.compress(source, target);
        target.flip();
        assertEquals(length, decompressor.decompress(target, length).remaining());
    }
}
