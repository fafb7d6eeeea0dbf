#include "scripted_run.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/model_manager_dialog.h"
#include "hyperbagel/ui/prompt_bar.h"

namespace hb::app {

void saveScreenshots(hb::ui::MainWindow& window, const QString& path, bool quit) {
    int rc = 0;
    if (window.grab().save(path)) {
        std::printf("screenshot: %s\n", qPrintable(QDir::toNativeSeparators(path)));
    } else {
        std::fprintf(stderr, "hyperbagel: could not write %s\n", qPrintable(path));
        rc = 1;
    }
    const QPointer<hb::ui::ModelManagerDialog> dialog = window.modelManager();
    if (!dialog.isNull() && dialog->isVisible()) {
        const QFileInfo info(path);
        const QString dialogPath =
            info.dir().filePath(info.completeBaseName() + QStringLiteral("-model-manager.") +
                                (info.suffix().isEmpty() ? QStringLiteral("png") : info.suffix()));
        if (dialog->grab().save(dialogPath)) {
            std::printf("screenshot: %s\n", qPrintable(QDir::toNativeSeparators(dialogPath)));
        } else {
            rc = 1;
        }
    }
    std::fflush(stdout);
    if (quit || rc != 0) {
        QCoreApplication::exit(rc);
    }
}

void failScript(const QString& message) {
    std::fprintf(stderr, "hyperbagel: %s\n", qPrintable(message));
    QCoreApplication::exit(kExitScriptFailed);
}

void ScriptedEdit::start(hb::ui::MainWindow& window, hb::ui::EngineClient& engine) const {
    auto started = std::make_shared<bool>(false);
    const ScriptedEdit self = *this;
    auto tryStart = [&window, &engine, started, self] {
        if (*started || !engine.isModelLoaded() || (self.needImage && !window.canvas()->hasImage())) {
            return;
        }
        *started = true;
        self.type(window);
    };
    QObject::connect(&engine, &hb::ui::EngineClient::modelLoaded, &window, tryStart);
    QObject::connect(window.canvas(), &hb::ui::CanvasView::imageChanged, &window, tryStart);
    QObject::connect(&engine, &hb::ui::EngineClient::modelLoadFailed, &window, [](const QString& message) {
        failScript(QStringLiteral("the model did not load: ") + message);
    });
    QObject::connect(window.live(), &hb::ui::LiveController::failed, &window, [](const QString& message) {
        failScript(QStringLiteral("the live edit failed: ") + message);
    });
    auto finished = std::make_shared<bool>(false);
    QObject::connect(window.live(), &hb::ui::LiveController::resultReady, &window,
                     [self, finished](const hb::ui::GeneratedImage& result, int /*stage*/, bool last) {
                         if (!*finished && result.prompt == self.instruction && (last || !self.waitRefined)) {
                             *finished = true;
                             std::printf("result: %s, %d steps, seed %llu, %.2f s\n", qPrintable(result.tier),
                                         result.steps, static_cast<unsigned long long>(result.seed),
                                         result.elapsedMs / 1000.0);
                             self.done();
                         }
                     });
    QTimer::singleShot(timeoutMs, &window, [finished, ms = timeoutMs] {
        if (!*finished) {
            failScript(QStringLiteral("no result after %1 ms (see --wait-timeout)").arg(ms));
        }
    });
    tryStart(); // the model may be loaded already
}

void ScriptedEdit::type(hb::ui::MainWindow& window) const {
    window.promptBar()->setLive(true);
    window.promptBar()->focusInstruction();
    auto* typist = new QTimer(&window);
    auto typed = std::make_shared<int>(0);
    QObject::connect(typist, &QTimer::timeout, &window, [&window, typist, typed, text = instruction] {
        window.promptBar()->setInstruction(text.left(++*typed));
        if (*typed >= text.size()) {
            typist->stop();
            typist->deleteLater();
        }
    });
    typist->start(kTypingIntervalMs);
}

} // namespace hb::app
