/**
 * The Fibonacci servers: one tiny TCP service ({@code n} in, {@code fib(n)} out) written in every
 * concurrency model ({@link dev.stampede.engine.fib.FibModel}), for the classic long-request latency
 * and short-request throughput probes. The models share the computation
 * ({@link dev.stampede.engine.fib.Fib}) and the protocol ({@link dev.stampede.engine.fib.RequestFramer});
 * {@link dev.stampede.engine.fib.FibClient} is the minimal blocking client the probes and benchmarks use.
 */
package dev.stampede.engine.fib;
