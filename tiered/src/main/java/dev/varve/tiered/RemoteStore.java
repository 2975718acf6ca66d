package dev.varve.tiered;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The object store under tiered storage: whole objects in, byte ranges out. Keys are plain strings; the
 * tiered layer names its objects with {@link RemoteSegmentKey}.
 *
 * <p>Guarantees, for every implementation:
 * <ul>
 *   <li><b>Whole or nothing.</b> {@link #put} returns only once the store holds the whole file under the
 *       key, checked after the upload by size and checksum; otherwise it throws, and the key holds either
 *       nothing new or an object that a later {@code put} overwrites. A put is idempotent: putting the same
 *       file again is harmless.</li>
 *   <li><b>Never wrong bytes.</b> A read returns exactly the bytes asked for (or fewer only where the
 *       object ends), verified by length, and whole-object reads also by the checksum written at upload;
 *       anything else is a {@link RemoteObjectCorruptException}.</li>
 *   <li><b>Bounded retries.</b> Throttling, 5xx answers, timeouts and refused or dropped connections are
 *       retried with backoff inside each call within a time budget (long enough to outlast a restart of the
 *       store), then end in {@link RemoteStoreUnavailableException}; a request the store refuses for good
 *       (access denied; a missing bucket, {@link RemoteBucketNotFoundException}) is
 *       {@link RemoteStoreRejectedException} at once.</li>
 *   <li><b>Optional calls are optional.</b> What the store needs only for housekeeping (finding unfinished
 *       multipart uploads) may be missing from an S3-compatible server: its absence is detected once and
 *       tolerated, never an error.</li>
 *   <li><b>Missing is typed.</b> Reading an absent key is {@link RemoteObjectNotFoundException};
 *       {@link #head} says absent with an empty result; {@link #delete} of an absent key succeeds.</li>
 * </ul>
 * Every exception is a {@link RemoteStoreException} carrying the key and the operation. Implementations
 * are thread-safe. The store keeps no local state, so a crash of the caller loses at most the call in
 * flight: an interrupted put leaves at worst an object (or an unfinished multipart upload) that the next
 * put of the key replaces, and that {@link #list} or {@link #abortUnfinishedUploads} finds.
 */
public interface RemoteStore extends AutoCloseable {
    /**
     * Uploads {@code file} as the object {@code key}, replacing any object there, and checks that the
     * store holds it whole. Large files go in parts (multipart upload).
     *
     * @return the stored object: its size is the file's and its checksum the file's CRC-32C
     */
    RemoteObject put(String key, Path file);

    /**
     * Reads the object's bytes from {@code position} into {@code dst}, up to {@code dst.remaining()} or the
     * end of the object, whichever comes first; {@code dst}'s position advances by the count.
     *
     * @return the number of bytes read, or -1 when {@code position} is at or past the end of the object
     */
    int read(String key, long position, ByteBuffer dst);

    /**
     * Writes {@code length} bytes of the object from {@code position} to {@code out}, or up to the end of
     * the object. When the range covers the whole object, its checksum is verified too, after the bytes
     * were written: a caller that must not keep bad bytes writes to a temporary file and renames it.
     *
     * @return the number of bytes written, or -1 when {@code position} is at or past the end of the object
     */
    long transferTo(String key, long position, long length, WritableByteChannel out);

    /** The object's size and checksum, or empty when there is no object under {@code key}. */
    Optional<RemoteObject> head(String key);

    /** Deletes the object; succeeds when there is none. */
    void delete(String key);

    /**
     * Every object whose key starts with {@code prefix}, in key order (listings carry no checksum). Meant
     * for partition-sized prefixes: the whole listing is held in memory.
     */
    List<RemoteObject> list(String prefix);

    /**
     * Aborts every upload under {@code prefix} that was started in parts and never completed: a crash in
     * the middle of a large {@link #put} leaves one, whose parts take space although no key and no
     * {@link #list} shows them. Meant for start-up, before any put under the prefix is in flight: an
     * upload in flight is aborted too, and its put then fails.
     *
     * @return how many unfinished uploads were aborted; 0, without a request, once the store showed that it
     *     cannot list or abort them (that absence is logged once; uploads stay correct without it)
     */
    int abortUnfinishedUploads(String prefix);

    /** Releases the client's connections; calls after this fail. */
    @Override
    void close();
}
