#include "hyperbagel/ui/engine_client.h"

#include <QThread>

#include "hyperbagel/ui/error_text.h"

#include "engine_worker.h"

namespace hb::ui {

void EngineClient::ThreadDeleter::operator()(QThread* thread) const {
    if (thread == nullptr) {
        return;
    }
    // Shutdown order (style rule 17): interrupt the running request, stop the event loop, then the
    // only blocking wait the GUI thread is allowed. The worker is deleted via finished().
    thread->requestInterruption();
    thread->quit();
    thread->wait();
    delete thread;
}

EngineClient::EngineClient(QObject* parent)
    : QObject(parent), m_thread(new QThread), m_latestInspect(std::make_shared<std::atomic<quint64>>(0)) {
    qRegisterMetaType<hb::CheckpointReport>();
    m_thread->setObjectName(QStringLiteral("EngineThread"));

    m_worker = new EngineWorker(m_latestInspect);
    m_worker->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &EngineWorker::inspected, this, &EngineClient::onWorkerInspected, Qt::QueuedConnection);
    connect(m_worker, &EngineWorker::failed, this, &EngineClient::onWorkerFailed, Qt::QueuedConnection);
    m_thread->start();
}

EngineClient::~EngineClient() = default;

void EngineClient::inspectCheckpoint(const QString& folder) {
    const quint64 requestId = ++m_nextRequestId;
    m_latestInspect->store(requestId, std::memory_order_release);
    setInspecting(true);
    EngineWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, requestId, folder] { worker->inspect(requestId, folder); }, Qt::QueuedConnection);
}

void EngineClient::onWorkerInspected(quint64 requestId, const QString& folder,
                                     const hb::CheckpointReport& report) {
    if (requestId != m_nextRequestId) {
        return; // superseded while it ran: never show a stale result
    }
    setInspecting(false);
    Q_EMIT checkpointInspected(folder, report);
}

void EngineClient::onWorkerFailed(quint64 requestId, const QString& folder, int errorCode,
                                  const QString& detail) {
    if (requestId != m_nextRequestId) {
        return;
    }
    setInspecting(false);
    const bool known = errorCode >= 0 && errorCode < static_cast<int>(ErrorCode::Count);
    const Error error{known ? static_cast<ErrorCode>(errorCode) : ErrorCode::Internal, detail.toStdString()};
    Q_EMIT inspectionFailed(folder, ErrorText::describe(error));
}

void EngineClient::setInspecting(bool inspecting) {
    if (m_inspecting == inspecting) {
        return;
    }
    m_inspecting = inspecting;
    Q_EMIT inspectingChanged(inspecting);
}

} // namespace hb::ui
