package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.simd.Backends;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fresh JVM pays about half a millisecond per class a call loads (reading it from the jar, verifying
 * and initialising it, all in the interpreter): the first SAC request used to load seven. A
 * {@link TanhNormal} initialises the classes of its small-call path when it is made, so its first draw
 * and backward pass at {@code [1 x 6]}, allocating and reusable, load none. Checked in a class loader of
 * its own, which records every simdist class it defines.
 */
class FirstCallClassesTest {
    /** Defines simdist's classes itself (its parent, the platform loader, has none) and records them. */
    private static final class Recording extends URLClassLoader {
        final List<String> defined = new ArrayList<>();

        Recording(URL classes) {
            super(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            synchronized (defined) {
                defined.add(name);
            }
            return super.findClass(name);
        }

        List<String> since(int mark) {
            synchronized (defined) {
                return List.copyOf(defined.subList(mark, defined.size()));
            }
        }
    }

    @Test
    void theFirstSacCallsLoadNoClass() throws Exception {
        // a forced backend takes the kernel API's full path, whose classes are not preloaded
        assumeFalse(Backends.selectionForced(), "a backend is forced");
        URL classes = TanhNormal.class.getProtectionDomain().getCodeSource().getLocation();
        try (Recording loader = new Recording(classes)) {
            Class<?> tanhNormal = loader.loadClass(TanhNormal.class.getName());
            Class<?> generator = loader.loadClass(Generator.class.getName());
            Class<?> sample = loader.loadClass(TanhNormal.Sample.class.getName());
            @SuppressWarnings("unchecked")
            Class<? extends Enum<?>> policyType =
                    (Class<? extends Enum<?>>) loader.loadClass(EpsPolicy.class.getName());
            Object store = policyType.getEnumConstants()[EpsPolicy.STORE.ordinal()];
            float[] loc = {0.1f, -0.2f, 0.3f, 0f, 0.5f, -0.5f};
            float[] scale = {1f, 0.5f, 2f, 0.7f, 1.2f, 0.3f};
            // what a server does at start-up: the distribution, its reusable sample, a generator
            Object policy = tanhNormal.getMethod("of", float[].class, float[].class).invoke(null, loc, scale);
            Object reusable = tanhNormal.getMethod("newSample", int.class, policyType).invoke(policy, 1, store);
            Object g = generator.getMethod("seed", long.class).invoke(null, 42L);
            Method refill = tanhNormal.getMethod("rsample", generator, sample);
            Method draw = tanhNormal.getMethod("rsample", generator, int.class);
            Method intoArrays = sample.getMethod("backward", float[].class, float[].class, float[].class, float[].class,
                    boolean.class);
            Method allocating = sample.getMethod("backward", float[].class, float[].class);
            float[] dA = {0.5f, -0.5f, 0.25f, 1f, -1f, 0f};
            float[] dLp = {0.3f};
            float[] gl = new float[6];
            float[] gs = new float[6];

            int mark = loader.defined.size();
            refill.invoke(policy, g, reusable);
            intoArrays.invoke(reusable, dA, dLp, gl, gs, false);
            Object fresh = draw.invoke(policy, g, 1);
            allocating.invoke(fresh, dA, dLp);
            assertEquals(List.of(), loader.since(mark), "classes the first calls loaded");
            assertTrue(gl[0] != 0 && gs[5] != 0, "the calls ran");
        }
    }
}
