/**
 * Property suites for Kafka's record batch format v2, with Apache Kafka's own classes
 * (kafka-clients 4.4) as the oracle: {@link dev.varve.properties.record.OursReadByKafkaTest},
 * {@link dev.varve.properties.record.KafkaReadByOursTest}, {@link dev.varve.properties.record.ByteIdentityTest},
 * {@link dev.varve.properties.record.HostileInputTest} and {@link dev.varve.properties.record.ZipBombTest}.
 * Generators live in {@link dev.varve.properties.record.BatchGenerators}, damage in
 * {@link dev.varve.properties.record.Mutations}; both produce plain data that prints as one short line.
 *
 * <p>Reproducing and pinning a failure (see also {@code properties/README.md}):
 * <ol>
 *   <li>A failing property prints "Property falsified after N example(s)", the smallest falsifying
 *       value (a compact description: writer, codec, record count, sizes, first/last records, mutation),
 *       "Other found falsifying value(s)" and, last, "Seed was S".</li>
 *   <li>Re-run that one property with the seed, at the same example count:
 *       {@code ./mvnw -B -pl properties -am verify -Dtest=HostileInputTest#damagedInputShouldFailOnlyWithCorruptRecordException
 *       -Dsurefire.failIfNoSpecifiedTests=false -DQT_SEED=S} (add {@code -Pdeep} if it failed under it).</li>
 *   <li>Pin it: write a plain JUnit test next to the code that failed (for the record classes,
 *       {@code engine/core/src/test/java/dev/varve/engine/record/}) that builds the shrunk case by hand and
 *       names the seed in its javadoc, as {@code RecordReaderHostileRegressionTest} does. A
 *       {@code qt().withFixedSeed(S)} copy of the property is a quick first step but depends on the
 *       generators staying unchanged, so the hand-built case is what stays.</li>
 * </ol>
 */
package dev.varve.properties.record;
