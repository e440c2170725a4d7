package io.simdist.bench;

import io.simdist.dist.Generator;
import io.simdist.dist.Normal;
import io.simdist.dist.RSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The demo's lesson of {@code sample()} versus {@code rsample()}: the gradient of {@code E[f(z)]},
 * {@code z ~ N(loc, scale^2)}, {@code f(z) = (z - 2)^2}, by the two estimators on the same budget of
 * draws, against the exact value; then the same two estimators driving SGD, with the loss curves
 * printed side by side and drawn as an SVG chart.
 *
 * <ul>
 *   <li>pathwise (reparameterization): {@code z = loc + eps * scale} from {@link Normal#rsample}, and
 *       {@link RSample#backward} of {@code dL/dz = f'(z) / n} gives {@code mean(f'(z))} and
 *       {@code mean(f'(z) eps)};</li>
 *   <li>score function (REINFORCE): {@code x} from {@link Normal#sample}, and
 *       {@link Normal#logProbBackward} of {@code dL/dlogProb = f(x) / n} gives
 *       {@code mean(f(x) d log p(x) / d theta)}; it needs no derivative of f, which is why it is the only
 *       one a discrete (Bernoulli) draw allows, and its variance is why rsample exists.</li>
 * </ul>
 * Exact: {@code E[f] = (loc - 2)^2 + scale^2}, so {@code d/dloc = 2 (loc - 2)}, {@code d/dscale = 2 scale}.
 */
final class GradientLesson {
    private static final float TARGET = 2f;
    private static final int DRAWS = 1000;
    private static final int ESTIMATES = 500;
    private static final int STEPS = 300;
    private static final int STEP_DRAWS = 4;
    private static final float LEARNING_RATE = 0.05f;
    /** SGD keeps the scale at or above this (a noisy step could make it negative). */
    private static final float MIN_SCALE = 0.05f;
    /** Steps the chart averages the excess loss over (the raw curves are printed). */
    private static final int SMOOTH = 10;
    private static final double ENTROPY_CONSTANT = 0.5 + 0.5 * Math.log(2 * Math.PI);

    private GradientLesson() {}

    /** A gradient estimator of E[f(z)] with respect to (loc, scale). */
    private interface Estimator {
        float[] estimate(Normal n, Generator g, int draws);
    }

    private static float f(float z) {
        return (z - TARGET) * (z - TARGET);
    }

    /** rsample, then backward of f'(z) / n. */
    private static float[] pathwise(Normal n, Generator g, int draws) {
        RSample r = n.rsample(g, draws);
        float[] dz = new float[draws];
        for (int i = 0; i < draws; i++) {
            dz[i] = 2 * (r.values()[i] - TARGET) / draws;
        }
        Normal.Grad grad = r.backward(dz);
        return new float[] {grad.loc()[0], grad.scale()[0]};
    }

    /** sample, then the gradient of sum (f(x) / n) log p(x). */
    private static float[] score(Normal n, Generator g, int draws) {
        float[] x = n.sample(g, draws);
        float[] w = new float[draws];
        for (int i = 0; i < draws; i++) {
            w[i] = f(x[i]) / draws;
        }
        Normal.Grad grad = n.logProbBackward(x, w);
        return new float[] {grad.loc()[0], grad.scale()[0]};
    }

    /**
     * Prints the lesson and writes the chart.
     *
     * @param chart where the SVG goes
     * @throws IOException if the chart cannot be written
     */
    static void run(Path chart) throws IOException {
        Normal n = Normal.of(0f, 1f);
        System.out.printf(Locale.ROOT, "The lesson of sample() vs rsample()%n%n"
                + "Gradient of E[f(z)], f(z) = (z - 2)^2, z ~ N(loc = 0, scale = 1). Exact: d/dloc = 2 (loc - 2) "
                + "= -4, d/dscale = 2 scale = 2.%nEach estimate uses %d draws; mean and standard deviation over "
                + "%d estimates (same generator seed, %d draws per estimator).%n%n", DRAWS, ESTIMATES,
                DRAWS * ESTIMATES);
        System.out.println("| estimator | d/dloc | sd | d/dscale | sd |");
        System.out.println("|---|---:|---:|---:|---:|");
        double[] sdPath = row("pathwise: rsample + backward", n, GradientLesson::pathwise);
        double[] sdScore = row("score function: sample + logProb", n, GradientLesson::score);
        System.out.printf(Locale.ROOT, "| exact | %.4f | 0 | %.4f | 0 |%n%n", -4.0, 2.0);
        double rLoc = sdScore[0] / sdPath[0];
        double rScale = sdScore[1] / sdPath[1];
        System.out.printf(Locale.ROOT, "Both are unbiased, but on the same budget the score function's standard "
                + "deviation is %.1fx (loc) and %.1fx (scale) the pathwise one's:%nit needs about %.0fx and %.0fx "
                + "the draws for the same accuracy. Use rsample where the draw is continuous; the score function "
                + "is what a discrete draw (Bernoulli) leaves.%n%n", rLoc, rScale, rLoc * rLoc, rScale * rScale);

        float[][] curves = {descend(GradientLesson::pathwise), descend(GradientLesson::score)};
        double best = 0.5 - Math.log(Math.sqrt(0.5)) - ENTROPY_CONSTANT;
        System.out.printf(Locale.ROOT, "SGD on loss(loc, scale) = E[(z - 2)^2] - entropy, from loc = 0, scale = 1: "
                + "%d steps, %d draws per step, learning rate %.2f (the entropy gradient 1/scale is exact "
                + "for both; scale kept >= %.2f).%nThe exact loss at each step's parameters; the minimum is "
                + "%.4f at loc = 2, scale = 1/sqrt(2).%n%n", STEPS, STEP_DRAWS, LEARNING_RATE, MIN_SCALE, best);
        System.out.println("| step | pathwise (rsample) | score function (sample) |");
        System.out.println("|---:|---:|---:|");
        for (int s = 0; s <= STEPS; s += 20) {
            System.out.printf(Locale.ROOT, "| %d | %.4f | %.4f |%n", s, curves[0][s], curves[1][s]);
        }
        double[] excess = new double[2];
        for (int c = 0; c < 2; c++) {
            for (int s = STEPS / 2; s <= STEPS; s++) {
                excess[c] += (curves[c][s] - best) / (STEPS / 2 + 1);
            }
        }
        System.out.printf(Locale.ROOT, "%nMean excess loss over the last %d steps: pathwise %.4f, score function "
                + "%.4f.%n", STEPS / 2 + 1, excess[0], excess[1]);
        Path parent = chart.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(chart, svg(curves, best));
        System.out.printf("%nLoss curves chart: %s%n%n", chart.toAbsolutePath());
    }

    /** Prints one row of the estimator table; returns the standard deviations of the two estimates. */
    private static double[] row(String name, Normal n, Estimator e) {
        Generator g = Generator.seed(BaseBenchmark.SEED);
        double[] sum = new double[2];
        double[] sq = new double[2];
        for (int k = 0; k < ESTIMATES; k++) {
            float[] est = e.estimate(n, g, DRAWS);
            for (int j = 0; j < 2; j++) {
                sum[j] += est[j];
                sq[j] += (double) est[j] * est[j];
            }
        }
        double[] mean = {sum[0] / ESTIMATES, sum[1] / ESTIMATES};
        double[] sd = new double[2];
        for (int j = 0; j < 2; j++) {
            sd[j] = Math.sqrt(Math.max(0, (sq[j] - ESTIMATES * mean[j] * mean[j]) / (ESTIMATES - 1)));
        }
        System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f |%n", name, mean[0], sd[0], mean[1], sd[1]);
        return sd;
    }

    /** SGD with estimator {@code e}; returns the exact loss before each step and after the last. */
    private static float[] descend(Estimator e) {
        Generator g = Generator.seed(BaseBenchmark.SEED + 1);
        float loc = 0f;
        float scale = 1f;
        float[] loss = new float[STEPS + 1];
        for (int s = 0; s <= STEPS; s++) {
            Normal n = Normal.of(loc, scale);
            loss[s] = (float) ((loc - TARGET) * (loc - TARGET) + scale * scale - (Math.log(scale) + ENTROPY_CONSTANT));
            if (s == STEPS) {
                break;
            }
            float[] grad = e.estimate(n, g, STEP_DRAWS);
            loc -= LEARNING_RATE * grad[0];
            scale = Math.max(MIN_SCALE, scale - LEARNING_RATE * (grad[1] - 1 / scale));
        }
        return loss;
    }

    /**
     * A line chart of the two curves' excess loss (loss - minimum), averaged over the last {@value #SMOOTH}
     * steps, on a log scale, in plain SVG.
     */
    private static String svg(float[][] curves, double best) {
        int w = 720;
        int h = 400;
        int left = 60;
        int right = 20;
        int top = 40;
        int bottom = 50;
        double[][] y = new double[2][STEPS + 1];
        double lo = 0;
        double hi = 0;
        for (int c = 0; c < 2; c++) {
            for (int s = 0; s <= STEPS; s++) {
                double excess = 0;
                int from = Math.max(0, s - SMOOTH + 1);
                for (int k = from; k <= s; k++) {
                    excess += (curves[c][k] - best) / (s - from + 1);
                }
                y[c][s] = Math.log10(Math.max(excess, 1e-5));
                lo = Math.min(lo, Math.floor(y[c][s]));
                hi = Math.max(hi, Math.ceil(y[c][s]));
            }
        }
        double xScale = (w - left - right) / (double) STEPS;
        double yScale = (h - top - bottom) / (hi - lo);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                w, h));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">SGD on E[(z - 2)^2] - entropy, "
                + "%d draws per step: loss - minimum, mean of the last %d steps</text>%n", left, STEP_DRAWS, SMOOTH));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                left, h - bottom, w - right, h - bottom));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                left, top, left, h - bottom));
        for (int s = 0; s <= STEPS; s += 50) {
            double x = left + s * xScale;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    x, h - bottom + 16, s));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step</text>%n",
                (left + w - right) / 2, h - 12));
        for (int e = (int) lo; e <= (int) hi; e++) {
            double ye = h - bottom - (e - lo) * yScale;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>%n",
                    left - 6, ye + 4, e));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"#dddddd\"/>%n", left + 1, ye, w - right, ye));
        }
        String[] colors = {"#1f77b4", "#d62728"};
        String[] names = {"pathwise (rsample + backward)", "score function (sample + logProb)"};
        for (int c = 0; c < 2; c++) {
            sb.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colors[c]).append("\" points=\"");
            for (int s = 0; s <= STEPS; s++) {
                sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + s * xScale, h - bottom - (y[c][s] - lo) * yScale));
            }
            sb.append("\"/>\n");
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", w - right - 260,
                    top + 10 + 16 * c, colors[c], names[c]));
        }
        return sb.append("</svg>\n").toString();
    }
}
