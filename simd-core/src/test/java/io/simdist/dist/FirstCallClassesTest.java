package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

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
 * {@link TanhNormal} (and a {@link Normal}) initialises the classes of its small-call path when it is made,
 * so its first draws and backward passes at {@code [1 x 6]}, allocating and reusable, load none. Checked in a class loader of
 * its own, which records every simdist class it defines.
 */
class FirstCallClassesTest {
    /** Defines simdist's classes itself (its parent, the platform loader, has none) and records them. */
    private static final class Recording extends URLClassLoader {
        final List<String> defined = new ArrayList<>();

        Recording(URL... classes) {
            super(classes, ClassLoader.getPlatformClassLoader());
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
        assertFirstCallsLoadNothing(FirstCallsProgram.class, "sac");
    }

    @Test
    void theFirstNormalCallsLoadNoClass() throws Exception {
        assertFirstCallsLoadNothing(FirstCallsProgram.class, "normal");
    }

    @Test
    void theFirstAllocatingCallsLoadNoClass() throws Exception {
        assertFirstCallsLoadNothing(FirstAllocatingCalls.class, "sac");
        assertFirstCallsLoadNothing(FirstAllocatingCalls.class, "normal");
    }

    /** Runs {@code server}'s start-up (its constructor), then its method {@code calls}, in a recording loader. */
    private static void assertFirstCallsLoadNothing(Class<?> server, String calls) throws Exception {
        // a forced backend takes the kernel API's full path, whose classes are not preloaded
        assumeFalse(Backends.selectionForced(), "a backend is forced");
        URL main = Normal.class.getProtectionDomain().getCodeSource().getLocation();
        URL tests = FirstCallsProgram.class.getProtectionDomain().getCodeSource().getLocation();
        try (Recording loader = new Recording(main, tests)) {
            Class<?> program = loader.loadClass(server.getName());
            Object started = program.getConstructor().newInstance();
            Method first = program.getMethod(calls);
            int mark = loader.defined.size();
            double checksum = (double) first.invoke(started);
            assertEquals(List.of(), loader.since(mark), "classes the first " + server.getSimpleName() + "." + calls
                    + " calls loaded");
            assertTrue(checksum != 0 && Double.isFinite(checksum), "the calls ran: " + checksum);
        }
    }
}
