#include "engine_worker.h"

#include <QThread>
#include <utility>

namespace hb::ui {

EngineWorker::EngineWorker(std::shared_ptr<const std::atomic<quint64>> latestInspect)
    : m_latestInspect(std::move(latestInspect)) {}

bool EngineWorker::isSuperseded(quint64 requestId) const {
    // Shutting down counts as superseded: nobody will read the result.
    return requestId != m_latestInspect->load(std::memory_order_acquire) ||
           QThread::currentThread()->isInterruptionRequested();
}

void EngineWorker::inspect(quint64 requestId, const QString& folder) {
    if (isSuperseded(requestId)) {
        return; // a newer request is queued behind this one; skip the slow file scan
    }
    // The engine never throws across its API (errors are values), so nothing to catch here.
    Result<CheckpointReport> result = inspectCheckpoint(folder.toStdString());
    if (isSuperseded(requestId)) {
        return;
    }
    if (result.ok()) {
        Q_EMIT inspected(requestId, folder, result.value());
    } else {
        Q_EMIT failed(requestId, folder, static_cast<int>(result.error().code),
                      QString::fromStdString(result.error().message));
    }
}

} // namespace hb::ui
