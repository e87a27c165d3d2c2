package dev.upshot.analysis.imaging;

/** A CIELAB (D65) colour, with sRGB conversion and the CIEDE2000 colour difference. */
public record Lab(double l, double a, double b) {

    /** From an sRGB colour (0xRRGGBB; alpha ignored). */
    public static Lab ofRgb(int rgb) {
        return ofLinear(linear((rgb >> 16) & 0xff), linear((rgb >> 8) & 0xff), linear(rgb & 0xff));
    }

    /** From linear-light RGB in 0–1. */
    public static Lab ofLinear(double r, double g, double b) {
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        return new Lab(116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    /** sRGB channel (0–255) to linear light (0–1). */
    public static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    /** CIEDE2000 (Sharma, Wu and Dalal 2005) with kL = kC = kH = 1; about 1 is a just noticeable difference. */
    public double deltaE2000(Lab other) {
        double c1 = Math.hypot(a, b), c2 = Math.hypot(other.a, other.b);
        double cMean7 = Math.pow((c1 + c2) / 2, 7);
        double g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + Math.pow(25, 7))));
        double a1 = (1 + g) * a, a2 = (1 + g) * other.a;
        double cp1 = Math.hypot(a1, b), cp2 = Math.hypot(a2, other.b);
        double h1 = hue(b, a1), h2 = hue(other.b, a2);
        double dL = other.l - l;
        double dC = cp2 - cp1;
        double dh = 0;
        if (cp1 * cp2 != 0) {
            dh = h2 - h1;
            if (dh > 180) {
                dh -= 360;
            } else if (dh < -180) {
                dh += 360;
            }
        }
        double dH = 2 * Math.sqrt(cp1 * cp2) * Math.sin(Math.toRadians(dh / 2));
        double lMean = (l + other.l) / 2;
        double cpMean = (cp1 + cp2) / 2;
        double hMean = h1 + h2;
        if (cp1 * cp2 != 0) {
            hMean = Math.abs(h1 - h2) <= 180 ? hMean / 2 : (hMean < 360 ? (hMean + 360) / 2 : (hMean - 360) / 2);
        }
        double t = 1 - 0.17 * Math.cos(Math.toRadians(hMean - 30)) + 0.24 * Math.cos(Math.toRadians(2 * hMean))
                + 0.32 * Math.cos(Math.toRadians(3 * hMean + 6)) - 0.20 * Math.cos(Math.toRadians(4 * hMean - 63));
        double dTheta = 30 * Math.exp(-Math.pow((hMean - 275) / 25, 2));
        double cpMean7 = Math.pow(cpMean, 7);
        double rc = 2 * Math.sqrt(cpMean7 / (cpMean7 + Math.pow(25, 7)));
        double l50 = (lMean - 50) * (lMean - 50);
        double sl = 1 + 0.015 * l50 / Math.sqrt(20 + l50);
        double sc = 1 + 0.045 * cpMean;
        double sh = 1 + 0.015 * cpMean * t;
        double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;
        double tl = dL / sl, tc = dC / sc, th = dH / sh;
        return Math.sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
    }

    private static double hue(double b, double a) {
        if (a == 0 && b == 0) {
            return 0;
        }
        double h = Math.toDegrees(Math.atan2(b, a));
        return h < 0 ? h + 360 : h;
    }
}
