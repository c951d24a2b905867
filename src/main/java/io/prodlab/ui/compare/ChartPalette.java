package io.prodlab.ui.compare;

import java.awt.Color;
import java.util.List;

/**
 * The colours a chart is drawn in. JFreeChart draws with AWT and cannot read the stylesheet's
 * tokens, so these mirror them: the light and dark themes' backgrounds, text and grid
 * (AtlantaFX Primer), and a colour-blind-safe series order (Okabe and Ito, 2008), baseline first.
 */
public record ChartPalette(Color background, Color foreground, Color muted, Color grid, List<Color> series) {
    public static final ChartPalette LIGHT = new ChartPalette(new Color(0xffffff), new Color(0x1f2328),
            new Color(0x59636e), new Color(0xd1d9e0), List.of(new Color(0x0072b2), new Color(0xd55e00),
            new Color(0x009e73), new Color(0xcc79a7), new Color(0xe69f00), new Color(0x56b4e9),
            new Color(0x8c6d1f), new Color(0x444444)));
    public static final ChartPalette DARK = new ChartPalette(new Color(0x0d1117), new Color(0xf0f6fc),
            new Color(0x9198a1), new Color(0x3d444d), List.of(new Color(0x56b4e9), new Color(0xe69f00),
            new Color(0x2ecc9a), new Color(0xe58fc3), new Color(0xf0e442), new Color(0x7fa7ff),
            new Color(0xd55e00), new Color(0xcccccc)));

    public Color seriesColor(int i) {
        return series.get(i % series.size());
    }
}
