package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.faces.FaceDetector;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * {@code faces=true} → {@code faces: [[x, y, w, h], …]} in the original image's pixels (BlazeFace); {@code faces: []}
 * when there is none.
 */
@ApplicationScoped
public class FacesAnalysis implements Analysis {

    private final FaceModel model;

    public FacesAnalysis(FaceModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "faces";
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws Exception {
        var found = model.faces(subject);
        ArrayNode faces = response.putArray("faces");
        for (FaceDetector.Face face : found) {
            faces.addArray().add(Math.round(face.x())).add(Math.round(face.y()))
                    .add(Math.round(face.width())).add(Math.round(face.height()));
        }
    }
}
