package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.dist.Bernoulli;
import io.simdist.dist.Generator;
import io.simdist.dist.Normal;
import io.simdist.dist.NormalF64;
import io.simdist.dist.RSample;
import io.simdist.dist.TanhNormal;
import io.simdist.simd.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The distribution facade on the native backend: a fixed program of facade calls, run in a fresh JVM
 * forced to {@code simdist.backend=native}, gives the values it gives in this JVM (on the default
 * backend) and in a fresh JVM forced to the scalar reference. (simd-core's {@code ReproducibilityTest}
 * covers scalar and vector with a pinned hash; this is the backend only this module can load.)
 */
class NativeFacadeReproducibilityTest {
    /** Prints the backend in use and the program's fingerprint: the child JVM's entry point. */
    public static void main(String[] args) {
        System.out.println(Backends.current().name() + " " + fingerprint());
    }

    /** {@code Arrays.hashCode} of every value a fixed sequence of calls on one generator returns. */
    static String fingerprint() {
        List<Integer> h = new ArrayList<>();
        Generator g = Generator.seed(0xFACADEL).stream(2);
        Normal n = Normal.of(new float[] {0.5f, -1f, 3f}, new float[] {1f, 0.1f, 2f});
        h.add(Arrays.hashCode(n.sample(g, 5000)));
        RSample r = n.rsample(g, 777);
        float[] dz = new float[r.values().length];
        Arrays.fill(dz, 0.5f);
        Normal.Grad gr = r.backward(dz);
        h.add(Arrays.hashCode(r.values()));
        h.add(Arrays.hashCode(gr.loc()));
        h.add(Arrays.hashCode(gr.scale()));
        h.add(Arrays.hashCode(NormalF64.of(1, 2).sample(g, 3001)));
        h.add(Arrays.hashCode(Bernoulli.ofProbs(new float[] {0.2f, 0.9f}).sample(g, 4000)));
        h.add(Arrays.hashCode(Bernoulli.ofLogits(-0.5f).samplePacked(g, 10_000)));
        TanhNormal.Sample s = TanhNormal.of(new float[] {0.1f, -0.3f}, new float[] {0.7f, 1.3f}).rsample(g, 900);
        h.add(Arrays.hashCode(s.actions()));
        h.add(Arrays.hashCode(s.logProb()));
        h.add(Arrays.hashCode(s.backward(null, s.logProb()).scale()));
        h.add(Long.hashCode(g.position()));
        return h.toString();
    }

    @Test
    void theFacadeGivesTheSameValuesInFreshJvmsOnTheNativeAndScalarBackends() throws IOException,
            InterruptedException {
        NativeTesting.assumeLibraryBuilt();
        String expected = fingerprint();
        String java = ProcessHandle.current().info().command().orElseThrow();
        for (String backend : new String[] {"native", "scalar"}) {
            List<String> cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dsimdist.backend=" + backend,
                    "-cp", System.getProperty("java.class.path"), NativeFacadeReproducibilityTest.class.getName());
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out: " + cmd);
            assertEquals(0, p.exitValue(), "child JVM failed: " + cmd + "\n" + out);
            assertEquals(backend + " " + expected, out, backend);
        }
    }
}
