package dev.varve.engine.log;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a {@link MappedByteBuffer} now instead of whenever the garbage collector gets to it
 * (KAFKA-4614: a stale mapping's unmap inside a GC pause can stall the JVM on disk metadata reads, and
 * on Windows a mapped file cannot be truncated or deleted).
 *
 * <p>Java 17 has no public API for this ({@code Arena}-scoped mappings arrive in Java 22, beyond our
 * {@code --release 17}), so this calls {@code sun.misc.Unsafe.invokeCleaner(ByteBuffer)} through a
 * method handle looked up once. {@code sun.misc} lives in {@code jdk.unsupported}, which every JDK
 * from 9 on exports without flags; it is what Kafka's {@code ByteBufferUnmapper}, Lucene and Netty do.
 * If the lookup fails (a JDK without it), {@link #unmap} returns false and the mapping is left to the
 * garbage collector: correct on Linux and macOS, only later.
 *
 * <p>Touching a buffer after it was unmapped crashes the JVM. Callers must make sure no thread can
 * reach the buffer any more; {@link MappedIndex} does this with its write lock.
 */
final class BufferUnmapper {
    private static final MethodHandle INVOKE_CLEANER = findInvokeCleaner();

    private BufferUnmapper() {
    }

    /** True when {@link #unmap} releases mappings at once on this JVM. */
    static boolean isDeterministic() {
        return INVOKE_CLEANER != null;
    }

    /**
     * Releases the mapping now when this JVM allows it.
     *
     * @return true if the mapping was released, false if it is left to the garbage collector
     */
    static boolean unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return false;
        }
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
            return true;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("unmapping failed", t);
        }
    }

    private static MethodHandle findInvokeCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            MethodHandle handle = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class));
            return handle.bindTo(theUnsafe.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
