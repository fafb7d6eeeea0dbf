#include "hyperbagel/ui/engine_client.h"

#include <QDir>
#include <QThread>
#include <QTimer>
#include <utility>

#include "hyperbagel/ui/error_text.h"

#include "engine_worker.h"

namespace hb::ui {
namespace {
constexpr int kFlushIntervalMs = 33; ///< streamed text and progress reach the view at most ~30 times/s
} // namespace

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
    qRegisterMetaType<hb::ui::GeneratedImage>();
    qRegisterMetaType<hb::ui::GenerationFailure>();
    qRegisterMetaType<hb::ui::ChatAnswer>();
    m_thread->setObjectName(QStringLiteral("EngineThread"));

    m_worker = new EngineWorker(m_latestInspect);
    m_worker->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &EngineWorker::inspected, this, &EngineClient::onWorkerInspected, Qt::QueuedConnection);
    connect(m_worker, &EngineWorker::failed, this, &EngineClient::onWorkerFailed, Qt::QueuedConnection);
    connectWorkerResults();
    m_thread->start();
}

EngineClient::~EngineClient() {
    // Style rule 17 order: interrupt, cancel the running ask or generation (it stops at its next
    // forward), then m_thread's deleter quits and joins.
    m_thread->requestInterruption();
    cancel();
}

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
    Q_EMIT inspectionFailed(folder, errorMessage(errorCode, detail));
}

void EngineClient::connectWorkerResults() {
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(kFlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &EngineClient::flushStreamed);
    connectModelResults();
    connectChatResults();
    connectGenerationResults();
}

void EngineClient::connectModelResults() {
    connect(
        m_worker, &EngineWorker::modelLoaded, this,
        [this](quint64 requestId, const QString& description, const QStringList& tiers, int maxImageSide,
               int imageGrid, bool hasDraft, bool draftByDefault, const QString& draftMeasured) {
            if (requestId != m_loadId) {
                return; // superseded by a newer load or an unload
            }
            setLoading(false);
            m_modelLoaded = true;
            m_modelDescription = description;
            m_modelTiers = tiers;
            m_modelMaxImageSide = maxImageSide;
            m_modelImageGrid = imageGrid;
            m_modelDraft = ModelDraftInfo{hasDraft, hasDraft && draftByDefault, draftMeasured};
            Q_EMIT modelLoaded(description, shortDescription(description));
        },
        Qt::QueuedConnection);
    connect(
        m_worker, &EngineWorker::modelLoadFailed, this,
        [this](quint64 requestId, int errorCode, const QString& detail) {
            if (requestId == m_loadId) {
                setLoading(false);
                Q_EMIT modelLoadFailed(errorMessage(errorCode, detail));
            }
        },
        Qt::QueuedConnection);
    connect(m_worker, &EngineWorker::modelUnloaded, this, &EngineClient::modelUnloaded, Qt::QueuedConnection);
}

void EngineClient::connectChatResults() {
    connect(
        m_worker, &EngineWorker::tokens, this,
        [this](quint64 requestId, const QString& text) {
            if (requestId == m_askId && m_answering) {
                m_pendingTokens += text; // shown by flushStreamed(), at most ~30 times a second
                if (!m_flushTimer->isActive()) {
                    m_flushTimer->start();
                }
            }
        },
        Qt::QueuedConnection);
    connect(
        m_worker, &EngineWorker::answered, this,
        [this](const hb::ui::ChatAnswer& answer) {
            if (answer.requestId == m_askId) {
                flushStreamed();
                m_answering = false;
                Q_EMIT answerFinished(answer);
            }
        },
        Qt::QueuedConnection);
    connect(
        m_worker, &EngineWorker::askFailed, this,
        [this](quint64 requestId, int errorCode, const QString& detail) {
            if (requestId == m_askId) {
                flushStreamed();
                m_answering = false;
                Q_EMIT answerFailed(errorMessage(errorCode, detail));
            }
        },
        Qt::QueuedConnection);
}

void EngineClient::connectGenerationResults() {
    connect(
        m_worker, &EngineWorker::progress, this,
        [this](quint64 requestId, int step, int steps) {
            if (requestId == m_generateId && m_generating) {
                m_pendingProgress = {step, steps}; // only the newest step is shown
                if (!m_flushTimer->isActive()) {
                    m_flushTimer->start();
                }
            }
        },
        Qt::QueuedConnection);
    connect(
        m_worker, &EngineWorker::generated, this,
        [this](const hb::ui::GeneratedImage& result) {
            if (result.requestId == m_generateId) { // an older request's image is never delivered
                flushStreamed();
                m_generating = false;
                Q_EMIT imageGenerated(result);
            }
        },
        Qt::QueuedConnection);
    connect(
        m_worker, &EngineWorker::generateFailed, this,
        [this](quint64 requestId, int errorCode, const QString& detail, const QString& tier) {
            if (requestId == m_generateId) {
                flushStreamed();
                m_generating = false;
                GenerationFailure failure;
                failure.requestId = requestId;
                failure.message = errorMessage(errorCode, detail);
                failure.code = errorCode >= 0 && errorCode < static_cast<int>(ErrorCode::Count)
                                   ? static_cast<ErrorCode>(errorCode)
                                   : ErrorCode::Internal;
                failure.tier = tier;
                Q_EMIT generationFailed(failure);
            }
        },
        Qt::QueuedConnection);
}

void EngineClient::flushStreamed() {
    m_flushTimer->stop();
    if (!m_pendingTokens.isEmpty()) {
        const QString text = std::exchange(m_pendingTokens, QString());
        Q_EMIT tokenReceived(text);
    }
    if (m_pendingProgress.steps > 0) {
        const PendingProgress progress = std::exchange(m_pendingProgress, PendingProgress{});
        Q_EMIT generationProgress(progress.step, progress.steps);
    }
}

QString EngineClient::shortDescription(const QString& description) {
    // describe() is "<folder>: <details>"; keep the folder's name and the details.
    const int colon = description.indexOf(QStringLiteral(": "));
    if (colon < 0) {
        return description;
    }
    const QString folder = QDir::cleanPath(description.left(colon));
    return folder.section(QLatin1Char('/'), -1) + description.mid(colon);
}

QString EngineClient::errorMessage(int errorCode, const QString& detail) {
    const bool known = errorCode >= 0 && errorCode < static_cast<int>(ErrorCode::Count);
    const Error error{known ? static_cast<ErrorCode>(errorCode) : ErrorCode::Internal, detail.toStdString()};
    return ErrorText::describe(error);
}

void EngineClient::loadModel(const QString& folder, const QString& device, const QString& precision) {
    cancel();
    const quint64 requestId = ++m_loadId;
    m_modelLoaded = false;
    m_modelDescription.clear();
    setLoading(true);
    EngineWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker, requestId, folder, device, precision] {
            worker->loadModel(requestId, folder, device, precision);
        },
        Qt::QueuedConnection);
}

void EngineClient::unloadModel() {
    cancel();
    ++m_loadId; // a load still running is dropped
    setLoading(false);
    m_modelLoaded = false;
    m_modelDescription.clear();
    EngineWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->unloadModel(); }, Qt::QueuedConnection);
}

void EngineClient::ask(const QString& question, const QImage& image, int maxTokens, bool think,
                       std::optional<bool> draft) {
    const bool drafting = draft.value_or(m_modelDraft.onByDefault);
    cancelAsk(); // the newer question supersedes the older one
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_askCancel = cancelFlag;
    const quint64 requestId = ++m_askId;
    m_pendingTokens.clear(); // text of a superseded answer is never shown
    m_answering = true;
    EngineWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker, requestId, question, image, maxTokens, think, drafting, cancelFlag] {
            worker->ask(requestId, question, image, maxTokens, think, drafting, cancelFlag);
        },
        Qt::QueuedConnection);
}

quint64 EngineClient::generate(const GenerateParams& params) {
    cancelGeneration(); // the newer request supersedes the older one
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_generateCancel = cancelFlag;
    const quint64 requestId = ++m_generateId;
    m_pendingProgress = PendingProgress{};
    m_generating = true;
    EngineWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, requestId, params, cancelFlag] { worker->generate(requestId, params, cancelFlag); },
        Qt::QueuedConnection);
    return requestId;
}

void EngineClient::cancelAsk() {
    if (m_askCancel) {
        m_askCancel->store(true);
    }
}

void EngineClient::cancelGeneration() {
    if (m_generateCancel) {
        m_generateCancel->store(true);
    }
}

void EngineClient::cancelGenerationRequest(quint64 requestId) {
    if (requestId == m_generateId) {
        cancelGeneration();
    }
}

void EngineClient::cancel() {
    cancelAsk();
    cancelGeneration();
}

void EngineClient::setLoading(bool loading) {
    if (m_loading == loading) {
        return;
    }
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

void EngineClient::setInspecting(bool inspecting) {
    if (m_inspecting == inspecting) {
        return;
    }
    m_inspecting = inspecting;
    Q_EMIT inspectingChanged(inspecting);
}

} // namespace hb::ui
