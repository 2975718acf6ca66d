/**
 * The engine conformance kit: a stateful property suite ({@link dev.varve.properties.engine.EngineConformanceSuite})
 * that any {@link dev.varve.engine.api.LogEngine} runs through an {@link dev.varve.properties.engine.EngineFixture},
 * checked step by step against a plain model ({@link dev.varve.properties.engine.LogModel}). Scenarios are
 * values ({@link dev.varve.properties.engine.Scenario}, {@link dev.varve.properties.engine.Actions}) whose
 * printed form is Java, so a shrunk failure becomes a regression test by pasting it. See properties/README.md.
 */
package dev.varve.properties.engine;
