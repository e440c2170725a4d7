package io.simdist.bench;

import io.simdist.dist.Generator;
import io.simdist.dist.Normal;
import io.simdist.dist.TanhNormal;
import io.simdist.dist.Warmup;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * JIT warm-up of one SAC actor step at {@code [1 x 6]} (forward and backward, as
 * {@link SmallCallBenchmark}'s {@code sac_*} rows) in a fresh JVM: simdist's facade against the plain
 * Java loop, each from the first call on. JMH reports the steady state only (its warm-up iterations
 * are thrown away); a policy server that restarts, or a short training job, also pays the calls that
 * run in the interpreter and C1 before C2 has compiled the step.
 *
 * <h2>Method</h2>
 * {@code run} makes the data and the distribution (what a server does at start-up: simdist's
 * {@code TanhNormal} initialises the classes of its draws then, as Commons' samplers load theirs when
 * made), then makes {@code calls} steps in one loop and
 * reads {@link System#nanoTime()} only at checkpoints: before the first call, after 10<sup>4</sup>,
 * 9 x 10<sup>4</sup> and 10<sup>5</sup> calls, and before and after the last 10<sup>6</sup> calls (the last
 * {@code calls - 10^5} if fewer). It prints one JSON line: the mean ns per call over the first
 * 10<sup>4</sup> calls ({@code first1e4}), the first 10<sup>5</sup> ({@code first1e5}) and the last
 * window ({@code steady}, with its length {@code steadyCalls}); the mean over calls
 * 90001-10<sup>5</sup> ({@code lastBefore1e5}: near {@code steady} when the steady state is reached
 * within 10<sup>5</sup> calls); the phases of the first 10<sup>4</sup>
 * (the first call, and the mean per call over calls 2-100, 101-1000 and 1001-10<sup>4</sup>: the
 * interpreter, C1 and the wait for C2); the time from the launch to the first
 * call ({@code launchToFirstCallMs}, when the parent passed its {@code nanoTime} at launch: both read
 * the same system-wide monotonic clock) and from the JVM's own start to the first call
 * ({@code vmStartToFirstCallMs}, millisecond resolution, read after the loop so that loading
 * {@code java.management} is not timed); and a checksum of every step's outputs, so none is
 * optimised away. The variants:
 * <ul>
 *   <li>{@code plain}: Commons RNG Ziggurat on XoRoShiRo128++, {@code Math.tanh}/{@code log}/
 *       {@code log1p}/{@code exp}, eps kept in an array for the backward loop (simdist is never
 *       loaded);</li>
 *   <li>{@code simdist}: {@code policy.rsample(g, 1).backward(dA, dLogp)}, allocating;</li>
 *   <li>{@code simdistReuse}: {@code policy.rsample(g, s); s.backward(dA, dLogp, gradLoc, gradScale,
 *       false)} into a sample made once by {@code newSample(1, STORE)} (the noise kept, as the README
 *       advises at this size);</li>
 *   <li>{@code simdistWarm}: {@link Warmup#run()} first (its time is {@code warmupMs} and is in the
 *       launch-to-first-call time), then the {@code simdist} loop;</li>
 *   <li>{@code simdistWarmSmall}: the same with {@link Warmup#smallCalls()}, the small-call part
 *       alone.</li>
 * </ul>
 *
 * <p>{@code compare} runs each variant in {@code --forks} fresh child JVMs (this JDK's {@code java},
 * this class path, {@code --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED}, no
 * other flags), interleaving the variants fork by fork so that a drift of the machine spreads over all
 * of them, and prints a Markdown table of the medians and the ratio of each variant to {@code plain}
 * over the first 10<sup>4</sup> and 10<sup>5</sup> calls.
 *
 * <p>With {@code --aot} it adds {@code simdist+aot} and {@code plain+aot}: the JDK's AOT cache (JEP 483
 * class loading and linking, JEP 515 method profiles, made in one step by JEP 514's
 * {@code -XX:AOTCacheOutput}). One training run of the variant with fewer calls
 * ({@code max(2 * 10^5, calls / 10)}) writes the cache, and the timed runs read it with
 * {@code -XX:AOTCache}; a check run with {@code -XX:AOTMode=on} (which fails if the cache cannot be
 * mapped) comes first, so a cache the JVM rejects is reported rather than timed as if it worked. The
 * ratio of a {@code +aot} row is to {@code plain+aot}: both sides get the same help. The command lines
 * are printed.
 *
 * <h2>Commands</h2>
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -ntp -q install -DskipTests
 * java -cp bench/target/benchmarks.jar io.simdist.bench.ColdStart compare [--forks 5] [--calls 3000000] [--aot]
 * java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp bench/target/benchmarks.jar io.simdist.bench.ColdStart run simdist 3000000
 * </pre>
 * {@code compare} itself needs no flags: it never loads simdist. Run it on an otherwise idle machine; a
 * child takes about a second of CPU per 10<sup>6</sup> steady calls plus the warm-up.
 */
public final class ColdStart {
    /** Features of the step, the action dimension of the SAC row this measures. */
    static final int D = 6;
    static final int FIRST = 10_000;
    static final int SECOND = 100_000;
    static final int STEADY = 1_000_000;
    /** The calls just before the 10^5th, timed on their own: is the steady state reached by then? */
    static final int LATE = 10_000;
    static final int DEFAULT_CALLS = 3_000_000;
    static final String LAUNCH_PROPERTY = "coldstart.launchNanos";
    static final List<String> VARIANTS = List.of("plain", "simdist", "simdistReuse", "simdistWarm",
        "simdistWarmSmall");
    static final List<String> CHILD_FLAGS =
            List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");

    private ColdStart() {}

    /**
     * {@code run <variant> [calls]} or {@code compare [--forks N] [--calls N] [--aot]}.
     *
     * @param args the command line
     * @throws Exception if a child JVM cannot be run or the AOT cache directory cannot be made
     */
    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("run")) {
            run(args[1], args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_CALLS);
        } else if (args.length >= 1 && args[0].equals("compare")) {
            compare(Arrays.copyOfRange(args, 1, args.length));
        } else {
            System.err.println("usage: ColdStart run <" + String.join("|", VARIANTS) + "> [calls]\n"
                    + "       ColdStart compare [--forks N] [--calls N] [--aot]");
            System.exit(2);
        }
    }

    // ---- run: one variant in this JVM ----

    /** One SAC step; {@link #step()} returns a sum of its outputs for the checksum. */
    abstract static class Step {
        final float[] loc = new float[D];
        final float[] scale = new float[D];
        final float[] dA = new float[D];
        final float[] dLogp = new float[1];

        Step() {
            SplittableRandom r = new SplittableRandom(BaseBenchmark.SEED);
            for (int d = 0; d < D; d++) {
                loc[d] = (float) r.nextDouble(-1, 1);
                scale[d] = (float) r.nextDouble(0.1, 2);
                dA[d] = (float) r.nextDouble(-1, 1);
            }
            dLogp[0] = (float) r.nextDouble(-1, 1);
        }

        abstract double step();
    }

    /** The allocating facade call. */
    static final class Facade extends Step {
        private final TanhNormal policy = TanhNormal.of(loc, scale);
        private final Generator g = Generator.seed(BaseBenchmark.SEED);

        @Override
        double step() {
            TanhNormal.Sample s = policy.rsample(g, 1);
            Normal.Grad grad = s.backward(dA, dLogp);
            return s.actions()[D - 1] + s.logProb()[0] + grad.loc()[0] + grad.scale()[D - 1];
        }
    }

    /** The allocation-free facade call. */
    static final class Reuse extends Step {
        private final TanhNormal policy = TanhNormal.of(loc, scale);
        private final Generator g = Generator.seed(BaseBenchmark.SEED);
        private final TanhNormal.Sample s = policy.newSample(1, EpsPolicy.STORE);
        private final float[] gradLoc = new float[D];
        private final float[] gradScale = new float[D];

        @Override
        double step() {
            policy.rsample(g, s);
            s.backward(dA, dLogp, gradLoc, gradScale, false);
            return s.actions()[D - 1] + s.logProb()[0] + gradLoc[0] + gradScale[D - 1];
        }
    }

    /** The plain Java step, as {@code SmallCallBenchmark.sac_plain} at batch 1. */
    static final class Plain extends Step {
        private static final double LOG_2 = Math.log(2);
        private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
        private final ZigguratSampler.NormalizedGaussian zig =
                ZigguratSampler.NormalizedGaussian.of(new XoRoShiRo128PlusPlus(BaseBenchmark.SEED, ~BaseBenchmark.SEED));
        private final float[] actions = new float[D];
        private final float[] logProb = new float[1];
        private final float[] eps = new float[D];
        private final float[] gradLoc = new float[D];
        private final float[] gradScale = new float[D];

        @Override
        double step() {
            SmallCallBenchmark.plainSacStep(zig, 1, D, loc, scale, actions, logProb, eps, dA, dLogp, gradLoc, gradScale);
            return actions[D - 1] + logProb[0] + gradLoc[0] + gradScale[D - 1];
        }

        private static double softplus(double x) {
            return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
        }
    }

    /** Runs {@code variant} for {@code calls} steps and prints the JSON line. */
    static void run(String variant, int calls) {
        if (calls <= SECOND) {
            throw new IllegalArgumentException("calls must be > " + SECOND + ", was " + calls);
        }
        long warmupNanos = -1;
        Step step = switch (variant) {
            case "plain" -> new Plain();
            case "simdist" -> new Facade();
            case "simdistReuse" -> new Reuse();
            case "simdistWarm" -> {
                warmupNanos = Warmup.run();
                yield new Facade();
            }
            case "simdistWarmSmall" -> {
                warmupNanos = Warmup.smallCalls();
                yield new Facade();
            }
            default -> throw new IllegalArgumentException("variant must be one of " + VARIANTS + ", was " + variant);
        };
        int steady = Math.min(STEADY, calls - SECOND);
        long t0 = System.nanoTime();
        long wall0 = System.currentTimeMillis();
        double sum = steps(step, 1);
        long tA = System.nanoTime();
        sum += steps(step, 99);
        long tB = System.nanoTime();
        sum += steps(step, 900);
        long tC = System.nanoTime();
        sum += steps(step, FIRST - 1000);
        long t1 = System.nanoTime();
        sum += steps(step, SECOND - FIRST - LATE);
        long tD = System.nanoTime();
        sum += steps(step, LATE);
        long t2 = System.nanoTime();
        sum += steps(step, calls - steady - SECOND);
        long t3 = System.nanoTime();
        sum += steps(step, steady);
        long t4 = System.nanoTime();

        String launch = System.getProperty(LAUNCH_PROPERTY);
        long vmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"variant\":\"%s\",\"calls\":%d,\"first1e4\":%.2f,\"first1e5\":%.2f,"
                + "\"steady\":%.2f,\"steadyCalls\":%d", variant, calls, (t1 - t0) / (double) FIRST,
                (t2 - t0) / (double) SECOND, (t4 - t3) / (double) steady, steady));
        json.append(String.format(Locale.ROOT, ",\"lastBefore1e5\":%.2f", (t2 - tD) / (double) LATE));
        // the phases of the first 10^4: the first call (class loading), then mean us per call
        json.append(String.format(Locale.ROOT, ",\"firstCallUs\":%.1f,\"calls2to100Us\":%.2f,\"calls100to1e3Us\":%.2f,"
                + "\"calls1e3to1e4Us\":%.2f", (tA - t0) / 1e3, (tB - tA) / 99e3, (tC - tB) / 900e3,
                (t1 - tC) / ((FIRST - 1000) * 1e3)));
        if (launch != null) {
            json.append(String.format(Locale.ROOT, ",\"launchToFirstCallMs\":%.1f", (t0 - Long.parseLong(launch)) / 1e6));
        }
        json.append(",\"vmStartToFirstCallMs\":").append(wall0 - vmStart);
        if (warmupNanos >= 0) {
            json.append(String.format(Locale.ROOT, ",\"warmupMs\":%.1f", warmupNanos / 1e6));
        }
        json.append(",\"checksum\":").append(sum).append('}');
        System.out.println(json);
    }

    private static double steps(Step step, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += step.step();
        }
        return sum;
    }

    // ---- compare: every variant in fresh JVMs ----

    /** A variant of the table: its name, the {@code run} variant it times and its extra JVM flags. */
    private record Variant(String name, String runs, List<String> flags) {}

    private static void compare(String[] args) throws IOException, InterruptedException {
        int forks = 5;
        int calls = DEFAULT_CALLS;
        boolean aot = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--aot" -> aot = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (forks < 1 || calls <= SECOND) {
            throw new IllegalArgumentException("need --forks >= 1 and --calls > " + SECOND);
        }
        List<Variant> variants = new ArrayList<>();
        for (String v : VARIANTS) {
            variants.add(new Variant(v, v, List.of()));
        }
        List<String> notes = new ArrayList<>();
        Path dir = null;
        if (aot) {
            dir = Files.createTempDirectory("simdist-aot");
            int trainCalls = Math.min(calls, Math.max(2 * SECOND, calls / 10));
            for (String v : List.of("plain", "simdist")) {
                Path cache = dir.resolve(v + ".aot");
                String why = trainAot(v, cache, trainCalls, notes);
                if (why == null) {
                    variants.add(new Variant(v + "+aot", v, List.of("-XX:AOTCache=" + cache)));
                } else {
                    notes.add("`" + v + "+aot` left out: " + why);
                }
            }
        }
        try {
            printTable(variants, timed(variants, forks, calls), forks, calls, notes);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
                System.out.println("(The AOT caches in " + dir + " are deleted; the training commands above make"
                        + " them again.)");
            }
        }
    }

    /** Runs every variant {@code forks} times, interleaved, and returns each run's numbers by variant. */
    private static Map<String, List<Map<String, Double>>> timed(List<Variant> variants, int forks, int calls)
            throws IOException, InterruptedException {
        Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
        for (Variant v : variants) {
            results.put(v.name(), new ArrayList<>());
        }
        for (int f = 0; f < forks; f++) {
            for (Variant v : variants) {
                System.err.printf("fork %d/%d: %s%n", f + 1, forks, v.name());
                Child c = child(v.flags(), v.runs(), calls, true);
                if (c.exit() != 0 || c.json() == null) {
                    throw new IllegalStateException(v.name() + " failed (exit " + c.exit() + "):\n" + c.stderr());
                }
                results.get(v.name()).add(parse(c.json()));
            }
        }
        return results;
    }

    private static void printTable(List<Variant> variants, Map<String, List<Map<String, Double>>> results, int forks,
            int calls, List<String> notes) {
        int steady = Math.min(STEADY, calls - SECOND);
        System.out.printf("SAC [1 x %d] forward + backward, %d calls per JVM, median of %d fresh JVMs; %s %s%n%n", D,
                calls, forks, System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
        System.out.println("| variant | first 10^4 (ns/call) | first 10^5 (ns/call) | calls 90001-10^5 (ns/call) | last "
                + count(steady) + " (ns/call) | launch to first call (ms) | vs plain, first 10^4 | vs plain, first 10^5 |"
                + " calls 90001-10^5 / last " + count(steady) + " |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Variant v : variants) {
            List<Map<String, Double>> rs = results.get(v.name());
            String peer = v.name().endsWith("+aot") ? "plain+aot" : "plain";
            List<Map<String, Double>> ps = results.get(peer);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.0f | %s | %s | %.2fx |%n", v.name(),
                    median(rs, "first1e4"), median(rs, "first1e5"), median(rs, "lastBefore1e5"), median(rs, "steady"),
                    median(rs, "launchToFirstCallMs"), ratio(rs, ps, "first1e4"), ratio(rs, ps, "first1e5"),
                    median(rs, "lastBefore1e5") / median(rs, "steady"));
        }
        System.out.println();
        System.out.println("Where the first 10^4 calls go (medians; us for the first call, us per call after):");
        System.out.println();
        System.out.println("| variant | first call (us) | calls 2-100 | calls 101-1000 | calls 1001-10^4 |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Variant v : variants) {
            List<Map<String, Double>> rs = results.get(v.name());
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f |%n", v.name(), median(rs, "firstCallUs"),
                    median(rs, "calls2to100Us"), median(rs, "calls100to1e3Us"), median(rs, "calls1e3to1e4Us"));
        }
        System.out.println();
        System.out.println("Ratios of the `+aot` rows are to `plain+aot`. `launch to first call` includes the JVM"
                + " start, class loading, the setup and (simdistWarm, simdistWarmSmall) Warmup.run() or"
                + " Warmup.smallCalls().");
        for (Variant v : variants) {
            List<Map<String, Double>> rs = results.get(v.name());
            if (rs.getFirst().containsKey("warmupMs")) {
                System.out.printf(Locale.ROOT, "%s: the warm-up took %.0f ms (median).%n", v.name(),
                        median(rs, "warmupMs"));
            }
        }
        for (String n : notes) {
            System.out.println(n);
        }
        System.out.println();
        System.out.println("Child command lines:");
        for (Variant v : variants) {
            System.out.println("- " + v.name() + ": `" + String.join(" ", command(v.flags(), v.runs(), calls)) + "`");
        }
    }

    /**
     * Writes the AOT cache of {@code variant} with a training run, then checks with
     * {@code -XX:AOTMode=on} that a JVM maps it.
     *
     * @return null if the cache works, else why not
     */
    private static String trainAot(String variant, Path cache, int trainCalls, List<String> notes)
            throws IOException, InterruptedException {
        List<String> train = List.of("-XX:AOTCacheOutput=" + cache);
        System.err.println("AOT training: " + variant);
        Child t = child(train, variant, trainCalls, false);
        notes.add("AOT training of `" + variant + "`: `" + String.join(" ", command(train, variant, trainCalls))
                + "`");
        if (t.exit() != 0 || !Files.isRegularFile(cache)) {
            return "the training run (exit " + t.exit() + ") wrote no cache " + cache + ":\n" + t.stderr();
        }
        Child check = child(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache), variant, SECOND + 1, false);
        if (check.exit() != 0) {
            return "a JVM with -XX:AOTMode=on -XX:AOTCache=" + cache + " refused the cache (exit " + check.exit()
                    + "):\n" + check.stderr();
        }
        notes.add("AOT cache of `" + variant + "`: " + cache + ", " + Files.size(cache) / (1 << 20) + " MiB.");
        return null;
    }

    /** What a child printed: its exit code, its JSON line (or null) and its standard error. */
    private record Child(int exit, String json, String stderr) {}

    private static List<String> command(List<String> flags, String variant, int calls) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(CHILD_FLAGS);
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ColdStart.class.getName());
        cmd.add("run");
        cmd.add(variant);
        cmd.add(Integer.toString(calls));
        return cmd;
    }

    private static Child child(List<String> flags, String variant, int calls, boolean timed)
            throws IOException, InterruptedException {
        List<String> cmd = command(flags, variant, calls);
        Path err = Files.createTempFile("coldstart", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
            if (timed) {
                // The child reads the same monotonic clock; the property is set just before the fork.
                cmd.add(cmd.indexOf("-cp"), "-D" + LAUNCH_PROPERTY + "=" + System.nanoTime());
                pb.command(cmd);
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            int exit = p.waitFor();
            String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
            return new Child(exit, json, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?[0-9.eE+-]+)");

    private static Map<String, Double> parse(String json) {
        Map<String, Double> m = new LinkedHashMap<>();
        Matcher x = NUMBER.matcher(json);
        while (x.find()) {
            m.put(x.group(1), Double.parseDouble(x.group(2)));
        }
        return m;
    }

    private static double median(List<Map<String, Double>> rs, String key) {
        double[] v = rs.stream().mapToDouble(r -> r.getOrDefault(key, Double.NaN)).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String ratio(List<Map<String, Double>> rs, List<Map<String, Double>> peer, String key) {
        return peer == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", median(rs, key) / median(peer, key));
    }

    private static String count(int n) {
        return n == STEADY ? "10^6" : Integer.toString(n);
    }
}
