package io.simdist.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.Providers;
import io.simdist.kernels.ScalarKernelProvider;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Backend selection: the rule, the forced choices, and what this JVM actually selected. */
class BackendsTest {
    private static final KernelProvider FAKE_VECTOR = fake("vector");
    private static final KernelProvider FAKE_NATIVE = fake("native");
    private static final Backends.Loaded VECTOR_OK = new Backends.Loaded(Optional.of(FAKE_VECTOR), "");
    private static final Backends.Loaded VECTOR_MISSING = new Backends.Loaded(Optional.empty(),
            "pass --add-modules jdk.incubator.vector to the JVM");
    private static final Backends.Loaded NATIVE_OK = new Backends.Loaded(Optional.of(FAKE_NATIVE), "");
    private static final Backends.Loaded NATIVE_MISSING = new Backends.Loaded(Optional.empty(),
            "libsimdist_rng.so not found");

    /** A provider that only has a name: selection never runs a kernel. */
    private static KernelProvider fake(String name) {
        return (KernelProvider) Proxy.newProxyInstance(KernelProvider.class.getClassLoader(),
                new Class<?>[] {KernelProvider.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name", "description", "toString" -> name;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void autoPrefersVectorThenNativeThenScalarAndWarnsWithTheFix() {
        assertSame(FAKE_VECTOR, Backends.select(null, null, () -> VECTOR_OK, () -> NATIVE_OK).provider());
        var s = Backends.select("auto", "auto", () -> VECTOR_MISSING, () -> NATIVE_OK);
        assertSame(FAKE_NATIVE, s.provider());
        assertTrue(s.warning().contains("--add-modules jdk.incubator.vector"), s.warning());
        s = Backends.select(" AUTO ", null, () -> VECTOR_MISSING, () -> NATIVE_MISSING);
        assertSame(ScalarKernelProvider.INSTANCE, s.provider());
        assertTrue(s.warning().contains("--add-modules jdk.incubator.vector"), s.warning());
    }

    @Test
    void forcedChoicesThatCannotBeHonouredFailWithTheReason() {
        var s = Backends.select("native", null, () -> VECTOR_OK, () -> NATIVE_MISSING);
        assertNull(s.provider());
        assertEquals("simdist.backend=native cannot be honoured: libsimdist_rng.so not found", s.error());
        s = Backends.select("vector", null, () -> VECTOR_MISSING, () -> NATIVE_OK);
        assertNull(s.provider());
        assertTrue(s.error().contains("--add-modules jdk.incubator.vector"), s.error());
        s = Backends.select("auto", "256", () -> VECTOR_MISSING, () -> NATIVE_OK);
        assertNull(s.provider(), "a forced width must not fall back silently");
        assertTrue(s.error().startsWith("simdist.vector.bits=256 cannot be honoured"), s.error());
    }

    @Test
    void forcedChoicesThatCanRunAreTaken() {
        assertSame(ScalarKernelProvider.INSTANCE,
                Backends.select("scalar", null, () -> VECTOR_OK, () -> NATIVE_OK).provider());
        assertSame(FAKE_NATIVE, Backends.select("native", null, () -> VECTOR_OK, () -> NATIVE_OK).provider());
        assertSame(FAKE_VECTOR, Backends.select("Vector", "512", () -> VECTOR_OK, () -> NATIVE_OK).provider());
    }

    @Test
    void invalidPropertyValuesAreRejectedWithTheValue() {
        var s = Backends.select("gpu", null, () -> VECTOR_OK, () -> NATIVE_OK);
        assertEquals("simdist.backend must be auto, vector, scalar or native, was 'gpu'", s.error());
        s = Backends.select("auto", "1024", () -> VECTOR_OK, () -> NATIVE_OK);
        assertEquals("simdist.vector.bits must be auto, 128, 256 or 512, was '1024'", s.error());
    }

    /** The surefire executions say what this JVM must have selected; a misconfigured run fails. */
    @Test
    void thisJvmSelectedTheExpectedBackend() {
        String expect = System.getProperty("simdist.expect.vector");
        if ("true".equals(expect)) {
            assertTrue(Providers.vectorModulePresent());
            assertEquals("vector", Backends.current().name(), Backends.vectorUnavailableReason());
        } else if ("false".equals(expect)) {
            assertTrue(!Providers.vectorModulePresent());
            assertTrue(Backends.vectorUnavailableReason().contains("--add-modules jdk.incubator.vector"));
            assertEquals(Backends.nativeProvider().map(KernelProvider::name).orElse("scalar"),
                    Backends.current().name());
        }
        List<KernelProvider> all = Backends.available();
        assertSame(ScalarKernelProvider.INSTANCE, all.get(0));
    }

    @Test
    void infoReportNamesEveryItem() {
        String report = SimdInfo.collect().report();
        for (String key : List.of("JDK:", "CPU flags:", "Vector API:", "vector bits:", "native library:",
                "backend in use:")) {
            assertTrue(report.contains(key), report);
        }
        assertTrue(report.contains(Backends.current().description()), report);
    }

    @Test
    void cpuFlagsAreParsedFromX86AndArmCpuinfo() {
        var x86 = CpuFeatures.parse(List.of("processor\t: 0", "model name\t: AMD EPYC 9R14",
                "flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw avx512vl", "", "processor\t: 1",
                "flags\t\t: sve"));
        assertEquals(List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl"), x86.flags());
        assertEquals("AMD EPYC 9R14", x86.model());
        assertTrue(x86.has("avx2"));
        var arm = CpuFeatures.parse(List.of("processor : 0", "Features : fp asimd evtstrm sve sve2",
                "CPU part : 0xd40"));
        assertEquals(List.of("asimd", "sve", "sve2"), arm.flags());
        var none = CpuFeatures.parse(List.of("processor : 0"));
        assertTrue(none.flags().isEmpty());
        assertEquals("/proc/cpuinfo has no flags line", none.source());
    }

    @Test
    void selectedProviderIsStableAndCurrentDoesNotThrowInTheTestJvms() {
        assertSame(Backends.current(), Backends.current());
        assertEquals("", Backends.selectionError());
    }
}
