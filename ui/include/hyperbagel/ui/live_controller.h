#pragma once
// Live mode (docs/product.md §3): every prompt change submits a job after a short debounce; a newer
// job supersedes the older one at its next forward; when the input stays idle, the same seed and
// prompt are refined in place by the next, better stage. Only the newest live request's result is
// ever reported: a result whose request id is not the newest live request is dropped, never shown.
//
// Stages: with distilled tiers, Preview (1 step) -> Fast (6 steps) -> Full (the full step count).
// Without them (the engine answers Unsupported for a distilled tier; ShapeWorld and test models),
// the live stage is a short Full run of previewTimesteps() sampler points and the refine is the full
// step count. A model's tiers come from the engine (setModelTiers) and are corrected by its answers.
//
// Thread affinity: GUI thread. Never blocks: jobs go through EngineClient.

#include <QImage>
#include <QList>
#include <QObject>
#include <QSize>
#include <QString>

#include "hyperbagel/ui/engine_results.h"

QT_BEGIN_NAMESPACE
class QTimer;
QT_END_NAMESPACE

namespace hb::ui {

class EngineClient;

/// One step of the live plan.
struct LiveStage {
    QString tier;      ///< "preview", "fast" or "full"
    int timesteps = 0; ///< sampler points (Full tier only; distilled tiers have their own)
};

class LiveController : public QObject {
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 250;       ///< quiet time after a change before a job starts
    static constexpr int kRefineIdleMs = 400;     ///< quiet time after a result before the next stage
    static constexpr int kPreviewTimesteps = 4;   ///< Full-tier live stage when there is no distilled tier
    static constexpr int kFullTimesteps = 50;     ///< the official sampler

    /// `engine` must outlive the controller.
    explicit LiveController(EngineClient& engine, QObject* parent = nullptr);

    /// Off: pending timers stop and a running live job is cancelled. On: the current prompt is
    /// submitted after the debounce.
    void setActive(bool active);
    bool isActive() const { return m_active; }

    /// A new prompt: the running live job is cancelled at once (its result would be stale) and a new
    /// job is submitted after kDebounceMs without another change. An empty prompt submits nothing.
    void setPrompt(const QString& prompt);
    /// The image to edit and its history node id; a null image means text-to-image. Changing it
    /// cancels the running live job; the next prompt change edits the new image.
    void setSource(const QImage& image, int sourceNode);
    /// Another input changed (the seed, the mask): behaves like a prompt change, so the job is re-run
    /// after the debounce.
    void inputChanged();
    /// Stops the running live job and the pending debounce / refine without leaving Live mode: the
    /// next input change starts again.
    void stop();
    void setSeed(quint64 seed) { m_seed = seed; }
    /// The source image's region mask and its feather radius (GenerateParams::mask); a null mask
    /// edits the whole image. Only stored: call inputChanged() when the user changed it.
    void setMask(const QImage& mask, int featherRadius);
    const QImage& mask() const { return m_mask; }
    /// Size of text-to-image results (no source image).
    void setImageSize(QSize size) { m_imageSize = size; }
    /// Sampler points of the Full-tier stages (defaults kPreviewTimesteps / kFullTimesteps).
    void setTimesteps(int previewTimesteps, int fullTimesteps);
    /// A different model was loaded: its tiers are unknown again.
    void resetModel();
    /// The loaded model's tiers as the engine lists them ("full", "fast", "preview"): the plan uses
    /// exactly these (answers still correct it if a tier turns out to be missing).
    void setModelTiers(const QStringList& tiers);

    /// The stages as currently known for the loaded model, first (live) to last (final refine).
    QList<LiveStage> stages() const;
    /// Id of the newest live request; 0 when none is outstanding or shown.
    quint64 latestRequestId() const { return m_requestId; }
    /// True from a change until the last stage's result (or a failure) for it.
    bool isBusy() const;

Q_SIGNALS:
    /// The newest live request finished: show it. `stage` indexes stages(); `last` is the final one.
    void resultReady(const hb::ui::GeneratedImage& result, int stage, bool last);
    /// A live job was submitted (for the status bar and tests).
    void jobSubmitted(quint64 requestId, int stage, const hb::ui::LiveStage& what);
    /// The newest live request failed for a reason other than cancellation or a missing tier.
    void failed(const QString& message);

private:
    void submit(int stage);
    void cancelRunning();
    void onImageGenerated(const GeneratedImage& result);
    void onGenerationFailed(const GenerationFailure& failure);
    void noteOtherRequest(quint64 requestId);

    enum class TierSupport { Unknown, Yes, No };
    EngineClient& m_engine;
    QTimer* m_debounce = nullptr;
    QTimer* m_refine = nullptr;
    bool m_active = false;
    QString m_prompt;
    QImage m_source;
    int m_sourceNode = 0;
    QImage m_mask;
    int m_featherRadius = 0;
    quint64 m_seed = 0;
    QSize m_imageSize{1024, 1024};
    int m_previewTimesteps = kPreviewTimesteps;
    int m_fullTimesteps = kFullTimesteps;
    TierSupport m_preview = TierSupport::Unknown;
    TierSupport m_fast = TierSupport::Unknown;
    quint64 m_requestId = 0;  ///< newest live request; 0: none
    int m_stage = -1;         ///< its stage
    bool m_running = false;   ///< m_requestId has not answered yet
    quint64 m_resultSeed = 0; ///< the seed the first stage used; refines reuse it
};

} // namespace hb::ui

Q_DECLARE_METATYPE(hb::ui::LiveStage)
