package io.simdist.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Loads the Vector API provider by name, so that the classes referring to
 * {@code jdk.incubator.vector} are linked only when the module is present. <b>Internal.</b>
 */
public final class Providers {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private Providers() {}

    /** @return whether {@code jdk.incubator.vector} is in the boot layer */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** @return the Vector API's preferred vector size in bits, 0 if the module is absent */
    public static int preferredVectorBits() {
        return vectorModulePresent() ? PreferredBits.get() : 0;
    }

    /** Linked only when the module is present. */
    private static final class PreferredBits {
        static int get() {
            return jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize();
        }
    }

    /**
     * Creates the Vector API provider.
     *
     * @return the provider
     * @throws UnsupportedOperationException if it cannot run in this JVM; the message says why and
     *     how to fix it
     */
    public static KernelProvider vector() {
        if (!vectorModulePresent()) {
            throw new UnsupportedOperationException("the Java Vector API module is not enabled: pass "
                    + "--add-modules " + VECTOR_MODULE + " to the JVM");
        }
        try {
            var lookup = MethodHandles.lookup();
            var cls = lookup.findClass(Providers.class.getPackageName() + ".VectorKernelProvider");
            return (KernelProvider) lookup.findConstructor(cls, MethodType.methodType(void.class))
                    .invoke();
        } catch (UnsupportedOperationException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new UnsupportedOperationException("the Java Vector API provider failed to load: " + e, e);
        } catch (Throwable t) {
            throw new UnsupportedOperationException("the Java Vector API provider failed to load: " + t, t);
        }
    }
}
