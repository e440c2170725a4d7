package io.simdist.simd;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.KernelProviderFactory;
import io.simdist.kernels.Providers;
import io.simdist.kernels.ScalarKernelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Chooses the kernel provider once per JVM (Lucene's {@code VectorizationProvider} pattern).
 *
 * <p>System properties, read once at first use:
 * <ul>
 *   <li>{@value #BACKEND_PROPERTY} = {@code auto} (default) | {@code vector} | {@code scalar} |
 *       {@code native}. {@code auto} takes the Vector API provider when it can run, else the native
 *       one, else the scalar reference, logging one WARNING that names the fix. A forced choice that
 *       cannot be honoured makes {@link #current()} throw an {@link IllegalStateException} saying why.
 *   <li>{@value #VECTOR_BITS_PROPERTY} = {@code auto} (default) | {@code 128} | {@code 256} |
 *       {@code 512}: the vector width. A width above what the CPU and JVM run is refused.
 * </ul>
 * All providers give the same bits, so the choice changes speed only.
 */
public final class Backends {
    /** System property choosing the backend. */
    public static final String BACKEND_PROPERTY = "simdist.backend";
    /** System property choosing the vector width in bits. */
    public static final String VECTOR_BITS_PROPERTY = "simdist.vector.bits";

    /**
     * The logger, made on first use: {@code System.getLogger} initialises the JDK's logging, about 18 ms
     * at start-up, which a process that never logs (every small call reads this class) should not pay.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger("io.simdist");
    }

    private Backends() {}

    /** An optional backend: loaded, or the reason it is not. */
    record Loaded(Optional<KernelProvider> provider, String reason) {
        static Loaded of(String name, java.util.function.Supplier<KernelProvider> factory) {
            try {
                return new Loaded(Optional.of(factory.get()), "");
            } catch (UnsupportedOperationException e) {
                return new Loaded(Optional.empty(), e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                return new Loaded(Optional.empty(), name + " backend failed to load: " + e);
            }
        }
    }

    /**
     * The result of selection: a provider, or the reason a forced choice failed.
     *
     * @param provider the provider, null if the selection failed
     * @param error why it failed, "" if it did not
     * @param warning the fallback to log once, "" if none
     */
    record Selection(KernelProvider provider, String error, String warning) {}

    private static final class VectorHolder {
        static final Loaded VECTOR = Loaded.of("vector", Providers::vector);
    }

    private static final class NativeHolder {
        static final Loaded NATIVE = loadNative();
    }

    private static final class SelectionHolder {
        static final Selection SELECTION = select();
    }

    /**
     * The provider every fill uses.
     *
     * @return the selected provider
     * @throws IllegalStateException if {@value #BACKEND_PROPERTY} or {@value #VECTOR_BITS_PROPERTY}
     *     forced something that cannot run here, or has an invalid value
     */
    public static KernelProvider current() {
        Selection s = SelectionHolder.SELECTION;
        if (s.provider() == null) {
            throw new IllegalStateException(s.error());
        }
        return s.provider();
    }

    /**
     * Whether {@value #BACKEND_PROPERTY} or {@value #VECTOR_BITS_PROPERTY} asks for anything but
     * {@code auto}, read once. Only then can {@link #current()} fail; the small-call paths use this to
     * skip the backend selection (and the Vector API's class loading) while they need no backend.
     *
     * @return true if a backend or a vector width is forced
     */
    public static boolean selectionForced() {
        return ForcedHolder.FORCED;
    }

    private static final class ForcedHolder {
        static final boolean FORCED = !isAuto(System.getProperty(BACKEND_PROPERTY))
                || !isAuto(System.getProperty(VECTOR_BITS_PROPERTY));

        private static boolean isAuto(String v) {
            return v == null || v.isBlank() || v.trim().equalsIgnoreCase("auto");
        }
    }

    /** @return the scalar reference provider, always available */
    public static KernelProvider scalar() {
        return ScalarKernelProvider.INSTANCE;
    }

    /** @return the Vector API provider, if it can run in this JVM */
    public static Optional<KernelProvider> vector() {
        return VectorHolder.VECTOR.provider();
    }

    /** @return why the Vector API provider cannot run, or "" if it can */
    public static String vectorUnavailableReason() {
        return VectorHolder.VECTOR.reason();
    }

    /** @return the native provider, if the bindings and their library are present and load */
    public static Optional<KernelProvider> nativeProvider() {
        return NativeHolder.NATIVE.provider();
    }

    /** @return why the native provider cannot run, or "" if it can */
    public static String nativeUnavailableReason() {
        return NativeHolder.NATIVE.reason();
    }

    /** @return every provider that can run here: scalar first, then vector and native if present */
    public static List<KernelProvider> available() {
        List<KernelProvider> all = new ArrayList<>();
        all.add(scalar());
        vector().ifPresent(all::add);
        nativeProvider().ifPresent(all::add);
        return List.copyOf(all);
    }

    /**
     * Parses {@value #VECTOR_BITS_PROPERTY}.
     *
     * @return 0 for {@code auto}, else 128, 256 or 512
     * @throws IllegalArgumentException if the value is none of those
     */
    public static int requestedVectorBits() {
        return parseBits(System.getProperty(VECTOR_BITS_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT));
    }

    private static int parseBits(String v) {
        return switch (v) {
            case "auto", "" -> 0;
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw new IllegalArgumentException(VECTOR_BITS_PROPERTY
                    + " must be auto, 128, 256 or 512, was '" + v + "'");
        };
    }

    /** @return the reason the selection failed, or "" when {@link #current()} works */
    public static String selectionError() {
        Selection s = SelectionHolder.SELECTION;
        return s.provider() == null ? s.error() : "";
    }

    private static Selection select() {
        Selection s = select(System.getProperty(BACKEND_PROPERTY), System.getProperty(VECTOR_BITS_PROPERTY),
                () -> VectorHolder.VECTOR, () -> NativeHolder.NATIVE);
        if (s.provider() == null) {
            Log.LOG.log(System.Logger.Level.ERROR, "simdist: " + s.error());
        } else if (!s.warning().isEmpty()) {
            Log.LOG.log(System.Logger.Level.WARNING, "simdist: " + s.warning());
        }
        return s;
    }

    /**
     * The selection rule as a pure function of the two properties and the optional backends, so that
     * tests can check every case in one JVM.
     */
    static Selection select(String backendProperty, String bitsProperty,
            java.util.function.Supplier<Loaded> vector, java.util.function.Supplier<Loaded> nat) {
        String requested = backendProperty == null ? "auto" : backendProperty.trim().toLowerCase(Locale.ROOT);
        String bits = bitsProperty == null ? "auto" : bitsProperty.trim().toLowerCase(Locale.ROOT);
        try {
            parseBits(bits);
        } catch (IllegalArgumentException e) {
            return new Selection(null, e.getMessage(), "");
        }
        return switch (requested) {
            case "scalar" -> new Selection(scalar(), "", "");
            case "vector" -> vector.get().provider().map(p -> new Selection(p, "", ""))
                    .orElseGet(() -> new Selection(null, BACKEND_PROPERTY
                            + "=vector cannot be honoured: " + vector.get().reason(), ""));
            case "native" -> nat.get().provider().map(p -> new Selection(p, "", ""))
                    .orElseGet(() -> new Selection(null, BACKEND_PROPERTY
                            + "=native cannot be honoured: " + nat.get().reason(), ""));
            case "auto", "" -> {
                if (vector.get().provider().isPresent()) {
                    yield new Selection(vector.get().provider().get(), "", "");
                }
                if (!bits.equals("auto") && !bits.isEmpty()) {
                    yield new Selection(null, VECTOR_BITS_PROPERTY + "=" + bits + " cannot be honoured: "
                            + vector.get().reason(), "");
                }
                KernelProvider fallback = nat.get().provider().orElse(scalar());
                yield new Selection(fallback, "", "vector backend unavailable (" + vector.get().reason()
                        + "); using the " + fallback.name() + " backend");
            }
            default -> new Selection(null, BACKEND_PROPERTY + " must be auto, vector, scalar or native, was '"
                    + requested + "'", "");
        };
    }

    private static Loaded loadNative() {
        List<String> reasons = new ArrayList<>();
        for (KernelProviderFactory f : ServiceLoader.load(KernelProviderFactory.class)) {
            if (!"native".equals(f.name())) {
                continue;
            }
            Loaded l = Loaded.of("native", f::create);
            if (l.provider().isPresent()) {
                return l;
            }
            reasons.add(l.reason());
        }
        return new Loaded(Optional.empty(), reasons.isEmpty()
                ? "the simdist-bindings jar is not on the class path" : String.join("; ", reasons));
    }
}
