package dev.varve.properties.faults;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.engine.fault.Faults;
import dev.varve.properties.faults.FaultScenario.Fault;
import dev.varve.properties.faults.FaultScenario.FaultClass;
import dev.varve.properties.faults.FaultScenario.Step;
import java.util.List;
import org.quicktheories.core.Gen;

/** Generates {@link FaultScenario}s for one fault class: 5 to 40 steps, mostly appends. */
final class FaultScenarioGen {
    private static final List<Faults.Op> WRITE_OPS = List.of(Faults.Op.WRITE, Faults.Op.WRITE, Faults.Op.WRITE,
            Faults.Op.TRUNCATE, Faults.Op.MOVE, Faults.Op.CREATE, Faults.Op.DELETE);

    private FaultScenarioGen() {
    }

    static Gen<FaultScenario> scenarios(FaultClass type) {
        Gen<Step> step = integers().between(0, 11).zip(integers().between(1, 3), integers().between(1, 6), FaultScenarioGen::step);
        Gen<List<Step>> steps = lists().of(step).ofSizeBetween(5, 40);
        return booleans().all().zip(steps, fault(type), booleans().all(), longs().all(), FaultScenario::new);
    }

    private static Step step(int choice, int batches, int records) {
        return switch (choice) {
            case 8 -> new FaultScenario.Roll();
            case 9 -> new FaultScenario.Flush();
            case 10 -> new FaultScenario.Clean();
            case 11 -> new FaultScenario.Retention();
            default -> new FaultScenario.Append(batches, records);
        };
    }

    private static Gen<Fault> fault(FaultClass type) {
        Gen<Faults.Op> op = type == FaultClass.FAILING_FSYNC ? integers().between(0, 0).map(i -> Faults.Op.FORCE)
                : integers().between(0, WRITE_OPS.size() - 1).map(WRITE_OPS::get);
        return op.zip(integers().between(1, 40), booleans().all(), (o, nth, sticky) ->
                new Fault(type, o, o == Faults.Op.WRITE || o == Faults.Op.FORCE ? nth : 1 + nth / 5, sticky));
    }
}
