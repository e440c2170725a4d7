package io.simdist;

import io.simdist.kernels.KernelProvider;
import io.simdist.simd.Backends;
import java.util.List;

/** The providers a test runs every kernel on: every one that can run in this JVM. */
public final class TestProviders {
    private TestProviders() {}

    /** @return scalar, then vector (at this JVM's width) and native when they can run */
    public static List<KernelProvider> all() {
        return Backends.available();
    }

    /** @return the providers other than the scalar reference */
    public static List<KernelProvider> nonReference() {
        return all().stream().filter(p -> !p.name().equals("scalar")).toList();
    }
}
