/**
 * {@code varve tier}: tiered storage from the command line ({@code status}, {@code run}), over the embedded
 * data directory and the object store {@link dev.varve.cli.TieredSettings} names.
 */
package dev.varve.cli.tier;
