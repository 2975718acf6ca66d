/**
 * LMDB-backed stores. So far: {@link dev.varve.lmdb.RemoteLogMetadataStore}, the durable record of tiered
 * storage's remote segments and their KIP-405 states.
 *
 * <p>Charter. Priorities: durability first (every state transition is one LMDB write transaction, synced
 * before it returns; a crash keeps whole transitions only), then a small API the tiering code can hold in its
 * head, then speed (metadata changes once per segment, never per record). Formats are code: the key layout is
 * {@code SegmentKeyDescriptor}, the versioned, CRC-checked value {@code SegmentValueCodec}. LMDB keeps no page
 * checksums, so a store also keeps a witness of its tables ({@code StoreWitness}: entry count and summed 64-bit
 * hashes of key and value, written in every write transaction) and checks it with a full scan on open and before
 * anything deletes on the strength of a record's absence; a mismatch refuses the store. Threading: a store
 * serializes its calls; LMDB needs that to grow its map. Errors: misuse of the life of a segment and unknown
 * segments are typed exceptions, damaged records {@link dev.varve.lmdb.CorruptRemoteMetadataException}, a
 * full map {@link dev.varve.lmdb.RemoteMetadataStoreFullException}, I/O and LMDB failures
 * {@link dev.varve.engine.api.LogStorageException}, each naming the store's directory or file.
 *
 * <p>JVM flags: none. lmdbjava is used with its byte-array buffer proxy, which needs no {@code --add-opens}
 * on Java 17+ (its {@code ByteBuffer} proxies do). On Java 22+ {@code --enable-native-access=ALL-UNNAMED}
 * silences JNR's native-access warning; on Java 24+ {@code --sun-misc-unsafe-memory-access=allow} silences
 * jffi's {@code sun.misc.Unsafe} warning.
 */
package dev.varve.lmdb;
