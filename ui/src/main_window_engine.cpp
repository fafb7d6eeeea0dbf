// MainWindow: the engine-backed actions (model state, chat, Generate / Edit). Every engine call goes
// through EngineClient and returns at once; results arrive as queued signals.

#include <cmath>

#include <QStatusBar>
#include <QtMath>

#include "hyperbagel/engine/model.h"
#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/chat_pane.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/error_text.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"

namespace hb::ui {
namespace {
constexpr int kMessageMs = 10000;
/// Width and height for "W:H": the official app's 1024 x 1024 pixel budget, scaled down so the longer
/// side fits the model's largest (`maxSide`), both multiples of the model's latent grid.
QSize sizeForAspect(const QString& aspect, int maxSide, int grid) {
    const QStringList parts = aspect.split(QLatin1Char(':'));
    double ratio = 1.0;
    if (parts.size() == 2 && parts.at(1).toDouble() > 0.0 && parts.at(0).toDouble() > 0.0) {
        ratio = parts.at(0).toDouble() / parts.at(1).toDouble();
    }
    const double area = 1024.0 * 1024.0;
    const double width = std::sqrt(area * ratio);
    const auto [w, h] = hb::fitImageSize(width, area / width, maxSide, grid);
    return {w, h};
}

} // namespace

void MainWindow::connectEngine() {
    connect(&m_engine, &EngineClient::loadingChanged, this, [this](bool loading) {
        if (loading) {
            m_modelLoaded = false; // the engine drops the old model before loading the new one
            updateModelState();
            statusBar()->showMessage(tr("Loading the model…"));
        }
    });
    connect(&m_engine, &EngineClient::modelLoaded, this,
            [this](const QString& /*description*/, const QString& summary) {
                m_modelLoaded = true;
                m_modelSummary = summary;
                m_live->resetModel();
                m_live->setModelTiers(m_engine.modelTiers());
                m_promptBar->setAvailableTiers(m_engine.modelTiers());
                m_chatPane->setDraftAvailable(m_engine.modelDraft());
                updateModelState();
                statusBar()->showMessage(tr("Model loaded: %1").arg(summary), kMessageMs);
            });
    connect(&m_engine, &EngineClient::modelLoadFailed, this, [this](const QString& message) {
        m_modelLoaded = false;
        updateModelState();
        statusBar()->showMessage(message, kMessageMs);
    });
    connect(&m_engine, &EngineClient::modelUnloaded, this, [this] {
        m_modelLoaded = m_engine.isModelLoaded(); // a newer load may already be under way
        updateModelState();
        m_chatPane->setAnswering(false);
    });

    connect(m_promptBar, &PromptBar::generateRequested, this, [this] { runGeneration(false); });
    connect(m_promptBar, &PromptBar::editRequested, this, [this] { runGeneration(true); });
    connect(m_promptBar, &PromptBar::applyRequested, this, &MainWindow::applyResult);
    connect(&m_engine, &EngineClient::generationProgress, this, [this](int step, int steps) {
        statusBar()->showMessage(tr("Generating: step %1 of %2").arg(step).arg(steps));
    });
    // Live results come through the LiveController; these are Generate / Edit's.
    connect(&m_engine, &EngineClient::imageGenerated, this, [this](const GeneratedImage& result) {
        if (result.requestId != m_manualRequestId) {
            return;
        }
        showResult(result);
        statusBar()->showMessage(tr("Generated %1 × %2 px (seed %3).")
                                     .arg(result.image.width())
                                     .arg(result.image.height())
                                     .arg(result.seed),
                                 kMessageMs);
    });
    connect(&m_engine, &EngineClient::generationFailed, this, [this](const GenerationFailure& failure) {
        if (failure.requestId == m_manualRequestId) {
            statusBar()->showMessage(failure.cancelled() ? ErrorText::summary(ErrorCode::Cancelled) : failure.message,
                                     kMessageMs);
        }
    });
}

void MainWindow::connectChat() {
    connect(m_chatPane, &ChatPane::sendRequested, this, &MainWindow::askQuestion);
    connect(m_chatPane, &ChatPane::stopRequested, &m_engine, &EngineClient::cancelAsk);
    connect(m_chatPane, &ChatPane::useAsInstructionRequested, this, [this](const QString& text) {
        m_promptBar->setInstruction(text); // in Live mode this starts a preview like typing does
        m_promptBar->focusInstruction();
    });
    connect(&m_engine, &EngineClient::tokenReceived, m_chatPane, &ChatPane::appendAnswerText);
    connect(&m_engine, &EngineClient::answerFinished, this, [this](const ChatAnswer& answer) {
        m_chatPane->finishAnswer(answer);
        m_chatPane->setAnswering(false);
    });
    connect(&m_engine, &EngineClient::answerFailed, this, [this](const QString& message) {
        m_chatPane->failAnswer(message);
        m_chatPane->setAnswering(false);
    });
}

void MainWindow::askQuestion(const QString& question, bool think, bool draft) {
    if (!m_modelLoaded) {
        return;
    }
    m_chatPane->appendQuestion(question);
    m_chatPane->clearDraft();
    m_chatPane->beginAnswer();
    m_chatPane->setAnswering(true);
    // The engine resets its session whenever this image, the think mode or the draft toggle differs
    // from the previous question's; think mode opens the context with BAGEL's think system prompt
    // (bagel-spec §6).
    m_engine.ask(question, m_canvas->hasImage() ? m_canvas->image() : QImage(), 512, think, draft);
}

void MainWindow::runGeneration(bool edit) {
    const QImage source = m_canvas->baseImage();
    if (!m_modelLoaded || (edit && source.isNull())) {
        return;
    }
    GenerateParams params;
    params.prompt = m_promptBar->instruction();
    params.tier = m_promptBar->tier();
    params.seed = static_cast<quint64>(m_promptBar->seed());
    if (edit) {
        params.input = source; // the current node, not a result shown over it
        params.sourceNode = m_history->currentId();
        params.mask = m_canvas->mask(); // null: the whole image
        params.featherRadius = m_canvas->maskFeatherRadius();
    } else {
        const QSize size =
            sizeForAspect(m_promptBar->aspectRatio(), m_engine.modelMaxImageSide(), m_engine.modelImageGrid());
        params.width = size.width();
        params.height = size.height();
    }
    statusBar()->showMessage(edit ? tr("Editing…") : tr("Generating…"));
    m_manualRequestId = m_engine.generate(params); // supersedes (cancels) an older request, live ones too
}

void MainWindow::connectLive() {
    connect(m_promptBar, &PromptBar::liveToggled, this, [this](bool live) { m_live->setActive(live && m_modelLoaded); });
    connect(m_promptBar, &PromptBar::instructionChanged, this, [this](const QString& text) {
        m_live->setSeed(static_cast<quint64>(m_promptBar->seed()));
        m_live->setImageSize(
            sizeForAspect(m_promptBar->aspectRatio(), m_engine.modelMaxImageSide(), m_engine.modelImageGrid()));
        m_live->setPrompt(text);
    });
    connect(m_promptBar, &PromptBar::seedChanged, this, [this](int seed) {
        m_live->setSeed(static_cast<quint64>(seed));
        m_live->inputChanged(); // a new seed is a new live result
    });
    connect(m_live, &LiveController::resultReady, this,
            [this](const GeneratedImage& result, int /*stage*/, bool /*last*/) { showResult(result); });
    connect(m_live, &LiveController::jobSubmitted, this,
            [this](quint64 /*requestId*/, int stage, const LiveStage& what) {
                statusBar()->showMessage(stage == 0 ? tr("Live: %1…").arg(tierDisplayName(what.tier))
                                                    : tr("Live: refining with %1…").arg(tierDisplayName(what.tier)));
            });
    connect(m_live, &LiveController::failed, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
}

} // namespace hb::ui
