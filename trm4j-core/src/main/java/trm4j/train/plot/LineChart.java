package trm4j.train.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn with java.awt (headless): title, axes with "nice" ticks (1, 2, 5 × 10^k), grid, axis
 * labels, one coloured line per series with a legend. NaN values break a line; sparse series (evaluations)
 * also get a marker per point.
 */
public final class LineChart {
    /** One named line: x[i], y[i] pairs in x order. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length + " y values");
        }
    }

    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final int LEFT = 90, RIGHT = 30, TOP = 50, BOTTOM = 70;

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart add(Series s) { series.add(s); return this; }

    public List<Series> series() { return List.copyOf(series); }

    public BufferedImage render(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void draw(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        g.setFont(base.deriveFont(Font.BOLD, 16f));
        g.setColor(Color.BLACK);
        centre(g, title, width / 2, TOP / 2 + 6);

        double[] xr = range(true), yr = range(false);
        double[] xt = Ticks.nice(xr[0], xr[1], 8), yt = Ticks.nice(yr[0], yr[1], 6);
        double x0 = xt[0], x1 = xt[xt.length - 1];
        // 4% headroom so lines on the extreme ticks are not hidden by the frame
        double pad = 0.04 * (yt[yt.length - 1] - yt[0]), y0 = yt[0] - pad, y1 = yt[yt.length - 1] + pad;
        int pw = width - LEFT - RIGHT, ph = height - TOP - BOTTOM;

        g.setFont(base);
        FontMetrics fm = g.getFontMetrics();
        // grid and tick labels
        for (double t : xt) {
            int px = LEFT + (int) Math.round((t - x0) / (x1 - x0) * pw);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, TOP, px, TOP + ph);
            g.setColor(Color.BLACK);
            g.drawLine(px, TOP + ph, px, TOP + ph + 5);
            centre(g, Ticks.label(t, xt), px, TOP + ph + 8 + fm.getAscent());
        }
        for (double t : yt) {
            int py = TOP + ph - (int) Math.round((t - y0) / (y1 - y0) * ph);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(LEFT, py, LEFT + pw, py);
            g.setColor(Color.BLACK);
            g.drawLine(LEFT - 5, py, LEFT, py);
            String s = Ticks.label(t, yt);
            g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        centre(g, xLabel, LEFT + pw / 2, height - 18);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        centre(g, yLabel, -(TOP + ph / 2), 20);
        g.setTransform(saved);

        // lines
        g.setClip(LEFT, TOP, pw + 1, ph + 1);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(PALETTE[k % PALETTE.length]);
            g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            boolean markers = s.x().length <= 60;
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.y()[i]) || !Double.isFinite(s.x()[i])) { pen = false; continue; }
                double px = LEFT + (s.x()[i] - x0) / (x1 - x0) * pw;
                double py = TOP + ph - (s.y()[i] - y0) / (y1 - y0) * ph;
                if (pen) path.lineTo(px, py); else path.moveTo(px, py);
                pen = true;
                if (markers) g.fill(new Ellipse2D.Double(px - 3, py - 3, 6, 6));
            }
            g.draw(path);
        }
        g.setClip(null);

        // legend, top right inside the plot
        if (!series.isEmpty()) {
            int lw = 0;
            for (Series s : series) lw = Math.max(lw, fm.stringWidth(s.name()));
            int lh = series.size() * (fm.getHeight() + 2) + 8;
            int boxW = lw + 36;
            // the corner covering the fewest data points
            int[][] corners = {{LEFT + pw - boxW - 8, TOP + 8}, {LEFT + pw - boxW - 8, TOP + ph - lh - 8},
                    {LEFT + 8, TOP + 8}, {LEFT + 8, TOP + ph - lh - 8}};
            int lx = corners[0][0], ly = corners[0][1];
            long best = Long.MAX_VALUE;
            for (int[] c : corners) {
                long hits = 0;
                for (Series s : series)
                    for (int i = 0; i < s.x().length; i++) {
                        // the point and, for lines, samples every few pixels towards the next point
                        int j = Math.min(i + 1, s.x().length - 1);
                        double ax = LEFT + (s.x()[i] - x0) / (x1 - x0) * pw, ay = TOP + ph - (s.y()[i] - y0) / (y1 - y0) * ph;
                        double bx = LEFT + (s.x()[j] - x0) / (x1 - x0) * pw, by = TOP + ph - (s.y()[j] - y0) / (y1 - y0) * ph;
                        if (!Double.isFinite(ay) || !Double.isFinite(by)) continue;
                        int n = Math.max(1, (int) (Math.hypot(bx - ax, by - ay) / 4));
                        for (int k = 0; k < n; k++) {
                            double px = ax + (bx - ax) * k / n, py = ay + (by - ay) * k / n;
                            if (px >= c[0] - 4 && px <= c[0] + boxW + 4 && py >= c[1] - 4 && py <= c[1] + lh + 4) hits++;
                        }
                    }
                if (hits < best) { best = hits; lx = c[0]; ly = c[1]; }
            }
            g.setColor(new Color(255, 255, 255, 220));
            g.fillRect(lx, ly, lw + 36, lh);
            g.setColor(Color.GRAY);
            g.drawRect(lx, ly, lw + 36, lh);
            for (int k = 0; k < series.size(); k++) {
                int y = ly + 4 + k * (fm.getHeight() + 2) + fm.getAscent();
                g.setColor(PALETTE[k % PALETTE.length]);
                g.setStroke(new BasicStroke(2.5f));
                g.drawLine(lx + 6, y - fm.getAscent() / 2 + 1, lx + 26, y - fm.getAscent() / 2 + 1);
                g.setColor(Color.BLACK);
                g.drawString(series.get(k).name(), lx + 30, y);
            }
        }
    }

    /** [min, max] of the finite x (or y) values; a fallback range when there are none or only one. */
    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series)
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                double v = x ? s.x()[i] : s.y()[i];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        if (lo > hi) return new double[]{0, 1};
        if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[]{lo - pad, hi + pad};
        }
        return new double[]{lo, hi};
    }

    private static void centre(Graphics2D g, String s, int x, int y) {
        g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, y);
    }

    /** Tick positions and labels. */
    static final class Ticks {
        private Ticks() {}

        /** Ticks at multiples of 1, 2 or 5 × 10^k covering [lo, hi], about {@code target} of them. */
        static double[] nice(double lo, double hi, int target) {
            double raw = (hi - lo) / Math.max(1, target);
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double norm = raw / mag;
            double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
            double start = Math.floor(lo / step) * step, end = Math.ceil(hi / step) * step;
            int n = (int) Math.round((end - start) / step) + 1;
            double[] t = new double[n];
            for (int i = 0; i < n; i++) t[i] = start + i * step;
            return t;
        }

        /** A label with as many decimals as the tick spacing needs; thousands as k, millions as M. */
        static String label(double v, double[] ticks) {
            double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
            if (Math.abs(v) < step * 1e-9) v = 0;
            if (step >= 1000 && Math.abs(v) >= 1000) {
                boolean mega = step >= 1e6 || Math.abs(v) >= 1e6 && step >= 1e5;
                double scaled = v / (mega ? 1e6 : 1e3);
                double sstep = step / (mega ? 1e6 : 1e3);
                int dec = Math.max(0, (int) Math.ceil(-Math.log10(sstep) - 1e-9));
                return String.format(Locale.ROOT, "%." + dec + "f", scaled) + (mega ? "M" : "k");
            }
            if (step < 1e-3 || Math.abs(v) >= 1e7) return v == 0 ? "0" : String.format(Locale.ROOT, "%.1e", v);
            int dec = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
            return String.format(Locale.ROOT, "%." + dec + "f", v);
        }
    }
}
