// hb_session_child: the process test_ui_session kills. It runs the app's own pieces (EngineClient,
// MainWindow, SessionStore) on the golden model: opens an image, applies three live edits (one of
// them on a branch), paints a mask on the current node (two strokes, the second undone), shows a
// fourth live result, starts that result's long refine and, once the refine is running and
// everything shown is autosaved, prints what a restart must bring back:
//   NODE <id> <parent> <sha1 of the RGB pixels>     one per history node
//   CURRENT <id>
//   MASK <id> <sha1 of the mask's pixels> <feather radius>
//   LIVE <sha1> <prompt>
//   FOLDER <session folder>
//   READY
// Then it keeps generating until it is killed. Usage: hb_session_child <session root>

#include <QApplication>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QSignalSpy>
#include <QUndoStack>
#include <cstdio>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"
#include "hyperbagel/ui/session_store.h"

#include "ui_test_support.h"

using hb::ui::EngineClient;
using hb::ui::GeneratedImage;
using hb::ui::LiveController;
using hb::ui::MainWindow;

namespace {

constexpr int kWaitMs = 90000;

using hbuitest::pixelHash;

int fail(const char* what) {
    std::fprintf(stderr, "hb_session_child: %s\n", what);
    return 1;
}

/// Types `prompt` in Live mode and waits for the result of the last stage; false on timeout.
bool liveResult(MainWindow& window, const QString& prompt, bool last) {
    QSignalSpy ready(window.live(), &LiveController::resultReady);
    window.findChild<QLineEdit*>(QStringLiteral("promptInstruction"))->setText(prompt);
    while (ready.wait(kWaitMs)) {
        if (!last || ready.constLast().at(2).toBool()) {
            return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc != 2) {
        return fail("usage: hb_session_child <session root>");
    }
    hb::ui::SessionStore session;
    if (!session.open(QString::fromLocal8Bit(argv[1]))) {
        return fail("cannot open the session");
    }
    EngineClient engine;
    MainWindow window(engine);
    window.attachSession(&session);
    window.show();
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    engine.loadModel(QDir::cleanPath(QStringLiteral(HB_GOLDEN_DIR "/model")), QStringLiteral("cpu"),
                     QStringLiteral("fp32"));
    if (!loaded.wait(kWaitMs)) {
        return fail("the model did not load");
    }
    window.live()->setTimesteps(3, 4);
    window.findChild<QCheckBox*>(QStringLiteral("liveToggle"))->setChecked(true);

    QImage image(32, 32, QImage::Format_RGB888);
    image.fill(Qt::yellow);
    window.openImage(image, QStringLiteral("yellow"));
    const int first = window.history()->currentId();
    for (const char* prompt : {"make it blue", "make it green"}) {
        if (!liveResult(window, QString::fromLatin1(prompt), true)) {
            return fail("no live result");
        }
        window.applyResult();
    }
    window.goToNode(first); // the next edit branches from the first image
    if (!liveResult(window, QStringLiteral("make it red"), true)) {
        return fail("no live result on the branch");
    }
    window.applyResult();

    // A mask on the current node: a stroke, and an eraser stroke that is undone again.
    hb::ui::CanvasView* canvas = window.canvas();
    canvas->setBrushSize(10);
    canvas->strokeMask(QPointF(6, 8), QPointF(24, 20));
    const QImage mask = canvas->mask();
    const int feather = canvas->maskFeatherRadius();
    canvas->setBrushMode(hb::ui::CanvasView::BrushMode::Erase);
    canvas->strokeMask(QPointF(6, 8), QPointF(6, 8));
    window.undoStack()->undo();
    if (canvas->mask() != mask) {
        return fail("undoing the eraser stroke did not restore the mask");
    }

    // The live result to recover, then a long refine to be killed in.
    window.live()->setTimesteps(3, 400);
    QSignalSpy progress(&engine, &EngineClient::generationProgress);
    if (!liveResult(window, QStringLiteral("make it white"), false)) {
        return fail("no live preview");
    }
    const GeneratedImage live = window.result();
    while (progress.isEmpty() || progress.constLast().at(1).toInt() < 100) { // the 399-step refine runs
        if (!progress.wait(kWaitMs)) {
            return fail("the refine did not start");
        }
    }
    QSignalSpy idle(&session, &hb::ui::SessionStore::idle);
    if (session.pendingWrites() > 0 && !idle.wait(kWaitMs)) {
        return fail("the autosave did not finish");
    }
    for (const hb::ui::HistoryNode& node : window.history()->nodes()) {
        std::printf("NODE %d %d %s\n", node.id, node.parentId, pixelHash(node.image).constData());
    }
    std::printf("CURRENT %d\n", window.history()->currentId());
    std::printf("MASK %d %s %d\n", window.history()->currentId(), pixelHash(mask).constData(), feather);
    std::printf("LIVE %s %s\n", pixelHash(live.image).constData(), live.prompt.toUtf8().constData());
    std::printf("FOLDER %s\n", QDir::toNativeSeparators(session.folder()).toUtf8().constData());
    std::printf("READY\n");
    std::fflush(stdout);
    return QApplication::exec(); // generating until killed
}
