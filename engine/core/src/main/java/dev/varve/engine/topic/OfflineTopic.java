package dev.varve.engine.topic;

/**
 * A topic {@link TopicCatalog} found but cannot serve (see {@link TopicOfflineException}): its name, its
 * metadata file and why. Immutable.
 */
public record OfflineTopic(String topic, String file, String reason) {
    /** The error every use of the topic gets. */
    TopicOfflineException error() {
        return new TopicOfflineException(topic, file, reason);
    }
}
