#include "hyperbagel/ui/live_controller.h"

#include <QTimer>

#include "hyperbagel/ui/engine_client.h"

namespace hb::ui {

LiveController::LiveController(EngineClient& engine, QObject* parent) : QObject(parent), m_engine(engine) {
    qRegisterMetaType<hb::ui::LiveStage>();
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] { submit(0); });
    m_refine = new QTimer(this);
    m_refine->setSingleShot(true);
    m_refine->setInterval(kRefineIdleMs);
    connect(m_refine, &QTimer::timeout, this, [this] { submit(m_stage + 1); });
    connect(&m_engine, &EngineClient::imageGenerated, this, &LiveController::onImageGenerated);
    connect(&m_engine, &EngineClient::generationFailed, this, &LiveController::onGenerationFailed);
}

void LiveController::setActive(bool active) {
    if (m_active == active) {
        return;
    }
    m_active = active;
    if (active) {
        inputChanged();
    } else {
        stop();
    }
}

void LiveController::setPrompt(const QString& prompt) {
    if (prompt == m_prompt) {
        return;
    }
    m_prompt = prompt;
    inputChanged();
}

void LiveController::inputChanged() {
    if (!m_active) {
        return;
    }
    // The running job answers an older input: stop it at its next forward rather than show it.
    cancelRunning();
    m_refine->stop();
    if (m_prompt.trimmed().isEmpty()) {
        m_debounce->stop();
        return;
    }
    m_debounce->start(); // restarts: only a pause of kDebounceMs submits
}

void LiveController::stop() {
    m_debounce->stop();
    m_refine->stop();
    cancelRunning();
}

void LiveController::setMask(const QImage& mask, int featherRadius) {
    m_mask = mask;
    m_featherRadius = featherRadius;
}

void LiveController::setSource(const QImage& image, int sourceNode) {
    if (sourceNode == m_sourceNode && image.cacheKey() == m_source.cacheKey()) {
        return;
    }
    m_source = image;
    m_sourceNode = sourceNode;
    m_refine->stop(); // a refine would be of the previous image's result
    cancelRunning();
}

void LiveController::setTimesteps(int previewTimesteps, int fullTimesteps) {
    m_previewTimesteps = qMax(2, previewTimesteps);
    m_fullTimesteps = qMax(m_previewTimesteps, fullTimesteps);
}

void LiveController::resetModel() {
    m_preview = TierSupport::Unknown;
    m_fast = TierSupport::Unknown;
    m_debounce->stop();
    m_refine->stop();
    cancelRunning();
}

void LiveController::setModelTiers(const QStringList& tiers) {
    m_preview = tiers.contains(QStringLiteral("preview")) ? TierSupport::Yes : TierSupport::No;
    m_fast = tiers.contains(QStringLiteral("fast")) ? TierSupport::Yes : TierSupport::No;
}

QList<LiveStage> LiveController::stages() const {
    QList<LiveStage> plan;
    if (m_preview != TierSupport::No) {
        plan.append({QStringLiteral("preview"), 0});
    }
    if (m_fast != TierSupport::No) {
        plan.append({QStringLiteral("fast"), 0});
    }
    if (plan.isEmpty()) {
        plan.append({QStringLiteral("full"), m_previewTimesteps}); // a labelled short Full run
    }
    plan.append({QStringLiteral("full"), m_fullTimesteps});
    return plan;
}

bool LiveController::isBusy() const { return m_debounce->isActive() || m_refine->isActive() || m_running; }

void LiveController::cancelRunning() {
    if (m_running) {
        m_engine.cancelGenerationRequest(m_requestId);
    }
    m_running = false;
    m_requestId = 0; // whatever it still delivers is dropped
}

void LiveController::submit(int stage) {
    const QList<LiveStage> plan = stages();
    if (!m_active || m_prompt.trimmed().isEmpty() || stage < 0 || stage >= plan.size()) {
        return;
    }
    GenerateParams params;
    params.prompt = m_prompt;
    params.input = m_source;
    params.sourceNode = m_sourceNode;
    params.mask = m_mask;
    params.featherRadius = m_featherRadius;
    params.tier = plan.at(stage).tier;
    params.timesteps = plan.at(stage).tier == QStringLiteral("full") ? plan.at(stage).timesteps : m_fullTimesteps;
    params.seed = stage == 0 ? m_seed : m_resultSeed; // refines keep the shown result's seed
    params.width = m_imageSize.width();
    params.height = m_imageSize.height();
    m_stage = stage;
    m_running = true;
    m_requestId = m_engine.generate(params); // supersedes any older request at its next forward
    Q_EMIT jobSubmitted(m_requestId, stage, plan.at(stage));
}

void LiveController::noteOtherRequest(quint64 requestId) {
    // Ids grow: a newer request (a manual Generate / Edit) superseded the live one, whose own answer
    // EngineClient will not deliver.
    if (m_running && requestId > m_requestId) {
        m_running = false;
        m_requestId = 0;
    }
}

void LiveController::onImageGenerated(const GeneratedImage& result) {
    if (!m_running || result.requestId != m_requestId) {
        noteOtherRequest(result.requestId);
        return; // not the newest live request: a manual job, or an answer to an older input
    }
    m_running = false;
    if (result.tier == QStringLiteral("preview")) {
        m_preview = TierSupport::Yes;
    } else if (result.tier == QStringLiteral("fast")) {
        m_fast = TierSupport::Yes;
    }
    if (m_stage == 0) {
        m_resultSeed = result.seed;
    }
    const bool last = m_stage + 1 >= stages().size();
    Q_EMIT resultReady(result, m_stage, last);
    if (!last && m_active) {
        m_refine->start();
    }
}

void LiveController::onGenerationFailed(const GenerationFailure& failure) {
    if (!m_running || failure.requestId != m_requestId) {
        noteOtherRequest(failure.requestId);
        return;
    }
    m_running = false;
    if (failure.cancelled()) {
        return; // superseded by a manual job
    }
    // A distilled tier the model lacks: learn it and run the same stage of the shorter plan.
    const bool distilled = failure.tier == QStringLiteral("preview") || failure.tier == QStringLiteral("fast");
    if (failure.code == ErrorCode::Unsupported && distilled) {
        (failure.tier == QStringLiteral("preview") ? m_preview : m_fast) = TierSupport::No;
        submit(qMin(m_stage, static_cast<int>(stages().size()) - 1));
        return;
    }
    m_requestId = 0;
    Q_EMIT failed(failure.message);
}

} // namespace hb::ui
