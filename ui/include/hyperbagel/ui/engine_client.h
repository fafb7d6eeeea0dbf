#pragma once
// The GUI's only door to the engine: a QObject living on the GUI thread that forwards requests to a
// worker object on the single engine thread ("EngineThread") and turns results into signals.
// Thread affinity: create, call and destroy an EngineClient on the GUI thread only. No member
// function blocks, except the destructor, which waits for the engine thread to finish its current
// request (requestInterruption -> cancel -> quit -> wait, the one sanctioned wait).

#include <QImage>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "hyperbagel/engine/checkpoint.h"
#include "hyperbagel/ui/engine_results.h"

QT_BEGIN_NAMESPACE
class QThread;
class QTimer;
QT_END_NAMESPACE

Q_DECLARE_METATYPE(hb::CheckpointReport)

namespace hb::ui {

class EngineWorker;

/// What Generate / Edit ask for. An empty `input` means text-to-image.
struct GenerateParams {
    QString prompt;
    QImage input;                          ///< set: an edit of this image
    QString tier = QStringLiteral("full"); ///< "preview", "fast" or "full"
    int width = 1024;                      ///< text-to-image only
    int height = 1024;
    int timesteps = 50; ///< Full tier sampler points
    quint64 seed = 0;
    int sourceNode = 0; ///< the caller's tag for `input` (a history node id), echoed in GeneratedImage
    /// Edits only: a region mask (Grayscale8, `input`'s size, 255 masked; null: the whole image).
    /// The engine thread feathers it by `featherRadius` pixels and blends the result over `input`
    /// through it before delivering (mask_blend.h), so pixels away from the mask keep their values.
    QImage mask;
    int featherRadius = 0;
};

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

    /// Loads `folder` on the engine thread (`device` "cpu" or "cuda", `precision` "fp32" or "bf16"),
    /// replacing any loaded model. Ends with modelLoaded() or modelLoadFailed().
    void loadModel(const QString& folder, const QString& device, const QString& precision);
    /// Cancels running work and drops the model; ends with modelUnloaded().
    void unloadModel();
    bool isLoading() const { return m_loading; }
    bool isModelLoaded() const { return m_modelLoaded; }
    /// ModelInfo::describe() of the loaded model; empty when none.
    QString modelDescription() const { return m_modelDescription; }
    /// Generation tiers of the loaded model ("full", then the distilled ones it has); empty when none.
    QStringList modelTiers() const { return m_modelLoaded ? m_modelTiers : QStringList(); }
    /// Text-to-image sizes the loaded model generates: sides are multiples of modelImageGrid() up to
    /// modelMaxImageSide() pixels (1024 and 16 when no model is loaded).
    int modelMaxImageSide() const { return m_modelLoaded ? m_modelMaxImageSide : 1024; }
    int modelImageGrid() const { return m_modelLoaded ? m_modelImageGrid : 16; }
    /// The loaded model's speculative-decoding draft and the folder's advice for this device.
    ModelDraftInfo modelDraft() const { return m_modelLoaded ? m_modelDraft : ModelDraftInfo(); }

    /// Asks about `image` (null: no image). The chat session is reset whenever `image`, `think` or
    /// `draft` differs from the previous question's (think mode opens the conversation with BAGEL's
    /// think system prompt; `draft` switches speculative decoding on or off, unset: the model folder's
    /// advice, modelDraft().onByDefault). Streams tokenReceived(), then answerFinished() or
    /// answerFailed(). A newer ask() cancels an older one.
    void ask(const QString& question, const QImage& image, int maxTokens = 512, bool think = false,
             std::optional<bool> draft = std::nullopt);
    /// Runs text-to-image or an edit and returns the request's id. A newer request cancels an older
    /// one, which stops at its next forward; only the newest request's result is ever delivered.
    /// Streams generationProgress(), then imageGenerated() or generationFailed().
    quint64 generate(const GenerateParams& params);
    /// Id of the newest generate() request; 0 before the first.
    quint64 latestGenerationId() const { return m_generateId; }
    /// Set the cancel flag of the running ask, generation or both; never block. The engine stops
    /// at its next forward and answers with answerFinished(cancelled) / generationFailed(cancelled).
    void cancelAsk();
    void cancelGeneration();
    /// cancelGeneration() when `requestId` is still the newest request; otherwise nothing.
    void cancelGenerationRequest(quint64 requestId);
    void cancel();
    bool isAnswering() const { return m_answering; }
    bool isGenerating() const { return m_generating; }

    /// The CUDA GPUs offered as devices, "cuda:0" ... (set by the app from hb::RuntimeInfo; 0: none).
    void setCudaDevices(int count) { m_cudaDevices = count > 0 ? count : 0; }
    int cudaDevices() const { return m_cudaDevices; }
    bool isCudaAvailable() const { return m_cudaDevices > 0; }

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

    /// `description` is ModelInfo::describe(); `summary` its short form for the status bar.
    void modelLoaded(const QString& description, const QString& summary);
    /// `message` is translated user text followed by the engine's English detail.
    void modelLoadFailed(const QString& message);
    void modelUnloaded();
    void loadingChanged(bool loading);

    /// One streamed piece of the answer: the tokens of the last ~33 ms, coalesced.
    void tokenReceived(const QString& text);
    /// The newest answer ended (answer.cancelled: stopped; the chat stays usable).
    void answerFinished(const hb::ui::ChatAnswer& answer);
    void answerFailed(const QString& message);

    /// The newest step, at most ~30 times a second.
    void generationProgress(int step, int steps);
    /// The newest request's image (RGB888, full resolution) and what made it.
    void imageGenerated(const hb::ui::GeneratedImage& result);
    /// The newest request ended without an image; failure.cancelled() is not an error.
    void generationFailed(const hb::ui::GenerationFailure& failure);

private:
    void onWorkerInspected(quint64 requestId, const QString& folder, const hb::CheckpointReport& report);
    void onWorkerFailed(quint64 requestId, const QString& folder, int errorCode, const QString& detail);
    void setInspecting(bool inspecting);
    void setLoading(bool loading);
    void connectWorkerResults();
    void connectModelResults();
    void connectChatResults();
    void connectGenerationResults();
    /// Emits the coalesced tokenReceived() / generationProgress() (UI-side throttling).
    void flushStreamed();
    static QString errorMessage(int errorCode, const QString& detail);
    static QString shortDescription(const QString& description);

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

    quint64 m_loadId = 0;
    quint64 m_askId = 0;
    quint64 m_generateId = 0;
    std::shared_ptr<std::atomic<bool>> m_askCancel;
    std::shared_ptr<std::atomic<bool>> m_generateCancel;
    QString m_modelDescription;
    bool m_loading = false;
    bool m_modelLoaded = false;
    QStringList m_modelTiers;
    int m_modelMaxImageSide = 1024;
    int m_modelImageGrid = 16;
    ModelDraftInfo m_modelDraft;
    bool m_answering = false;
    bool m_generating = false;
    int m_cudaDevices = 0;

    struct PendingProgress {
        int step = 0;
        int steps = 0;
    };
    QTimer* m_flushTimer = nullptr;
    QString m_pendingTokens;
    PendingProgress m_pendingProgress;
};

} // namespace hb::ui
