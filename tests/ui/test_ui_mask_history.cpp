// Mask strokes as history: every brush or eraser stroke (press to release) and every Clear Mask is one
// undo step on the window's undo stack, interleaved with the history's own steps, and undo / redo in
// any order give back the mask pixel for pixel; a step keeps only the stroke's rectangle. The masks
// are autosaved in the session folder and come back after a reload; a damaged or wrong-size mask file
// is reported and left out. (The SIGKILL case is in test_ui_session.)

#include <QAction>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QMouseEvent>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/session_store.h"

#include "ui_test_support.h"

using hb::ui::CanvasView;
using hb::ui::EngineClient;
using hb::ui::MainWindow;
using hb::ui::MaskEdit;
using hb::ui::SessionStore;

namespace {

constexpr int kWaitMs = 20000;

QImage gradient(QSize size, int seed) {
    QImage image(size, QImage::Format_RGB888);
    for (int y = 0; y < size.height(); ++y) {
        for (int x = 0; x < size.width(); ++x) {
            image.setPixelColor(x, y, QColor((x * 7 + seed) % 256, (y * 5 + seed) % 256, (x + y) % 256));
        }
    }
    return image;
}

/// SHA-1 of a mask's bytes row by row; "none" for a null mask.
QByteArray maskHash(const QImage& mask) {
    if (mask.isNull()) {
        return "none";
    }
    const QImage gray = mask.convertToFormat(QImage::Format_Grayscale8);
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (int y = 0; y < gray.height(); ++y) {
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(gray.constScanLine(y)), gray.width()));
    }
    return hash.result().toHex();
}

/// What undo / redo must give back at one index of the stack.
struct State {
    int node = 0;
    QByteArray mask;
    int feather = 0;
    bool operator==(const State& other) const {
        return node == other.node && mask == other.mask && feather == other.feather;
    }
};

State stateOf(const MainWindow& window) {
    return {window.history()->currentId(), maskHash(window.canvas()->mask()),
            window.canvas()->maskFeatherRadius()};
}

QString describe(const State& s) {
    return QStringLiteral("node %1, mask %2, feather %3")
        .arg(s.node)
        .arg(QString::fromLatin1(s.mask))
        .arg(s.feather);
}

QAction* action(const MainWindow& window, const char* name) {
    return window.findChild<QAction*>(QString::fromLatin1(name));
}

/// One stroke with the given brush, as a programmatic call (one undo step).
void stroke(CanvasView* canvas, CanvasView::BrushMode mode, int size, QPointF from, QPointF to) {
    canvas->setBrushMode(mode);
    canvas->setBrushSize(size);
    canvas->strokeMask(from, to);
}

bool waitForWrites(SessionStore& store) {
    QSignalSpy idle(&store, &SessionStore::idle);
    return store.pendingWrites() == 0 || idle.wait(kWaitMs);
}

} // namespace

class TestMaskHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void strokesUndoAndRedoPixelExactly() {
        EngineClient engine; // no model: Live stays off
        MainWindow window(engine);
        window.resize(900, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        CanvasView* canvas = window.canvas();
        QUndoStack* stack = window.undoStack();
        QList<MaskEdit> edits;
        connect(canvas, &CanvasView::maskEdited, this, [&edits](const MaskEdit& e) { edits.append(e); });
        QList<State> states{stateOf(window)}; // states[i]: what index i of the stack shows
        const auto step = [&] {
            states.append(stateOf(window));
            return stack->count() == states.size() - 1 && stack->index() == stack->count();
        };

        const QSize sizeA(100, 80);
        window.openImage(gradient(sizeA, 0), QStringLiteral("a"));
        const int a = window.history()->currentId();
        QVERIFY(step());
        stroke(canvas, CanvasView::BrushMode::Paint, 20, {10, 10}, {60, 10});
        QVERIFY(step());
        QCOMPARE(stack->text(stack->index() - 1), QStringLiteral("Paint Mask"));
        stroke(canvas, CanvasView::BrushMode::Erase, 8, {30, 0}, {30, 30});
        QVERIFY(step());
        QCOMPARE(stack->text(stack->index() - 1), QStringLiteral("Erase Mask"));
        stroke(canvas, CanvasView::BrushMode::Erase, 8, {90, 70}, {95, 70}); // erases nothing: no step
        QCOMPARE(stack->count(), states.size() - 1);

        // A mouse stroke, press to release over several moves: exactly one step.
        canvas->setBrushEnabled(true);
        canvas->setBrushMode(CanvasView::BrushMode::Paint);
        canvas->setBrushSize(12);
        const QRectF r = canvas->imageRect();
        const auto at = [&r, sizeA](double x, double y) {
            return QPointF(r.left() + x / sizeA.width() * r.width(),
                           r.top() + y / sizeA.height() * r.height())
                .toPoint();
        };
        QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, at(20, 50));
        for (const QPointF p : {QPointF(40, 55), QPointF(60, 60), QPointF(80, 60)}) {
            QMouseEvent move(QEvent::MouseMove, QPointF(at(p.x(), p.y())),
                             canvas->mapToGlobal(QPointF(at(p.x(), p.y()))), Qt::NoButton, Qt::LeftButton,
                             Qt::NoModifier);
            QApplication::sendEvent(canvas, &move);
        }
        QCOMPARE(stack->count(), states.size() - 1); // nothing until the release
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, at(80, 60));
        QVERIFY(step());
        canvas->setBrushEnabled(false);

        // History steps in between: another image, a stroke on it, back to the first, more strokes.
        window.openImage(gradient(QSize(64, 48), 40), QStringLiteral("b"));
        QVERIFY(step());
        QVERIFY(!canvas->hasMask());
        stroke(canvas, CanvasView::BrushMode::Paint, 16, {32, 24}, {50, 30});
        QVERIFY(step());
        window.goToNode(a);
        QVERIFY(step());
        QVERIFY(canvas->hasMask()); // node a's mask came back with it
        stroke(canvas, CanvasView::BrushMode::Paint, 30, {70, 20}, {70, 20});
        QVERIFY(step());
        action(window, "actionClearMask")->trigger();
        QVERIFY(step());
        QVERIFY(!canvas->hasMask());
        QCOMPARE(stack->text(stack->index() - 1), QStringLiteral("Clear Mask"));
        action(window, "actionClearMask")->trigger(); // nothing to clear: no step
        QCOMPARE(stack->count(), states.size() - 1);
        stroke(canvas, CanvasView::BrushMode::Paint, 6, {5, 75}, {95, 75});
        QVERIFY(step());

        // Every step holds only the rectangle it changed, before and after.
        QCOMPARE(edits.size(), 7);
        for (const MaskEdit& e : std::as_const(edits)) {
            QVERIFY(!e.rect.isEmpty());
            QCOMPARE(e.before.size(), e.rect.size());
            QCOMPARE(e.after.size(), e.rect.size());
            QVERIFY(e.before != e.after);
        }
        QCOMPARE(edits.at(0).rect, QRect(QPoint(0, 0), QPoint(70, 20))); // the first stroke's disc sweep
        QVERIFY(edits.at(1).rect.width() <= 9);                          // the eraser's thin column

        const auto check = [&](const char* what) {
            const State now = stateOf(window);
            const State& expected = states.at(stack->index());
            if (!(now == expected)) {
                qWarning("%s at index %d: %s, expected %s", what, stack->index(), qPrintable(describe(now)),
                         qPrintable(describe(expected)));
                return false;
            }
            return true;
        };
        // Ctrl+Z all the way back, Ctrl+Shift+Z all the way forward.
        QAction* undo = action(window, "actionUndo");
        QAction* redo = action(window, "actionRedo");
        QVERIFY(undo->shortcuts().contains(QKeySequence(QKeySequence::Undo)));
        while (stack->canUndo()) {
            undo->trigger();
            QVERIFY(check("undo"));
        }
        QCOMPARE(stack->index(), 0);
        while (stack->canRedo()) {
            redo->trigger();
            QVERIFY(check("redo"));
        }
        // Any order: random undo, redo and jumps.
        QRandomGenerator random(20251126);
        for (int i = 0; i < 300; ++i) {
            const int choice = random.bounded(3);
            if (choice == 0 && stack->canUndo()) {
                stack->undo();
            } else if (choice == 1 && stack->canRedo()) {
                stack->redo();
            } else if (choice == 2) {
                stack->setIndex(random.bounded(stack->count() + 1));
            }
            QVERIFY(check("random walk"));
        }
        // A new stroke after undoing drops the redo branch and is one step again.
        stack->setIndex(3);
        QVERIFY(check("jump"));
        stroke(canvas, CanvasView::BrushMode::Paint, 10, {80, 40}, {80, 40});
        QCOMPARE(stack->count(), 4);
        const State after = stateOf(window);
        stack->undo();
        QVERIFY(check("undo after a new branch"));
        stack->redo();
        QCOMPARE(stateOf(window), after);
    }

    void maskSurvivesSessionReload() {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QByteArray hashA;
        QByteArray hashB;
        int featherA = 0;
        int featherB = 0;
        QString folder;
        {
            SessionStore store;
            QVERIFY(store.open(root.path()));
            EngineClient engine;
            MainWindow window(engine);
            window.attachSession(&store);
            CanvasView* canvas = window.canvas();
            window.openImage(gradient(QSize(90, 70), 3), QStringLiteral("a"));
            const int a = window.history()->currentId();
            stroke(canvas, CanvasView::BrushMode::Paint, 24, {20, 20}, {70, 50});
            stroke(canvas, CanvasView::BrushMode::Erase, 10, {45, 0}, {45, 69});
            hashA = maskHash(canvas->mask());
            featherA = canvas->maskFeatherRadius();
            stroke(canvas, CanvasView::BrushMode::Erase, 30, {20, 20}, {20, 20});
            window.undoStack()->undo(); // what the file holds is the mask after the undo
            QCOMPARE(maskHash(canvas->mask()), hashA);
            window.openImage(gradient(QSize(40, 30), 9), QStringLiteral("b"));
            stroke(canvas, CanvasView::BrushMode::Paint, 8, {5, 5}, {30, 25});
            hashB = maskHash(canvas->mask());
            featherB = canvas->maskFeatherRadius();
            window.goToNode(a);
            QVERIFY(waitForWrites(store));
            folder = store.folder();
            const QImage saved(QDir(folder).filePath(QStringLiteral("mask-%1.png").arg(a)));
            QCOMPARE(saved.format(), QImage::Format_Grayscale8);
            QCOMPARE(maskHash(saved), hashA); // lossless
            // No close(): the next start recovers it, as after a crash.
        }
        {
            SessionStore store;
            QVERIFY(store.open(root.path()));
            QVERIFY(store.wasRecovered());
            QCOMPARE(store.folder(), folder);
            QVERIFY(store.recovered().problems.isEmpty());
            EngineClient engine;
            MainWindow window(engine);
            window.attachSession(&store);
            CanvasView* canvas = window.canvas();
            QCOMPARE(window.history()->count(), 2);
            QCOMPARE(maskHash(canvas->mask()), hashA);
            QCOMPARE(canvas->maskFeatherRadius(), featherA);
            QVERIFY(!window.statusBar()->currentMessage().contains(QStringLiteral("mask")));
            const int a = window.history()->currentId();
            const int b = window.history()->nodes().constLast().id;
            window.goToNode(b);
            QCOMPARE(maskHash(canvas->mask()), hashB);
            QCOMPARE(canvas->maskFeatherRadius(), featherB);

            // Clearing removes the file (the index no longer names it); undoing the clear writes it again.
            const QString fileB = QDir(folder).filePath(QStringLiteral("mask-%1.png").arg(b));
            action(window, "actionClearMask")->trigger();
            QVERIFY(waitForWrites(store));
            QVERIFY(!QFile::exists(fileB));
            QFile index(QDir(folder).filePath(QStringLiteral("index.json")));
            QVERIFY(index.open(QIODevice::ReadOnly));
            const QByteArray json = index.readAll();
            QVERIFY(!json.contains(QStringLiteral("mask-%1.png").arg(b).toLatin1()));
            QVERIFY(json.contains(QStringLiteral("mask-%1.png").arg(a).toLatin1()));
            window.undoStack()->undo();
            QCOMPARE(maskHash(canvas->mask()), hashB);
            QVERIFY(waitForWrites(store));
            QCOMPARE(maskHash(QImage(fileB)), hashB);
            store.close();
        }
    }

    void damagedMaskFileIsReportedAndIgnored_data() {
        QTest::addColumn<QByteArray>("damage");
        QTest::newRow("not a PNG") << QByteArray("corrupt");
        QTest::newRow("truncated") << QByteArray("truncated");
        QTest::newRow("wrong size") << QByteArray("size");
    }

    void damagedMaskFileIsReportedAndIgnored() {
        QFETCH(QByteArray, damage);
        QTemporaryDir root;
        QString file;
        int node = 0;
        {
            SessionStore store;
            QVERIFY(store.open(root.path()));
            EngineClient engine;
            MainWindow window(engine);
            window.attachSession(&store);
            window.openImage(gradient(QSize(60, 40), 1), QStringLiteral("a"));
            node = window.history()->currentId();
            stroke(window.canvas(), CanvasView::BrushMode::Paint, 20, {30, 20}, {40, 20});
            QVERIFY(waitForWrites(store));
            file = QDir(store.folder()).filePath(QStringLiteral("mask-%1.png").arg(node));
        }
        QFile damaged(file);
        QVERIFY(damaged.exists());
        if (damage == "size") {
            QImage other(30, 20, QImage::Format_Grayscale8);
            other.fill(255);
            QVERIFY(other.save(file, "PNG"));
        } else {
            QVERIFY(damaged.open(QIODevice::ReadWrite));
            const QByteArray bytes = damaged.readAll();
            damaged.resize(0);
            damaged.seek(0);
            damaged.write(damage == "corrupt" ? QByteArray("this is not a PNG file")
                                              : bytes.left(bytes.size() / 2));
            damaged.close();
        }

        SessionStore store;
        QVERIFY(store.open(root.path()));
        QVERIFY(store.wasRecovered());
        QCOMPARE(store.recovered().problems.size(), 1);
        const QString problem = store.recovered().problems.constFirst();
        QVERIFY2(problem.contains(QStringLiteral("mask-%1.png").arg(node)) &&
                     problem.contains(QStringLiteral("ignored")),
                 qPrintable(problem));
        if (damage == "size") {
            QVERIFY2(problem.contains(QStringLiteral("30 × 20")) &&
                         problem.contains(QStringLiteral("60 × 40")),
                     qPrintable(problem));
        }
        EngineClient engine;
        MainWindow window(engine);
        window.attachSession(&store);
        QCOMPARE(window.history()->count(), 1); // the image itself is restored
        QVERIFY(!window.canvas()->hasMask());
        QVERIFY2(window.statusBar()->currentMessage().contains(problem),
                 qPrintable(window.statusBar()->currentMessage()));
        // The session goes on: a new stroke writes a good file that the index names again.
        stroke(window.canvas(), CanvasView::BrushMode::Paint, 10, {10, 10}, {10, 10});
        QVERIFY(waitForWrites(store));
        const QImage rewritten(file);
        QCOMPARE(rewritten.size(), QSize(60, 40));
        QCOMPARE(maskHash(rewritten), maskHash(window.canvas()->mask()));
        store.close();
    }
};

QTEST_MAIN(TestMaskHistory)
#include "test_ui_mask_history.moc"
