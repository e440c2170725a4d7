package io.simdist.bindings;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.simdist.kernels.KernelProvider;

/** Shared by the tests that need the native library. */
final class NativeTesting {
    private NativeTesting() {}

    /**
     * Skips the calling test when native-rng was built with {@code -Dsimdist.native.skip=true}
     * (the pom passes the property on), because then there is no library to test.
     */
    static void assumeLibraryBuilt() {
        assumeFalse(Boolean.getBoolean("simdist.native.skip"),
                "native-rng was built with -Dsimdist.native.skip=true: no native library to test");
    }

    /** @return a freshly loaded native provider, the test skipped if no library was built */
    static KernelProvider provider() {
        assumeLibraryBuilt();
        return new NativeKernelProviderFactory().create();
    }
}
