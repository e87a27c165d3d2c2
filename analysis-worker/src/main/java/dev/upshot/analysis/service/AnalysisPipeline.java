package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.messaging.WorkMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the analyses an upload requested over one subject. One analysis failing (a corrupt image, a provider down)
 * is recorded in the result and never stops the others or the worker. Each analysis is timed
 * ({@code upshot_work_duration_seconds{kind}}).
 */
@ApplicationScoped
public class AnalysisPipeline {
    private static final Logger LOG = Logger.getLogger(AnalysisPipeline.class);

    private final List<Analysis> analyses;

    public AnalysisPipeline(Instance<Analysis> analyses) {
        this.analyses = analyses.stream().sorted(Comparator.comparingInt(Analysis::stage)
                .thenComparing(Analysis::name)).toList();
    }

    /** @param fields added to the upload response; errors by analysis name */
    public record Result(ObjectNode fields, Map<String, String> errors) {
    }

    public Result run(Subject subject, Map<String, String> parameters) {
        ObjectNode fields = EventCodec.mapper().createObjectNode();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Analysis analysis : analyses) {
            if (!analysis.requested(parameters)) {
                continue;
            }
            try {
                WorkMetrics.timed(analysis.name(), () -> {
                    analysis.run(subject, parameters, fields);
                    return null;
                });
            } catch (AnalysisFailedException e) {
                errors.put(analysis.name(), e.getMessage());
            } catch (Exception e) {
                LOG.warnf(e, "analysis %s failed on %s", analysis.name(), subject.file());
                errors.put(analysis.name(), analysis.name() + " failed: " + e);
            }
        }
        return new Result(fields, errors);
    }
}
