package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.KernelProviderFactory;
import io.simdist.simd.Backends;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** simd-core finds the native backend through ServiceLoader, with no reference to this module. */
class NativeDiscoveryTest {
    @Test
    void factoryIsRegisteredAsService() {
        assertTrue(ServiceLoader.load(KernelProviderFactory.class).stream()
                .anyMatch(p -> p.type() == NativeKernelProviderFactory.class));
    }

    @Test
    void backendsLoadsNativeProviderFromClassPath() {
        NativeTesting.assumeLibraryBuilt();
        Optional<KernelProvider> provider = Backends.nativeProvider();
        assertTrue(provider.isPresent(),
                () -> "native provider unavailable: " + Backends.nativeUnavailableReason());
        assertEquals("native", provider.get().name());
        assertEquals("", Backends.nativeUnavailableReason());
        assertTrue(Backends.available().contains(provider.get()));
    }
}
