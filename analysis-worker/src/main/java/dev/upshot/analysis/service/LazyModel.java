package dev.upshot.analysis.service;

/**
 * A model loaded on first use and kept for the life of the process. A missing or broken model fails the analyses
 * that need it with a clear message instead of stopping the worker; the load is tried again on the next use, so
 * fetching the models later heals a running worker.
 */
final class LazyModel<T extends AutoCloseable> {

    interface Loader<T> {
        /** @throws IllegalArgumentException when the model is missing or unusable (its message is shown as is) */
        T load() throws Exception;
    }

    private final String what;
    private final Loader<T> loader;
    private T model;

    LazyModel(String what, Loader<T> loader) {
        this.what = what;
        this.loader = loader;
    }

    synchronized T get() throws AnalysisFailedException {
        if (model == null) {
            try {
                model = loader.load();
            } catch (IllegalArgumentException e) {
                throw new AnalysisFailedException(e.getMessage(), e);
            } catch (Exception e) {
                throw new AnalysisFailedException(what + " cannot be loaded: " + e.getMessage(), e);
            }
        }
        return model;
    }

    synchronized void close() throws Exception {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
