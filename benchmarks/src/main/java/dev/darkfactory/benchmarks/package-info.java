/** Benchmark mains: each prints the figure the docs quote and how it was measured. */
@NullMarked
package dev.darkfactory.benchmarks;

import org.jspecify.annotations.NullMarked;
