/**
 * Turns benchmark results (JMH JSON) into the Markdown tables of the papers, so every figure in
 * {@code papers/} is regenerable by one command. Reads files only; nothing here is measured.
 */
package dev.varve.bench.report;
