package io.simdist.kernels;

/**
 * Service interface through which optional backends (the native bindings) are discovered with
 * {@link java.util.ServiceLoader}. <b>Internal SPI.</b> Implementations must have a public no-argument
 * constructor that does no work; loading happens in {@link #create()}.
 */
public interface KernelProviderFactory {
    /** @return the backend name this factory provides, such as {@code native} */
    String name();

    /**
     * Loads the backend.
     *
     * @return the provider
     * @throws UnsupportedOperationException if the backend cannot run here; the message says why
     *     and, where there is one, what would fix it
     */
    KernelProvider create();
}
