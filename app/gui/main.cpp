// hyperbagel: the GUI composition root. Parses the command line, sets up the engine runtime and the
// language, creates the engine adapter and the main window, and wires them. No business logic.

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "hyperbagel/engine/default_model.h"
#include "hyperbagel/engine/runtime.h"
#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/error_text.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/model_manager_dialog.h"
#include "hyperbagel/ui/prompt_bar.h"
#include "hyperbagel/ui/session_store.h"
#include "hyperbagel/ui/translations.h"

#include "scripted_run.h"

#ifndef HB_VERSION
#define HB_VERSION "0.0.0"
#endif

namespace {

using hb::app::kDefaultWaitTimeoutMs;
using hb::app::kExitScriptFailed;
using hb::app::saveScreenshots;
using hb::app::ScriptedEdit;

constexpr int kExitNoDisplay = 2;
constexpr int kScreenshotDelayMs = 700;
constexpr int kScreenshotTimeoutMs = 30000;

bool hasArgument(int argc, char** argv, const char* const* names) {
    for (int i = 1; i < argc; ++i) {
        for (const char* const* name = names; *name != nullptr; ++name) {
            if (std::strcmp(argv[i], *name) == 0) {
                return true;
            }
        }
    }
    return false;
}

bool wantsInfoOnly(int argc, char** argv) {
    static const char* const names[] = {"-h", "--help", "--help-all", "-v", "--version", nullptr};
    return hasArgument(argc, argv, names);
}

// Qt aborts with a long plugin list when xcb has no display; say what to do instead.
bool displayMissing(int argc, char** argv) {
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    static const char* const platformArgs[] = {"-platform", "--platform", nullptr};
    return qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
           qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") && !hasArgument(argc, argv, platformArgs);
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return false;
#endif
}

void printNoDisplayHelp() {
    std::fputs(
        "hyperbagel: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
        "  Run it under a virtual X server:   xvfb-run -a build-dev/app/hyperbagel\n"
        "  or render off screen:              QT_QPA_PLATFORM=offscreen hyperbagel --screenshot shot.png\n"
        "  or use the command-line tool:      hyperbagel-cli --help\n",
        stderr);
}

QStringList runtimeWarnings(const hb::Result<hb::RuntimeInfo>& runtime) {
    QStringList warnings;
    if (!runtime.ok()) {
        warnings << hb::ui::ErrorText::describe(runtime.error());
        return warnings;
    }
    for (const std::string& warning : runtime->warnings) {
        warnings << QString::fromStdString(warning);
    }
    return warnings;
}

} // namespace

int main(int argc, char** argv) {
    const bool infoOnly = wantsInfoOnly(argc, argv);
    if (!infoOnly && displayMissing(argc, argv)) {
        printNoDisplayHelp();
        return kExitNoDisplay;
    }

    // Before any Qt thread exists (runtime.h asks for this): logging, thread count, BLAS check.
    hb::RuntimeOptions runtimeOptions;
    runtimeOptions.appName = "hyperbagel";
    const hb::Result<hb::RuntimeInfo> runtime =
        infoOnly ? hb::Result<hb::RuntimeInfo>(hb::RuntimeInfo{}) : hb::initRuntime(runtimeOptions);

    std::unique_ptr<QCoreApplication> app = infoOnly ? std::make_unique<QCoreApplication>(argc, argv)
                                                     : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("HyperBagel"));
    QCoreApplication::setApplicationName(QStringLiteral("hyperbagel"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("HyperBagel Studio: live image editing and chat with BAGEL."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        QStringLiteral("User interface language: en, de, ja, zh_CN (default: system)."),
        QStringLiteral("code"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral(
            "Save a picture of the main window to <png> once shown (with --instruction: once its "
            "result is shown), then quit (with --instruction: only given --quit-after-screenshot)."),
        QStringLiteral("png"));
    const QCommandLineOption quitAfterOption(
        QStringLiteral("quit-after"), QStringLiteral("Quit after <ms> milliseconds."), QStringLiteral("ms"));
    const QCommandLineOption modelOption(QStringLiteral("model"),
                                         QStringLiteral("Open the model manager on <folder> and inspect it."),
                                         QStringLiteral("folder"));
    const QCommandLineOption sessionDirOption(
        QStringLiteral("session-dir"),
        QStringLiteral(
            "Autosave sessions under <folder> (default: $HB_SESSION_DIR, else the app data folder)."),
        QStringLiteral("folder"));
    const QCommandLineOption noSessionOption(QStringLiteral("no-session"),
                                             QStringLiteral("Neither autosave nor restore a session."));
    const QCommandLineOption imageOption(
        QStringLiteral("image"), QStringLiteral("Open <file> on the canvas (as the [image] argument does)."),
        QStringLiteral("file"));
    const QCommandLineOption loadModelOption(
        QStringLiteral("load-model"),
        QStringLiteral("Load the model in <folder> on the CPU instead of the bundled ShapeWorld model."),
        QStringLiteral("folder"));
    const QCommandLineOption instructionOption(
        QStringLiteral("instruction"),
        QStringLiteral("Once the model is loaded (and the image open), turn Live on and type <text> into the "
                       "prompt bar. With --screenshot, the picture is taken when its result is shown."),
        QStringLiteral("text"));
    const QCommandLineOption waitRefinedOption(
        QStringLiteral("wait-refined"),
        QStringLiteral("With --instruction: wait for Live's final refine, not its first preview."));
    const QCommandLineOption waitTimeoutOption(
        QStringLiteral("wait-timeout"),
        QStringLiteral("With --instruction: give up (exit code 3) after <ms> milliseconds (default 600000)."),
        QStringLiteral("ms"));
    const QCommandLineOption quitAfterScreenshotOption(
        QStringLiteral("quit-after-screenshot"),
        QStringLiteral("Quit once the screenshot is saved (always so without --instruction)."));
    parser.addOptions({langOption, screenshotOption, quitAfterOption, modelOption, sessionDirOption,
                       noSessionOption, imageOption, loadModelOption, instructionOption, waitRefinedOption,
                       waitTimeoutOption, quitAfterScreenshotOption});
    parser.addPositionalArgument(QStringLiteral("image"),
                                 QStringLiteral("An image file to open on the canvas."),
                                 QStringLiteral("[image]"));
    parser.process(*app); // exits for --help / --version / bad options
    if (infoOnly) {
        return 0;
    }

    const QString requested = parser.value(langOption);
    const QString language = hb::ui::installTranslations(*app, requested);
    if (language.isEmpty()) {
        std::fprintf(stderr, "hyperbagel: no translation for '%s' (available: en, %s); using English\n",
                     qPrintable(requested),
                     qPrintable(hb::ui::availableLanguages().join(QStringLiteral(", "))));
    }
    hb::logInfo("GUI language: " + (language.isEmpty() ? std::string("en") : language.toStdString()));

    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hyperbagel.png")));
    hb::ui::EngineClient engine;
    engine.setCudaDevices(runtime.ok() && runtime->cudaAvailable ? runtime->cudaDevices : 0);
    const QString screenshotPath = parser.value(screenshotOption);
    // Declared before the window, so it outlives it. Screenshots neither restore nor autosave.
    hb::ui::SessionStore session;
    const bool useSession = !parser.isSet(noSessionOption) && screenshotPath.isEmpty();
    hb::ui::MainWindow window(engine);
    if (useSession) {
        const QString root = parser.isSet(sessionDirOption) ? parser.value(sessionDirOption)
                                                            : hb::ui::SessionStore::defaultRoot();
        QString error;
        if (session.open(root, &error)) {
            hb::logInfo("session folder: " + session.folder().toStdString() +
                        (session.wasRecovered() ? " (recovered after an unexpected exit)" : ""));
            window.attachSession(&session);
        } else {
            hb::logWarning("no autosave: " + error.toStdString());
        }
    }
    if (screenshotPath.isEmpty()) {
        window.restoreWindowState(); // screenshots use the default layout, so they are reproducible
    }
    window.show();
    window.showRuntimeWarnings(runtimeWarnings(runtime));

    const QString imagePath = parser.isSet(imageOption) ? parser.value(imageOption)
                              : parser.positionalArguments().isEmpty()
                                  ? QString()
                                  : parser.positionalArguments().constFirst();
    if (!imagePath.isEmpty()) {
        window.openImageFile(imagePath);
    }
    const QString instruction = parser.value(instructionOption);
    if (!instruction.isEmpty()) {
        ScriptedEdit script;
        script.instruction = instruction;
        script.needImage = !imagePath.isEmpty();
        script.waitRefined = parser.isSet(waitRefinedOption);
        if (parser.isSet(waitTimeoutOption)) {
            bool ok = false;
            script.timeoutMs = parser.value(waitTimeoutOption).toInt(&ok);
            if (!ok || script.timeoutMs <= 0) {
                std::fprintf(stderr, "hyperbagel: --wait-timeout needs milliseconds, got '%s'\n",
                             qPrintable(parser.value(waitTimeoutOption)));
                return 2;
            }
        }
        const bool quit = parser.isSet(quitAfterScreenshotOption);
        script.done = [&window, screenshotPath, quit] {
            if (!screenshotPath.isEmpty()) {
                // A moment for the canvas to paint the result before it is grabbed.
                QTimer::singleShot(kScreenshotDelayMs, &window, [&window, screenshotPath, quit] {
                    saveScreenshots(window, screenshotPath, quit);
                });
            }
        };
        script.start(window, engine);
    }
    if (parser.isSet(loadModelOption)) {
        engine.loadModel(parser.value(loadModelOption), QStringLiteral("cpu"), QStringLiteral("fp32"));
    } else if (parser.isSet(modelOption)) {
        window.inspectModelFolder(parser.value(modelOption));
    } else if (const std::string bundled = hb::defaultModelDir(); !bundled.empty()) {
        // The app works the minute it is installed: the bundled ShapeWorld model loads on the CPU.
        engine.loadModel(QString::fromStdString(bundled), QStringLiteral("cpu"), QStringLiteral("fp32"));
    } else if (!instruction.isEmpty()) {
        std::fprintf(stderr, "hyperbagel: no bundled model was found; give one with --load-model <folder>\n");
        return kExitScriptFailed;
    }
    if (!screenshotPath.isEmpty() && instruction.isEmpty()) {
        auto shot = std::make_shared<bool>(false);
        auto shoot = [&window, screenshotPath, shot] {
            if (*shot) {
                return; // the inspection and the timeout may both fire
            }
            *shot = true;
            QTimer::singleShot(kScreenshotDelayMs, &window,
                               [&window, screenshotPath] { saveScreenshots(window, screenshotPath); });
        };
        if (parser.isSet(modelOption) && window.modelManager() != nullptr) {
            QObject::connect(window.modelManager(), &hb::ui::ModelManagerDialog::inspectionFinished, &window,
                             shoot, Qt::SingleShotConnection);
            QTimer::singleShot(kScreenshotTimeoutMs, &window, shoot); // never hang on a slow folder
        } else {
            shoot();
        }
    }
    if (parser.isSet(quitAfterOption)) {
        bool ok = false;
        const int ms = parser.value(quitAfterOption).toInt(&ok);
        if (!ok || ms < 0) {
            std::fprintf(stderr, "hyperbagel: --quit-after needs milliseconds, got '%s'\n",
                         qPrintable(parser.value(quitAfterOption)));
            return 2;
        }
        QTimer::singleShot(ms, &window, [&window] {
            window.close();
            QCoreApplication::quit();
        });
    }
    const int rc = QCoreApplication::exec();
    session.close(); // a clean exit: this session is not offered for recovery next time
    return rc;
}
