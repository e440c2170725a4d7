package io.simdist.simd;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.Providers;
import java.util.Optional;

/**
 * What simdist will do on this machine: the JDK, the Vector API and its widths, the CPU flags, the
 * native library and the backend in use. {@link #main} prints it.
 *
 * @param jdk the running JDK's version
 * @param vm the JVM name and vendor
 * @param vectorModule whether {@code jdk.incubator.vector} is in the boot layer
 * @param preferredBits the Vector API's preferred vector size, 0 if the module is absent
 * @param usedBits the vector width the vector backend uses, 0 if it is unavailable
 * @param vectorStatus "available", or why the vector backend is not
 * @param cpu the CPU flags
 * @param nativeStatus "loaded: ..." or why the native library is not
 * @param backend the description of the provider in use, or the selection error
 */
public record SimdInfo(String jdk, String vm, boolean vectorModule, int preferredBits, int usedBits,
        String vectorStatus, CpuFeatures cpu, String nativeStatus, String backend) {

    /** @return the report for this JVM */
    public static SimdInfo collect() {
        boolean module = Providers.vectorModulePresent();
        Optional<KernelProvider> vector = Backends.vector();
        int preferred = Providers.preferredVectorBits();
        int used = vector.map(KernelProvider::vectorBits).orElse(0);
        String nativeStatus = Backends.nativeProvider().map(p -> "loaded: " + p.description())
                .orElse("not loaded: " + Backends.nativeUnavailableReason());
        String err = Backends.selectionError();
        String backend = err.isEmpty() ? Backends.current().description() : "NONE: " + err;
        return new SimdInfo(Runtime.version().toString(),
                System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ")",
                module, preferred, used,
                vector.isPresent() ? "available" : Backends.vectorUnavailableReason(),
                CpuFeatures.detect(), nativeStatus, backend);
    }

    /** @return the report as aligned lines */
    public String report() {
        StringBuilder sb = new StringBuilder();
        line(sb, "JDK", jdk + " / " + vm);
        line(sb, "OS / arch", System.getProperty("os.name") + " / " + System.getProperty("os.arch")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        line(sb, "CPU", cpu.model());
        line(sb, "CPU flags", cpu.flags().isEmpty() ? "(none: " + cpu.source() + ")"
                : String.join(" ", cpu.flags()));
        line(sb, "Vector API", vectorModule ? "jdk.incubator.vector enabled" : "module not enabled");
        line(sb, "vector bits", vectorModule ? "preferred " + preferredBits + ", used "
                + (usedBits == 0 ? "none" : usedBits) : "n/a");
        line(sb, "vector backend", vectorStatus);
        line(sb, "native library", nativeStatus);
        line(sb, "backend in use", backend);
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("%-15s %s%n", key + ":", value));
    }

    /**
     * Prints the report.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.print(collect().report());
    }
}
