package dev.upshot.analysis.imaging;

/**
 * Colour-vision deficiencies simulated with the matrices of Machado, Oliveira and Fernandes (2009) at severity 1.0,
 * applied to linear-light RGB.
 */
public enum ColourVision {
    PROTANOPIA(new double[]{0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998}),
    DEUTERANOPIA(new double[]{0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.011820, 0.042940, 0.968881}),
    TRITANOPIA(new double[]{1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.303900});

    private final double[] m;

    ColourVision(double[] m) {
        this.m = m;
    }

    /** How an sRGB colour (0xRRGGBB) looks to this vision, in CIELAB. */
    public Lab simulate(int rgb) {
        double r = Lab.linear((rgb >> 16) & 0xff), g = Lab.linear((rgb >> 8) & 0xff), b = Lab.linear(rgb & 0xff);
        return Lab.ofLinear(clamp(m[0] * r + m[1] * g + m[2] * b), clamp(m[3] * r + m[4] * g + m[5] * b),
                clamp(m[6] * r + m[7] * g + m[8] * b));
    }

    private static double clamp(double v) {
        return Math.clamp(v, 0, 1);
    }
}
