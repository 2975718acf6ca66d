package dev.varve.replication.sim;

import dev.varve.replication.Acks;
import dev.varve.replication.TruncationProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The line-based scenario language. One statement a line; {@code #} starts a comment; blank lines are skipped.
 *
 * <pre>
 * cluster brokers=2 partitions=1 rf=2      # defaults 3 1 3
 * seed 101                                 # the network's randomness (default 1)
 * durable true                             # every append flushed (model D); default false (model L)
 * engine segmented                         # the brokers' engine: memory (default) or segmented (real files)
 * network delay=1..5 drop=0 duplicate=0    # default delay=1..20 drop=0.01 duplicate=0.01
 * config min.insync.replicas=1             # a protocol setting, Kafka's names (repeatable)
 * expect high-watermark durability violated
 * expect leader-epoch all holds            # VARIANT (leader-epoch|high-watermark) INVARIANT|all|no-acked-loss holds|violated
 *
 * settle 60000        produce p0 acks=all   await 2000     consume p0     tick 500
 * crash b1            restart b1            flush b1       partition b1 b2   partition b1 c
 * isolate b1          heal                  elect p0 preferred|unclean
 * </pre>
 *
 * Statements before the first step configure the cluster; steps are {@link SimAction}s spelled as their
 * {@code toString}. Mistakes are an {@link IllegalArgumentException} naming the source and line.
 */
public final class ScenarioParser {
    /** The invariant names an expectation may use, besides {@link Scenario#ALL}. */
    public static final Set<String> INVARIANTS = Set.of("durability", "ack-committed", "log-matching", "hw-bounds",
            "leader-hw-monotonic", "epochs", "read-bounds", "rejected-absent", "controller", "liveness", "isr-complete", "isr-superset");

    private final String source;
    private SimConfig config = SimConfig.defaults(1);
    private final List<SimAction> steps = new ArrayList<>();
    private final List<Scenario.Expectation> expectations = new ArrayList<>();
    private int line;

    private ScenarioParser(String source) {
        this.source = source;
    }

    /** Parses {@code text}; {@code source} names it in errors (a file name). */
    public static Scenario parse(String text, String source) {
        ScenarioParser parser = new ScenarioParser(source);
        for (String raw : text.split("\n", -1)) {
            parser.line++;
            int comment = raw.indexOf('#');
            String statement = (comment >= 0 ? raw.substring(0, comment) : raw).trim();
            if (!statement.isEmpty()) {
                parser.statement(statement.split("\\s+"));
            }
        }
        if (parser.expectations.isEmpty()) {
            parser.expectations.add(new Scenario.Expectation(TruncationProtocol.LEADER_EPOCH.configValue(), Scenario.ALL, true, 0));
        }
        return new Scenario(source, parser.config, parser.steps, parser.expectations);
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(source + ":" + line + ": " + message);
    }

    private void statement(String[] words) {
        try {
            switch (words[0]) {
                case "cluster" -> cluster(words);
                case "seed" -> config = config.withSeed(Long.parseLong(arity(words, 2)[1]));
                case "durable" -> config = config.withDurable(Boolean.parseBoolean(arity(words, 2)[1]));
                case "engine" -> config = config.withEngine(engine(arity(words, 2)[1]));
                case "network" -> network(words);
                case "config" -> setting(words);
                case "expect" -> expect(words);
                default -> steps.add(step(words));
            }
        } catch (NumberFormatException e) {
            throw error("not a number: " + e.getMessage());
        }
    }

    private String[] arity(String[] words, int count) {
        if (words.length != count) {
            throw error("'" + words[0] + "' takes " + (count - 1) + " argument" + (count == 2 ? "" : "s") + ": " + String.join(" ", words));
        }
        return words;
    }

    private String value(String word, String key) {
        if (!word.startsWith(key + "=")) {
            throw error("expected " + key + "=VALUE, got " + word);
        }
        return word.substring(key.length() + 1);
    }

    private void cluster(String[] words) {
        arity(words, 4);
        config = config.withCluster(Integer.parseInt(value(words[1], "brokers")), Integer.parseInt(value(words[2], "partitions")),
                Integer.parseInt(value(words[3], "rf")));
    }

    private SimEngine engine(String name) {
        try {
            return SimEngine.of(name);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private void network(String[] words) {
        arity(words, 4);
        String[] delay = value(words[1], "delay").split("\\.\\.");
        if (delay.length != 2) {
            throw error("expected delay=MIN..MAX, got " + words[1]);
        }
        config = config.withNetwork(Long.parseLong(delay[0]), Long.parseLong(delay[1]), Double.parseDouble(value(words[2], "drop")),
                Double.parseDouble(value(words[3], "duplicate")));
    }

    private void setting(String[] words) {
        String[] pair = arity(words, 2)[1].split("=", 2);
        if (pair.length != 2) {
            throw error("expected config NAME=VALUE, got " + words[1]);
        }
        try {
            config = config.with(pair[0], pair[1]);
            config.replication();
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private void expect(String[] words) {
        arity(words, 4);
        try {
            TruncationProtocol.of(words[1]);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        if (!words[2].equals(Scenario.ALL) && !words[2].equals(ScenarioRunner.NO_ACKED_LOSS) && !INVARIANTS.contains(words[2])) {
            throw error("unknown invariant " + words[2] + ", expected all, " + ScenarioRunner.NO_ACKED_LOSS + " or one of " + INVARIANTS);
        }
        if (!words[3].equals("holds") && !words[3].equals("violated")) {
            throw error("expected holds or violated, got " + words[3]);
        }
        expectations.add(new Scenario.Expectation(words[1], words[2], words[3].equals("holds"), line));
    }

    private SimAction step(String[] words) {
        return switch (words[0]) {
            case "produce" -> new SimAction.Produce(partition(arity(words, 3)[1]), Acks.of(value(words[2], "acks")));
            case "consume" -> new SimAction.Consume(partition(arity(words, 2)[1]));
            case "tick" -> new SimAction.Tick(Long.parseLong(arity(words, 2)[1]));
            case "await" -> new SimAction.AwaitAnswer(Long.parseLong(arity(words, 2)[1]));
            case "settle" -> new SimAction.Settle(Long.parseLong(arity(words, 2)[1]));
            case "crash" -> new SimAction.Crash(broker(arity(words, 2)[1]));
            case "restart" -> new SimAction.Restart(broker(arity(words, 2)[1]));
            case "flush" -> new SimAction.Flush(broker(arity(words, 2)[1]));
            case "isolate" -> new SimAction.Isolate(broker(arity(words, 2)[1]));
            case "heal" -> new SimAction.Heal();
            case "partition" -> new SimAction.Partition(node(arity(words, 3)[1]), node(words[2]));
            case "elect" -> elect(arity(words, 3));
            default -> throw error("unknown statement: " + words[0]);
        };
    }

    private SimAction elect(String[] words) {
        if (!words[2].equals("unclean") && !words[2].equals("preferred")) {
            throw error("expected elect pN preferred|unclean, got " + String.join(" ", words));
        }
        return new SimAction.Elect(partition(words[1]), words[2].equals("unclean"));
    }

    private int partition(String word) {
        if (!word.startsWith("p")) {
            throw error("expected a partition pN, got " + word);
        }
        int partition = Integer.parseInt(word.substring(1));
        if (partition < 0 || partition >= config.partitions()) {
            throw error("no partition " + word + " in a cluster of " + config.partitions());
        }
        return partition;
    }

    private int broker(String word) {
        if (!word.startsWith("b")) {
            throw error("expected a broker bN, got " + word);
        }
        int broker = Integer.parseInt(word.substring(1));
        if (broker < 1 || broker > config.brokers()) {
            throw error("no broker " + word + " in a cluster of " + config.brokers());
        }
        return broker;
    }

    private int node(String word) {
        return word.equals("c") ? 0 : broker(word);
    }
}
