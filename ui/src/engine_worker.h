#pragma once
// The engine-thread half of EngineClient. Private to ui/.
// Thread affinity: constructed on the GUI thread, then moved to the engine thread; its slots run
// there only, invoked through queued calls.

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "hyperbagel/engine/checkpoint.h"

namespace hb::ui {

class EngineWorker : public QObject {
    Q_OBJECT

public:
    explicit EngineWorker(std::shared_ptr<const std::atomic<quint64>> latestInspect);

public Q_SLOTS:
    /// Runs hb::inspectCheckpoint unless a newer request (id) has been queued meanwhile.
    void inspect(quint64 requestId, const QString& folder);

Q_SIGNALS:
    void inspected(quint64 requestId, const QString& folder, const hb::CheckpointReport& report);
    /// `errorCode` is an hb::ErrorCode value; `detail` is the engine's English message.
    void failed(quint64 requestId, const QString& folder, int errorCode, const QString& detail);

private:
    bool isSuperseded(quint64 requestId) const;

    std::shared_ptr<const std::atomic<quint64>> m_latestInspect;
};

} // namespace hb::ui
