package io.simdist.simd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The SIMD-relevant CPU flags, read on Linux from {@code /proc/cpuinfo} (x86 {@code flags}, Arm
 * {@code Features}). Elsewhere the set is empty and {@link #source()} says so.
 *
 * @param flags the flags present, among {@link #INTERESTING}, in that order
 * @param model the CPU model name, or "unknown"
 * @param source where the flags came from, or why there are none
 */
public record CpuFeatures(List<String> flags, String model, String source) {
    /** The flags reported, in report order. */
    public static final List<String> INTERESTING = List.of("sse4_2", "avx", "avx2", "fma", "avx512f",
            "avx512dq", "avx512bw", "avx512vl", "asimd", "sve", "sve2");

    /** Compact constructor: copies the list. */
    public CpuFeatures {
        flags = List.copyOf(flags);
    }

    /** @return the features of this machine */
    public static CpuFeatures detect() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return new CpuFeatures(List.of(), "unknown", "no /proc/cpuinfo on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
        try {
            return parse(Files.readAllLines(cpuinfo));
        } catch (IOException e) {
            return new CpuFeatures(List.of(), "unknown", "/proc/cpuinfo unreadable: " + e.getMessage());
        }
    }

    /**
     * Parses the text of {@code /proc/cpuinfo}; the first processor's entry is used.
     *
     * @param lines its lines
     * @return the features found
     */
    public static CpuFeatures parse(List<String> lines) {
        Set<String> present = new LinkedHashSet<>();
        String model = "unknown";
        boolean flagsSeen = false;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (model.equals("unknown") && (key.equals("model name") || key.equals("CPU part"))) {
                model = value;
            }
            if (!flagsSeen && (key.equals("flags") || key.equals("Features"))) {
                present.addAll(Arrays.asList(value.split("\\s+")));
                flagsSeen = true;
            }
        }
        List<String> flags = new ArrayList<>();
        for (String f : INTERESTING) {
            if (present.contains(f)) {
                flags.add(f);
            }
        }
        return new CpuFeatures(flags, model, flagsSeen ? "/proc/cpuinfo" : "/proc/cpuinfo has no flags line");
    }

    /**
     * @param flag a flag name such as {@code avx2}
     * @return whether the CPU reports it
     */
    public boolean has(String flag) {
        return flags.contains(flag);
    }
}
