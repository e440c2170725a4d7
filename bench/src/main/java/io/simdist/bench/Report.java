package io.simdist.bench;

import io.simdist.simd.SimdInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into a Markdown table: benchmark, method, n,
 * elements/s in G/s with JMH's 99.9% error, the ratio to the {@value #PEER} peer at the same
 * parameters in the same run, and the allocation per operation when the run used {@code -prof gc}.
 *
 * <p>Elements/s is ops/s &times; {@code n}: every benchmark here writes {@code n} values per
 * operation. Only throughput results are tabulated.
 *
 * <p>The header names the date of the result file, the CPU, the core count, the JDK of the run and
 * the simdist backend. The backend is what {@link SimdInfo} selects in this JVM after applying the
 * run's {@code -Dsimdist.*} fork flags, so launch the report with the flags of the run (the Maven
 * profiles do).
 */
public final class Report {
    /** The {@code method} parameter value every row is compared with. */
    static final String PEER = "commonsPhilox";

    private Report() {}

    /** One throughput result, in elements per second. */
    private record Row(String benchmark, String method, String n, String peerKey, double perSecond,
            double error, double allocBytes) {}

    /**
     * Prints the report of one result file to standard output.
     *
     * @param args the path of the JMH JSON result file
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report <jmh-result.json>");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            System.err.println("No JMH result file " + file + ": run the benchmarks first (-Pjmh).");
            System.exit(1);
        }
        List<?> results = (List<?>) new Json(Files.readString(file)).value();
        if (results.isEmpty()) {
            System.out.println("No results in " + file);
            return;
        }
        Map<?, ?> first = (Map<?, ?>) results.getFirst();
        for (Object arg : (List<?>) first.get("jvmArgs")) {
            String a = (String) arg;
            int eq = a.indexOf('=');
            // Backends reads these once, at first use: set them before SimdInfo.collect().
            if (a.startsWith("-Dsimdist.") && eq > 0) {
                System.setProperty(a.substring(2, eq), a.substring(eq + 1));
            }
        }
        SimdInfo info = SimdInfo.collect();
        System.out.printf("%s | %s | %d cores | JDK %s (%s) | backend: %s%n%n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(Files.getLastModifiedTime(file).toInstant().atOffset(ZoneOffset.UTC)),
                info.cpu().model(), Runtime.getRuntime().availableProcessors(),
                first.get("jdkVersion"), first.get("vmName"), info.backend());

        List<Row> rows = new ArrayList<>();
        int skipped = 0;
        for (Object o : results) {
            Map<?, ?> r = (Map<?, ?>) o;
            Map<?, ?> metric = (Map<?, ?>) r.get("primaryMetric");
            if (!"thrpt".equals(r.get("mode"))) {
                skipped++;
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (r.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put((String) k, (String) v));
            }
            String n = params.getOrDefault("n", "1");
            double scale = Long.parseLong(n) * perSecond((String) metric.get("scoreUnit"));
            String bench = (String) r.get("benchmark");
            String shortName = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            String method = params.remove("method");
            String peerKey = bench + params;
            params.remove("n");
            if (!params.isEmpty()) {  // other parameters, such as dtype, name the row's benchmark
                shortName += " " + String.join(" ", params.values());
            }
            Map<?, ?> secondary = (Map<?, ?>) r.get("secondaryMetrics");
            double alloc = secondary != null && secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> g
                    ? number(g.get("score")) : Double.NaN;
            rows.add(new Row(shortName, method == null ? "" : method, n, peerKey,
                    number(metric.get("score")) * scale, number(metric.get("scoreError")) * scale, alloc));
        }
        Map<String, Double> peer = new HashMap<>();
        rows.stream().filter(r -> r.method().equals(PEER)).forEach(r -> peer.put(r.peerKey(), r.perSecond()));
        boolean allocColumn = rows.stream().anyMatch(r -> !Double.isNaN(r.allocBytes()));
        rows.sort(Comparator.comparing(Row::benchmark).thenComparingLong(r -> Long.parseLong(r.n())));

        System.out.println("| benchmark | method | n | G elements/s | vs " + PEER + " |"
                + (allocColumn ? " alloc B/op |" : ""));
        System.out.println("|---|---|---:|---:|---:|" + (allocColumn ? "---:|" : ""));
        for (Row r : rows) {
            Double p = peer.get(r.peerKey());
            System.out.printf("| %s | %s | %s | %.3f ± %s | %s |%s%n", r.benchmark(), r.method(), r.n(),
                    r.perSecond() / 1e9, Double.isNaN(r.error()) ? "n/a" : String.format("%.3f", r.error() / 1e9),
                    p == null ? "n/a" : String.format("%.2fx", r.perSecond() / p),
                    allocColumn ? String.format(" %.1f |", r.allocBytes()) : "");
        }
        if (skipped > 0) {
            System.out.println();
            System.out.println(skipped + " result(s) not in throughput mode left out.");
        }
    }

    /** @return how many of JMH's score unit ({@code ops/s}, {@code ops/ms}, ...) make one per second */
    private static double perSecond(String unit) {
        return switch (unit.substring(unit.indexOf('/') + 1)) {
            case "s" -> 1;
            case "ms" -> 1e3;
            case "us" -> 1e6;
            case "ns" -> 1e9;
            case "min" -> 1 / 60.0;
            default -> throw new IllegalArgumentException("unknown JMH score unit '" + unit + "'");
        };
    }

    /** JMH writes a NaN error (one iteration) as the string "NaN". */
    private static double number(Object o) {
        return o instanceof Double d ? d : o == null ? Double.NaN : Double.parseDouble(o.toString());
    }

    /**
     * Just enough of a JSON reader for JMH's output (RFC 8259 values: objects become maps, arrays
     * lists, numbers doubles), so that the benchmark jar needs no JSON library.
     */
    private static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skipSpace();
            if (i >= s.length()) {
                throw error("a value");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    i++;
                    if (!consume('}')) {
                        do {
                            skipSpace();
                            String key = string();
                            expect(':');
                            m.put(key, value());
                        } while (consume(','));
                        expect('}');
                    }
                    return m;
                }
                case '[' -> {
                    List<Object> l = new ArrayList<>();
                    i++;
                    if (!consume(']')) {
                        do {
                            l.add(value());
                        } while (consume(','));
                        expect(']');
                    }
                    return l;
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    int start = i;
                    while (i < s.length() && ",]} \t\r\n".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    String word = s.substring(start, i);
                    return switch (word) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        case "null" -> null;
                        default -> Double.parseDouble(word);
                    };
                }
            }
        }

        private String string() {
            if (i >= s.length() || s.charAt(i) != '"') {
                throw error("a string");
            }
            StringBuilder sb = new StringBuilder();
            for (i++; s.charAt(i) != '"'; i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    c = s.charAt(++i);
                    switch (c) {
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                        default -> sb.append(c);
                    }
                } else {
                    sb.append(c);
                }
            }
            i++;
            return sb.toString();
        }

        private boolean consume(char c) {
            skipSpace();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw error("'" + c + "'");
            }
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("not JMH JSON: expected " + expected + " at offset " + i);
        }
    }
}
