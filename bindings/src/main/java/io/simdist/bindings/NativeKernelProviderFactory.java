package io.simdist.bindings;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.KernelProviderFactory;

/**
 * The {@link java.util.ServiceLoader} entry point of the native backend, registered in
 * {@code META-INF/services/io.simdist.kernels.KernelProviderFactory}. {@link
 * io.simdist.simd.Backends} calls {@link #create()} once per JVM.
 */
public final class NativeKernelProviderFactory implements KernelProviderFactory {
    /** Does no work: the library is loaded by {@link #create()}. */
    public NativeKernelProviderFactory() {}

    /** @return {@code native} */
    @Override
    public String name() {
        return "native";
    }

    /**
     * Loads the native library (see {@link NativeLibrary} for where from) and binds it. Each call
     * loads the library anew.
     *
     * @return the native provider
     * @throws UnsupportedOperationException if the library is missing, cannot be loaded, has another
     *     ABI version or native access is denied; the message names the library and the fix
     */
    @Override
    public KernelProvider create() {
        try {
            return NativeLibrary.load();
        } catch (UnsupportedOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            // The SPI promises only UnsupportedOperationException, so that a broken optional
            // backend degrades to "unavailable" instead of failing the caller.
            throw new UnsupportedOperationException("the native backend failed to load: " + e, e);
        }
    }
}
