#include "engine_worker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QThread>
#include <cstring>
#include <string>
#include <utility>

#include "hyperbagel/ui/mask_blend.h"

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

namespace hb::ui {

QImage toQImage(const hb::Image& image) {
    QImage out(image.width, image.height, QImage::Format_RGB888);
    const int rowBytes = image.width * 3;
    for (int y = 0; y < image.height; ++y) {
        std::memcpy(out.scanLine(y), image.rgb.data() + static_cast<std::size_t>(y) * rowBytes,
                    static_cast<std::size_t>(rowBytes));
    }
    return out;
}

hb::Image toEngineImage(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    hb::Image out;
    out.width = rgb.width();
    out.height = rgb.height();
    const int rowBytes = out.width * 3;
    out.rgb.resize(static_cast<std::size_t>(rowBytes) * static_cast<std::size_t>(out.height));
    for (int y = 0; y < out.height; ++y) {
        std::memcpy(out.rgb.data() + static_cast<std::size_t>(y) * rowBytes, rgb.constScanLine(y),
                    static_cast<std::size_t>(rowBytes));
    }
    return out;
}

void EngineWorker::loadModel(quint64 requestId, const QString& folder, const QString& device,
                             const QString& precision) {
    // Drop the old model first so two models never sit in memory together.
    m_chat.reset();
    m_generator.reset();
    m_model.reset();
    m_chatHasImage = false;
    ModelLoadOptions options;
    options.folder = folder.toStdString();
    options.device = device.toStdString();
    options.precision = precisionFromString(precision.toStdString()).value_or(Precision::Fp32);
    Result<std::shared_ptr<Model>> result = Model::load(options);
    if (!result.ok()) {
        Q_EMIT modelLoadFailed(requestId, static_cast<int>(result.error().code),
                               QString::fromStdString(result.error().message));
        return;
    }
    m_model = result.value();
    m_chat = std::make_unique<ChatSession>(m_model);
    m_generator = std::make_unique<ImageGenerator>(m_model);
    QStringList tiers;
    for (const std::string& tier : m_model->info().tiers) {
        tiers.append(QString::fromStdString(tier));
    }
    const ModelInfo& info = m_model->info();
    m_chatDraft = m_chat->drafting();
    Q_EMIT modelLoaded(requestId, QString::fromStdString(info.describe()), tiers, info.maxImageSide, info.imageGrid,
                       info.draft != "none", info.draftByDefault, QString::fromStdString(info.draftMeasured));
}

void EngineWorker::unloadModel() {
    m_chat.reset();
    m_generator.reset();
    m_model.reset();
    m_chatHasImage = false;
    Q_EMIT modelUnloaded();
}

void EngineWorker::emitCancelledAnswer(quint64 requestId) {
    ChatAnswer answer;
    answer.requestId = requestId;
    answer.cancelled = true;
    Q_EMIT answered(answer);
}

bool EngineWorker::prepareChat(quint64 requestId, const QImage& image, bool think, bool draft) {
    const bool hasImage = !image.isNull();
    if (think == m_chatThink && draft == m_chatDraft && hasImage == m_chatHasImage &&
        (!hasImage || image.cacheKey() == m_chatImageKey)) {
        return true; // same image and modes: the conversation (and its context) continues
    }
    m_chat->reset();
    m_chatHasImage = false;
    if (auto drafting = m_chat->setDraft(draft); !drafting.ok()) {
        Q_EMIT askFailed(requestId, static_cast<int>(drafting.error().code),
                         QString::fromStdString(drafting.error().message));
        return false;
    }
    m_chatDraft = draft;
    if (auto mode = m_chat->setThink(think); !mode.ok()) {
        Q_EMIT askFailed(requestId, static_cast<int>(mode.error().code),
                         QString::fromStdString(mode.error().message));
        return false;
    }
    m_chatThink = think;
    if (hasImage) {
        if (auto added = m_chat->addImage(toEngineImage(image)); !added.ok()) {
            Q_EMIT askFailed(requestId, static_cast<int>(added.error().code),
                             QString::fromStdString(added.error().message));
            return false;
        }
        m_chatHasImage = true;
        m_chatImageKey = image.cacheKey();
    }
    return true;
}

void EngineWorker::ask(quint64 requestId, const QString& question, const QImage& image, int maxTokens,
                       bool think, bool draft, std::shared_ptr<std::atomic<bool>> cancel) {
    if (cancel->load()) {
        emitCancelledAnswer(requestId);
        return;
    }
    if (!m_chat) {
        Q_EMIT askFailed(requestId, static_cast<int>(ErrorCode::InvalidRequest),
                         QStringLiteral("no model is loaded"));
        return;
    }
    if (!prepareChat(requestId, image, think, draft)) {
        return;
    }
    AskOptions options;
    options.maxTokens = maxTokens;
    options.cancel = cancel.get();
    options.onToken = [this, requestId](const TokenEvent& event) {
        if (!event.text.empty()) {
            Q_EMIT tokens(requestId, QString::fromStdString(event.text));
        }
        return !QThread::currentThread()->isInterruptionRequested();
    };
    Result<AskResult> result = m_chat->ask(question.toStdString(), options);
    if (!result.ok()) {
        if (result.error().code == ErrorCode::Cancelled) {
            emitCancelledAnswer(requestId);
        } else {
            Q_EMIT askFailed(requestId, static_cast<int>(result.error().code),
                             QString::fromStdString(result.error().message));
        }
        return;
    }
    ChatAnswer answer;
    answer.requestId = requestId;
    answer.text = QString::fromStdString(result->text);
    answer.cancelled = result->cancelled;
    answer.tokensPerSecond = result->tokensPerSecond;
    answer.tokens = static_cast<qint64>(result->tokens.size());
    answer.drafted = result->drafted;
    answer.draftPlan = QString::fromStdString(result->draftPlan);
    answer.cycles = result->cycles;
    answer.tau = result->tau;
    answer.alpha = result->alpha;
    Q_EMIT answered(answer);
}

void EngineWorker::generate(quint64 requestId, const GenerateParams& params,
                            std::shared_ptr<std::atomic<bool>> cancel) {
    if (cancel->load()) { // superseded while queued: skip without touching the model
        Q_EMIT generateFailed(requestId, static_cast<int>(ErrorCode::Cancelled), QString(), params.tier);
        return;
    }
    if (!m_generator) {
        Q_EMIT generateFailed(requestId, static_cast<int>(ErrorCode::InvalidRequest),
                              QStringLiteral("no model is loaded"), params.tier);
        return;
    }
    QElapsedTimer clock;
    clock.start();
    GenerationRequest request =
        params.input.isNull()
            ? GenerationRequest::textToImage(params.prompt.toStdString())
            : GenerationRequest::edit(toEngineImage(params.input), params.prompt.toStdString());
    if (params.input.isNull()) {
        request.width = params.width;
        request.height = params.height;
    }
    request.tier = tierFromString(params.tier.toStdString()).value_or(Tier::Full);
    request.timesteps = params.timesteps;
    request.seed = params.seed;
    request.cancel = cancel.get();
    request.onProgress = [this, requestId](const GenerationProgress& p) {
        Q_EMIT progress(requestId, p.step, p.steps);
    };
    Result<GenerationResult> result = m_generator->generate(request);
    if (!result.ok()) {
        Q_EMIT generateFailed(requestId, static_cast<int>(result.error().code),
                              QString::fromStdString(result.error().message), params.tier);
        return;
    }
    GeneratedImage out;
    out.requestId = requestId;
    out.image = toQImage(result->image);
    out.prompt = params.prompt;
    out.tier = QString::fromLatin1(toString(result->tier).data(),
                                   static_cast<int>(toString(result->tier).size()));
    out.steps = result->steps;
    out.seed = result->seed;
    out.edit = !params.input.isNull();
    out.sourceNode = params.sourceNode;
    out.model = QDir(QString::fromStdString(m_model->info().folder)).dirName();
    if (out.edit && !params.mask.isNull() && params.mask.size() == params.input.size()) {
        // Heavy pixel work stays here, off the GUI thread; a live run keeps one mask for many jobs.
        if (params.mask.cacheKey() != m_featheredKey || params.featherRadius != m_featheredRadius) {
            m_feathered = featherMask(params.mask, params.featherRadius);
            m_featheredKey = params.mask.cacheKey();
            m_featheredRadius = params.featherRadius;
        }
        out.image = blendThroughMask(params.input, out.image, m_feathered);
        out.masked = true;
    }
    out.elapsedMs = static_cast<double>(clock.nsecsElapsed()) / 1.0e6;
    Q_EMIT generated(out);
}

} // namespace hb::ui
