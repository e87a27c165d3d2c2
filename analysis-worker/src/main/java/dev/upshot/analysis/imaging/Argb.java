package dev.upshot.analysis.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * An image's pixels as 0xAARRGGBB, row by row. {@link BufferedImage#getRGB} converts every pixel through the
 * colour model (tens of ms per megapixel); the common decoded layouts are read straight from their buffers.
 */
public final class Argb {
    private Argb() {
    }

    /** The pixels; for a TYPE_INT_ARGB image this is its own buffer, so callers must not write to it. */
    public static int[] of(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        boolean whole = image.getRaster().getParent() == null && image.getRaster().getMinX() == 0
                && image.getRaster().getMinY() == 0;
        if (whole && image.getType() == BufferedImage.TYPE_INT_ARGB) {
            int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            if (data.length == w * h) {
                return data;
            }
        }
        if (whole && image.getType() == BufferedImage.TYPE_INT_RGB) {
            int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            if (data.length == w * h) {
                int[] out = new int[data.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = 0xFF000000 | data[i];
                }
                return out;
            }
        }
        // 8-bit interleaved RGB(A) in sRGB: JPEG decodes (BGR) and PNG decodes (RGB, RGBA) alike
        if (whole && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
                && image.getSampleModel() instanceof PixelInterleavedSampleModel model
                && image.getColorModel() instanceof ComponentColorModel colours
                && colours.getColorSpace().isCS_sRGB() && !colours.isAlphaPremultiplied()
                && (model.getNumBands() == 3 || model.getNumBands() == 4)
                && model.getPixelStride() == model.getNumBands() && model.getScanlineStride() == w * model.getNumBands()) {
            byte[] data = buffer.getData();
            int[] offsets = model.getBandOffsets();
            int stride = model.getPixelStride();
            boolean alpha = model.getNumBands() == 4;
            int[] out = new int[w * h];
            for (int i = 0, j = 0; i < out.length; i++, j += stride) {
                int a = alpha ? data[j + offsets[3]] & 0xff : 0xff;
                out[i] = a << 24 | (data[j + offsets[0]] & 0xff) << 16 | (data[j + offsets[1]] & 0xff) << 8
                        | data[j + offsets[2]] & 0xff;
            }
            return out;
        }
        return image.getRGB(0, 0, w, h, null, 0, w);
    }

    /** A TYPE_INT_ARGB image backed by the given pixels (not copied). */
    public static BufferedImage image(int[] pixels, int w, int h) {
        DirectColorModel argb = (DirectColorModel) ColorModel.getRGBdefault();
        WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(pixels, w * h), w, h, w,
                argb.getMasks(), null);
        // this colour model over a packed int raster is what BufferedImage recognises as TYPE_INT_ARGB
        return new BufferedImage(argb, raster, false, null);
    }
}
