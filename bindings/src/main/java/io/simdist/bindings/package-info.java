/**
 * FFM ({@code java.lang.foreign}) bindings to the simdist native RNG: the {@code native} kernel
 * provider, found by {@link io.simdist.simd.Backends} through {@link java.util.ServiceLoader}.
 *
 * <p>The library is taken from the system property {@code simdist.native.path} if it is set, else
 * extracted from the class path resource {@code io/simdist/native/<os>-<arch>/libsimdist_rng.so}
 * that the {@code native-rng} jar bundles. The JVM should run with
 * {@code --enable-native-access=ALL-UNNAMED} (or the bindings' module name); without it JDK 25
 * prints a warning, and with {@code --illegal-native-access=deny} the backend is unavailable and
 * its reason names the flag.
 */
package io.simdist.bindings;
