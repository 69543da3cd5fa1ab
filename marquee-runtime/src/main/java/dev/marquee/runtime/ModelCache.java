package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.ArtifactStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Loaded models by artifact SHA-256, least recently used evicted beyond {@code maxModels}. Loading reads the
 * artifact through {@link ArtifactStore#read}, which verifies its SHA-256, so a corrupted artifact is never served.
 * Thread-safe; a model is loaded outside the lock, so a slow load never blocks requests for loaded models.
 */
public final class ModelCache {
    private final ArtifactStore artifacts;
    private final ModelLoader loader;
    private final int maxModels;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, ServedModel> models = new LinkedHashMap<>(16, 0.75f, true);

    public ModelCache(ArtifactStore artifacts, int maxModels) {
        this(artifacts, ServedModels::load, maxModels);
    }

    public ModelCache(ArtifactStore artifacts, ModelLoader loader, int maxModels) {
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.loader = requireNonNull(loader, "loader is null");
        if (maxModels <= 0) {
            throw new IllegalArgumentException("maxModels must be positive: " + maxModels);
        }
        this.maxModels = maxModels;
    }

    /** The model stored under {@code artifactSha256}, loading and verifying it on first use. */
    public ServedModel get(String artifactSha256) {
        Optional<ServedModel> cached = cached(artifactSha256);
        if (cached.isPresent()) {
            return cached.get();
        }
        ServedModel loaded = loader.load(artifacts.read(artifactSha256));
        lock.lock();
        try {
            models.put(artifactSha256, loaded);
            if (models.size() > maxModels) {
                Map.Entry<String, ServedModel> eldest = models.entrySet().iterator().next();
                models.remove(eldest.getKey());
            }
        } finally {
            lock.unlock();
        }
        return loaded;
    }

    private Optional<ServedModel> cached(String artifactSha256) {
        lock.lock();
        try {
            return Optional.ofNullable(models.get(artifactSha256));
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return models.size();
        } finally {
            lock.unlock();
        }
    }
}
