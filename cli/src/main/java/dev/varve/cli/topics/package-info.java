/**
 * {@code varve topics ...}: one small command class per action on the
 * {@link dev.varve.engine.topic.TopicCatalog} of the embedded data directory. Output follows Kafka's
 * {@code kafka-topics.sh} where it has a form ({@code Created topic t.}, {@code Topic: t PartitionCount: 3}).
 */
package dev.varve.cli.topics;
