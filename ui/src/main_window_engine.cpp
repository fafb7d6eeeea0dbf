// MainWindow: the engine-backed actions (model state, chat, generate / edit / apply). Every engine
// call goes through EngineClient and returns at once; results arrive as queued signals.

#include <QStatusBar>
#include <QtMath>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/chat_pane.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/error_text.h"
#include "hyperbagel/ui/history_panel.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"

namespace hb::ui {
namespace {
constexpr int kMessageMs = 10000;
constexpr int kImageArea = 1024 * 1024; ///< text-to-image pixel budget
constexpr int kImageGrid = 16;          ///< the engine snaps to its latent grid anyway

/// Width and height for "W:H" with about kImageArea pixels, multiples of kImageGrid.
QSize sizeForAspect(const QString& aspect) {
    const QStringList parts = aspect.split(QLatin1Char(':'));
    double ratio = 1.0;
    if (parts.size() == 2 && parts.at(1).toDouble() > 0.0 && parts.at(0).toDouble() > 0.0) {
        ratio = parts.at(0).toDouble() / parts.at(1).toDouble();
    }
    const double width = std::sqrt(kImageArea * ratio);
    const auto snap = [](double value) { return qMax(kImageGrid, qRound(value / kImageGrid) * kImageGrid); };
    return {snap(width), snap(kImageArea / width)};
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

    connect(m_chatPane, &ChatPane::sendRequested, this,
            [this](const QString& question, bool /*thinkMode*/) { askQuestion(question); });
    connect(m_chatPane, &ChatPane::stopRequested, &m_engine, &EngineClient::cancelAsk);
    connect(&m_engine, &EngineClient::tokenReceived, m_chatPane, &ChatPane::appendAnswerText);
    connect(&m_engine, &EngineClient::answerFinished, this,
            [this](const QString& /*text*/, double tokensPerSecond, bool cancelled) {
                m_chatPane->finishAnswer(cancelled ? tr("Stopped.")
                                                   : tr("%1 tokens/s").arg(tokensPerSecond, 0, 'f', 1));
                m_chatPane->setAnswering(false);
            });
    connect(&m_engine, &EngineClient::answerFailed, this, [this](const QString& message) {
        m_chatPane->finishAnswer(message);
        m_chatPane->setAnswering(false);
    });

    connect(m_promptBar, &PromptBar::generateRequested, this, [this] { runGeneration(false); });
    connect(m_promptBar, &PromptBar::editRequested, this, [this] { runGeneration(true); });
    connect(m_promptBar, &PromptBar::applyRequested, this, &MainWindow::applyResult);
    connect(&m_engine, &EngineClient::generationProgress, this, [this](int step, int steps) {
        statusBar()->showMessage(tr("Generating: step %1 of %2").arg(step).arg(steps));
    });
    connect(&m_engine, &EngineClient::imageGenerated, this, [this](const QImage& image, quint64 seed) {
        m_resultImage = image;
        m_canvas->setImage(image);
        m_promptBar->setHasResult(true);
        statusBar()->showMessage(
            tr("Generated %1 × %2 px (seed %3).").arg(image.width()).arg(image.height()).arg(seed),
            kMessageMs);
    });
    connect(&m_engine, &EngineClient::generationFailed, this, [this](const QString& message, bool cancelled) {
        statusBar()->showMessage(cancelled ? ErrorText::summary(ErrorCode::Cancelled) : message, kMessageMs);
    });
}

void MainWindow::askQuestion(const QString& question) {
    if (!m_modelLoaded) {
        return;
    }
    m_chatPane->appendQuestion(question);
    m_chatPane->clearDraft();
    m_chatPane->beginAnswer();
    m_chatPane->setAnswering(true);
    // The engine resets its session whenever this image differs from the previous question's.
    m_engine.ask(question, m_canvas->hasImage() ? m_canvas->image() : QImage());
}

void MainWindow::runGeneration(bool edit) {
    if (!m_modelLoaded || (edit && !m_canvas->hasImage())) {
        return;
    }
    GenerateParams params;
    params.prompt = m_promptBar->instruction();
    params.tier = m_promptBar->tier();
    params.seed = static_cast<quint64>(m_promptBar->seed());
    if (edit) {
        params.input = m_canvas->image();
        m_resultTitle = tr("Edit: %1").arg(params.prompt);
    } else {
        const QSize size = sizeForAspect(m_promptBar->aspectRatio());
        params.width = size.width();
        params.height = size.height();
        m_resultTitle = params.prompt;
    }
    statusBar()->showMessage(edit ? tr("Editing…") : tr("Generating…"));
    m_engine.generate(params); // supersedes (cancels) an older request
}

void MainWindow::applyResult() {
    if (m_resultImage.isNull()) {
        return;
    }
    m_historyPanel->addEntry(m_resultImage, m_resultTitle,
                             tr("%1 × %2 px").arg(m_resultImage.width()).arg(m_resultImage.height()));
    setCurrentTitle(m_resultTitle);
    m_resultImage = QImage();
    m_promptBar->setHasResult(false);
}

} // namespace hb::ui
