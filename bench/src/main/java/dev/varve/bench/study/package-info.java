/**
 * The {@code varve bench} study: which batch size and which codec, for these records, at what cost,
 * measured next to Apache Kafka's own code and next to what the machine can do, in one run.
 *
 * <p>Shape. {@link dev.varve.bench.study.Study} plans cells (codec x batch size x record size x
 * payload), {@link dev.varve.bench.study.CellFixture} builds each cell's identical batches,
 * {@link dev.varve.bench.study.CellRunner} measures ten bounded loops per cell (build, append, read; for
 * Varve, Kafka and the limit) in a temporary data directory emptied after every cell, and
 * {@link dev.varve.bench.study.LingerModel} turns the measured costs into a producer's latency at a
 * given {@code linger.ms} and offered rate on a simulated clock. Results go to
 * {@code bench/results/<timestamp>/} as JSON and CSV; {@link dev.varve.bench.study.Report} draws the
 * plots and writes {@code papers/batching-compression.md} from that JSON alone, which is also what
 * {@code varve bench --report DIR} runs.
 *
 * <p>Decision: the study runs in its own JVM. {@code varve bench} (the CLI) checks the options
 * ({@link dev.varve.bench.study.StudyOptions}, the one class of this module the CLI jar carries) and
 * starts {@code java -cp bench/target/benchmarks.jar dev.varve.bench.study.StudyMain} with inherited
 * standard streams, rather than shading the bench module into the CLI. Reasons: the bench module
 * carries Kafka (kafka-clients, kafka-storage, kafka-server-common and their Jackson, Yammer, Caffeine,
 * ...) as the peer it measures against, and the CLI, which users embed and run for everything else,
 * should not ship or load them; a benchmark wants its own JVM settings (a fixed, pre-touched 1 GiB
 * heap, headless AWT for the plots) that the CLI's JVM should not impose on {@code varve produce}; and
 * a crash or a Ctrl-C of the study cannot leave the CLI half-done. The cost: the launcher builds two
 * jars, and the child's startup (about a second) is paid once per study.
 *
 * <p>Errors: one line {@code varve: ...} and a non-zero exit (2 for bad options); {@code --verbose}
 * adds the stack trace. Single-threaded; nothing here is meant for concurrent use.
 */
package dev.varve.bench.study;
