/**
 * Benchmarks and the process-level harness of adfs-saml (the {@code bench} Maven profile of adfs-saml-examples;
 * results and method in {@code BENCHMARKS.md} at the repository root). Not part of any published artifact.
 *
 * <ul>
 *   <li>{@link org.adfssaml.bench.SamlValidationBenchmark}: parse + validate vs bare OpenSAML (JMH).</li>
 *   <li>{@link org.adfssaml.bench.CredentialsProviderBenchmark}: the warm {@code resolveCredentials()} path vs the
 *       SDK's own provider (JMH).</li>
 *   <li>{@link org.adfssaml.bench.EmulatorLauncher}: AD FS + STS emulators in their own process for the
 *       {@code java -jar adfs-saml.jar} runs of {@code src/bench/process-bench.sh}.</li>
 *   <li>{@link org.adfssaml.bench.ColdBreakdown}: one instrumented cold sign-in, phase by phase.</li>
 *   <li>{@link org.adfssaml.bench.InterleavedCpu}: the two comparisons again, alternating, in thread CPU time.</li>
 *   <li>{@link org.adfssaml.bench.RoundTrips}: HTTP requests per sign-in for each AD FS page style.</li>
 * </ul>
 */
package org.adfssaml.bench;
