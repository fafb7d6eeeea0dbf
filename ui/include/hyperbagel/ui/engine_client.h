#pragma once
// The GUI's only door to the engine: a QObject living on the GUI thread that forwards requests to a
// worker object on the single engine thread ("EngineThread") and turns results into signals.
// Thread affinity: create, call and destroy an EngineClient on the GUI thread only. No member
// function blocks, except the destructor, which waits for the engine thread to finish its current
// request (requestInterruption -> quit -> wait, the one sanctioned wait).

#include <QMetaType>
#include <QObject>
#include <QString>
#include <atomic>
#include <cstdint>
#include <memory>

#include "hyperbagel/engine/checkpoint.h"

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

Q_DECLARE_METATYPE(hb::CheckpointReport)

namespace hb::ui {

class EngineWorker;

class EngineClient : public QObject {
    Q_OBJECT

public:
    explicit EngineClient(QObject* parent = nullptr);
    ~EngineClient() override;

    EngineClient(const EngineClient&) = delete;
    EngineClient& operator=(const EngineClient&) = delete;

    /// Queues an inspection of `folder` on the engine thread and returns at once. A newer request
    /// supersedes an older one: the older one is skipped if it has not started, and its result is
    /// dropped if it has. Exactly one of checkpointInspected() / inspectionFailed() follows for the
    /// newest request.
    void inspectCheckpoint(const QString& folder);

    /// True from inspectCheckpoint() until the newest request's result has been delivered.
    bool isInspecting() const { return m_inspecting; }

    /// The engine thread, for tests and diagnostics (named "EngineThread").
    const QThread* engineThread() const { return m_thread.get(); }

Q_SIGNALS:
    /// The newest inspection finished; `report.valid` tells whether the folder can be loaded.
    void checkpointInspected(const QString& folder, const hb::CheckpointReport& report);
    /// The newest inspection could not run (e.g. the folder does not exist). `message` is
    /// translated user text followed by the engine's English detail.
    void inspectionFailed(const QString& folder, const QString& message);
    /// isInspecting() changed.
    void inspectingChanged(bool inspecting);

private:
    void onWorkerInspected(quint64 requestId, const QString& folder, const hb::CheckpointReport& report);
    void onWorkerFailed(quint64 requestId, const QString& folder, int errorCode, const QString& detail);
    void setInspecting(bool inspecting);

    /// Ends the engine thread gracefully before deleting it; the worker goes with finished().
    struct ThreadDeleter {
        void operator()(QThread* thread) const;
    };

    std::unique_ptr<QThread, ThreadDeleter> m_thread;
    EngineWorker* m_worker = nullptr; ///< lives on m_thread; deleted by finished -> deleteLater
    /// Id of the newest inspect request; read by the worker to skip superseded ones.
    std::shared_ptr<std::atomic<quint64>> m_latestInspect;
    quint64 m_nextRequestId = 0;
    bool m_inspecting = false;
};

} // namespace hb::ui
