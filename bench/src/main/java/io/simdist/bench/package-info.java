/**
 * JMH benchmarks of simdist against its peers measured in the same run (Apache Commons RNG, the JDK),
 * the {@link io.simdist.bench.Report} that turns a JMH JSON result into a Markdown table, and the
 * {@link io.simdist.bench.Demo} command line.
 *
 * <p>Every fill benchmark times one call that writes {@code n} values, so JMH's ops/s times
 * {@code n} is elements/s; the report does that multiplication.
 */
package io.simdist.bench;
