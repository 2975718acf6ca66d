package dev.varve.bench.study;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Renders a results folder: the plots into {@code <folder>/plots/} and the paper ({@link Paper}) into
 * {@code paper}, unless it is null. What {@code varve bench} does after measuring and what
 * {@code varve bench --report <folder>} does alone, so a paper is always regenerable from its data.
 */
final class Report {
    private Report() {
    }

    static void render(Path folder, Path paper, PrintStream out) throws Exception {
        Results results = Results.load(folder);
        Map<String, Path> plots;
        try {
            plots = Plots.draw(results);
        } catch (Error | RuntimeException e) {
            // A JDK without AWT or fonts: keep the data and the paper, say what is missing.
            out.println("plots skipped: " + e + " (a headless JDK with fonts is needed for the PNGs)");
            plots = Map.of();
        }
        out.println("results: " + folder + " (results.json, cells.csv, linger.csv, " + plots.size() + " plots in plots/)");
        if (paper != null) {
            Files.createDirectories(paper.toAbsolutePath().getParent());
            Files.writeString(paper, Paper.markdown(results, plots, paper.toAbsolutePath().getParent()), StandardCharsets.UTF_8);
            out.println("paper: " + paper);
        }
        out.flush();
    }
}
