package dev.upshot.analysis.service;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.Tag;
import com.drew.metadata.file.FileSystemDirectory;
import com.drew.metadata.file.FileTypeDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code image_metadata=true} (or its aliases {@code media_metadata}, {@code exif}) → {@code image_metadata}: a
 * flat map of the EXIF (with GPS), IPTC and XMP found in the file, keyed like ExifTool's tag names
 * ({@code Make}, {@code DateTimeOriginal}, {@code GPSLatitude}); the first directory to name a key wins. The file
 * system and file type directories are left out: they describe our temporary copy, not the asset.
 */
@ApplicationScoped
public class MetadataAnalysis implements Analysis {
    private static final Set<String> PARAMETERS = Set.of("image_metadata", "media_metadata", "exif");

    @Override
    public String name() {
        return "image_metadata";
    }

    @Override
    public boolean requested(Map<String, String> parameters) {
        return PARAMETERS.stream().anyMatch(parameters::containsKey);
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws AnalysisFailedException {
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(subject.file().toFile());
        } catch (ImageProcessingException | IOException e) {
            throw new AnalysisFailedException("cannot read metadata: " + e.getMessage(), e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        for (Directory directory : metadata.getDirectories()) {
            if (directory instanceof FileSystemDirectory || directory instanceof FileTypeDirectory) {
                continue;
            }
            if (directory instanceof XmpDirectory xmp) {
                xmp.getXmpProperties().forEach((path, value) -> flat.putIfAbsent(xmpKey(path), value));
                continue;
            }
            for (Tag tag : directory.getTags()) {
                String value = tag.getDescription();
                if (value != null && !value.isBlank()) {
                    flat.putIfAbsent(key(tag.getTagName()), value.strip());
                }
            }
            if (directory instanceof GpsDirectory gps) {
                GeoLocation location = gps.getGeoLocation();
                if (location != null && !location.isZero()) {
                    flat.putIfAbsent("GPSPosition", location.getLatitude() + ", " + location.getLongitude());
                }
            }
        }
        ObjectNode out = response.putObject("image_metadata");
        flat.forEach(out::put);
    }

    /** "Date/Time Original" → "DateTimeOriginal", "GPS Latitude Ref" → "GPSLatitudeRef". */
    static String key(String tagName) {
        StringBuilder key = new StringBuilder();
        for (String word : tagName.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                key.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            }
        }
        return key.toString();
    }

    /** "dc:title[1]" → "Title", "xmp:CreatorTool" → "CreatorTool". */
    static String xmpKey(String path) {
        String local = path.substring(path.lastIndexOf(':') + 1).replaceAll("\\[\\d+]", "");
        local = local.substring(local.lastIndexOf('/') + 1);
        return key(local);
    }
}
