// Main window: all regions exist, model-dependent controls are disabled and say why, the canvas
// opens image files and zooms, and the window state persists (history: test_ui_history).

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QDockWidget>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_panel.h"
#include "hyperbagel/ui/main_window.h"

using hb::ui::CanvasView;
using hb::ui::EngineClient;
using hb::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    QString writeTestImage(const QString& name, QSize size) {
        QImage image(size, QImage::Format_ARGB32);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setBrush(Qt::red);
        painter.drawEllipse(QRect(QPoint(0, 0), size));
        painter.end();
        const QString path = m_tmp.filePath(name);
        return image.save(path) ? path : QString();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("HyperBagelTests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_ui_main_window"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                           m_tmp.filePath(QStringLiteral("settings")));
    }

    void showsAllRegions() {
        EngineClient engine;
        MainWindow window(engine);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const char* const widgets[] = {
            "canvasView",     "promptBar",    "chatPane",     "historyPanel",  "promptInstruction",
            "liveToggle",     "tierSelector", "seedSpin",     "seedLock",      "aspectSelector",
            "chatTranscript", "chatInput",    "historyStrip", "historySearch", "modelStateLabel"};
        for (const char* name : widgets) {
            QWidget* widget = window.findChild<QWidget*>(QString::fromLatin1(name));
            QVERIFY2(widget != nullptr, name);
            QVERIFY2(widget->isVisibleTo(&window) ||
                         QString::fromLatin1(name) == QStringLiteral("historyStrip"),
                     name);
        }
        auto* chatDock = window.findChild<QDockWidget*>(QStringLiteral("chatDock"));
        auto* historyDock = window.findChild<QDockWidget*>(QStringLiteral("historyDock"));
        QVERIFY(chatDock && historyDock);
        QCOMPARE(window.dockWidgetArea(chatDock), Qt::RightDockWidgetArea);
        QCOMPARE(window.dockWidgetArea(historyDock), Qt::BottomDockWidgetArea);
        for (const char* menu : {"menuFile", "menuEdit", "menuView", "menuModel", "menuHelp"}) {
            QVERIFY2(window.findChild<QMenu*>(QString::fromLatin1(menu)) != nullptr, menu);
        }
        auto shortcut = [&](const char* action) {
            auto* found = window.findChild<QAction*>(QString::fromLatin1(action));
            return found ? found->shortcut() : QKeySequence();
        };
        QCOMPARE(shortcut("actionOpen"), QKeySequence(QKeySequence::Open));
        QCOMPARE(shortcut("actionFit"), QKeySequence(Qt::CTRL | Qt::Key_0));
        QCOMPARE(shortcut("actionZoomIn"), QKeySequence(Qt::CTRL | Qt::Key_Equal));
        QCOMPARE(shortcut("actionZoomOut"), QKeySequence(Qt::CTRL | Qt::Key_Minus));
        QCOMPARE(shortcut("actionPaste"), QKeySequence(QKeySequence::Paste));
        QVERIFY(window.findChild<QAction*>(QStringLiteral("actionExport")));
        QVERIFY(window.findChild<QAction*>(QStringLiteral("actionQuit")));
        QVERIFY(window.findChild<QAction*>(QStringLiteral("actionModelManager")));

        auto* warning = window.findChild<QLabel*>(QStringLiteral("runtimeWarningLabel"));
        QVERIFY(warning && warning->isHidden());
        window.showRuntimeWarnings({QStringLiteral("slow BLAS: reference libblas")});
        QVERIFY(!warning->isHidden());
        QVERIFY(warning->toolTip().contains(QStringLiteral("slow BLAS")));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("slow BLAS")));
    }

    void pasteAndDropOpenImages() {
        EngineClient engine;
        MainWindow window(engine);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QImage image(120, 80, QImage::Format_RGB32);
        image.fill(Qt::green);
        QApplication::clipboard()->setImage(image);
        window.findChild<QAction*>(QStringLiteral("actionPaste"))->trigger();
        QVERIFY(window.canvas()->hasImage());
        QCOMPARE(window.canvas()->image().size(), QSize(120, 80));

        auto* mime = new QMimeData;
        QImage dropped(50, 40, QImage::Format_RGB32);
        dropped.fill(Qt::yellow);
        mime->setImageData(dropped);
        const QPointF at = QRectF(window.canvas()->rect()).center();
        QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.canvas(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.canvas(), &drop);
        QCOMPARE(window.canvas()->image().size(), QSize(50, 40));
        QCOMPARE(window.historyPanel()->entryCount(), 2);
        delete mime;
    }

    void middleButtonPans() {
        CanvasView canvas;
        canvas.resize(400, 300);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QImage image(800, 600, QImage::Format_RGB32);
        image.fill(Qt::gray);
        canvas.setImage(image);
        canvas.zoomToActualSize(); // larger than the view: there is room to pan
        const QPointF before = canvas.imageRect().topLeft();
        QTest::mousePress(&canvas, Qt::MiddleButton, Qt::NoModifier, QPoint(200, 150));
        QMouseEvent move(QEvent::MouseMove, QPointF(240, 170), canvas.mapToGlobal(QPointF(240, 170)),
                         Qt::NoButton, Qt::MiddleButton, Qt::NoModifier);
        QApplication::sendEvent(&canvas, &move);
        QTest::mouseRelease(&canvas, Qt::MiddleButton, Qt::NoModifier, QPoint(240, 170));
        QCOMPARE(canvas.imageRect().topLeft(), before + QPointF(40, 20));
    }

    /// A result over the base image: the overlay, the compare split with a draggable divider, and
    /// hold-to-peek (backslash) showing the base image while the key is held.
    void canvasComparesAndPeeks() {
        CanvasView canvas;
        canvas.resize(400, 300);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QImage before(100, 100, QImage::Format_RGB32);
        before.fill(Qt::red);
        QImage after(100, 100, QImage::Format_RGB32);
        after.fill(Qt::blue);
        canvas.setImage(before);
        canvas.setResult(after, QStringLiteral("Full · 3 steps · 0.10 s · seed 1"));
        QVERIFY(canvas.hasResult());
        QCOMPARE(canvas.image(), after);
        QCOMPARE(canvas.baseImage(), before);
        QCOMPARE(canvas.overlayText(), QStringLiteral("Full · 3 steps · 0.10 s · seed 1"));
        // Colour on screen at a fraction of the image's width, below the overlay and above the labels.
        const auto shown = [&canvas](double fx) {
            const QImage shot = canvas.grab().toImage();
            const QRectF r = canvas.imageRect();
            return shot.pixelColor(QPointF(r.left() + r.width() * fx, r.top() + r.height() * 0.6).toPoint());
        };
        QCOMPARE(shown(0.25), QColor(Qt::blue));
        QCOMPARE(shown(0.75), QColor(Qt::blue));

        canvas.setCompareEnabled(true);
        QCOMPARE(canvas.comparePosition(), 0.5);
        QCOMPARE(shown(0.25), QColor(Qt::red)); // before, left of the divider
        QCOMPARE(shown(0.75), QColor(Qt::blue));
        const QRectF r = canvas.imageRect();
        const QPoint grabAt = QPointF(r.left() + r.width() * 0.5, r.center().y()).toPoint();
        const QPoint dropAt = QPointF(r.left() + r.width() * 0.9, r.center().y()).toPoint();
        QTest::mousePress(&canvas, Qt::LeftButton, Qt::NoModifier, grabAt);
        QMouseEvent move(QEvent::MouseMove, QPointF(dropAt), canvas.mapToGlobal(QPointF(dropAt)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&canvas, &move);
        QTest::mouseRelease(&canvas, Qt::LeftButton, Qt::NoModifier, dropAt);
        QVERIFY(qAbs(canvas.comparePosition() - 0.9) < 0.01);
        QCOMPARE(shown(0.75), QColor(Qt::red));
        QCOMPARE(shown(0.95), QColor(Qt::blue));

        QTest::keyPress(&canvas, CanvasView::kPeekKey);
        QVERIFY(canvas.isPeeking());
        QCOMPARE(shown(0.95), QColor(Qt::red)); // the whole base image while held
        QTest::keyRelease(&canvas, CanvasView::kPeekKey);
        QVERIFY(!canvas.isPeeking());
        QCOMPARE(shown(0.95), QColor(Qt::blue));

        canvas.clearResult();
        QCOMPARE(canvas.image(), before);
        QCOMPARE(shown(0.95), QColor(Qt::red));
    }

    void modelControlsDisabledWithReason() {
        EngineClient engine;
        MainWindow window(engine);
        window.show();
        for (const char* name :
             {"generateButton", "editButton", "applyButton", "chatSendButton", "chatStopButton"}) {
            auto* button = window.findChild<QPushButton*>(QString::fromLatin1(name));
            QVERIFY2(button != nullptr, name);
            QVERIFY2(!button->isEnabled(), name);
            QVERIFY2(button->toolTip().contains(QStringLiteral("model must be loaded")), name);
        }
        auto* live = window.findChild<QCheckBox*>(QStringLiteral("liveToggle"));
        QVERIFY(!live->isEnabled());
        QVERIFY(live->toolTip().contains(QStringLiteral("model must be loaded")));
        // Typing a question still does not enable Send without a model.
        QTest::keyClicks(window.findChild<QWidget*>(QStringLiteral("chatInput")),
                         QStringLiteral("what is this?"));
        QVERIFY(!window.findChild<QPushButton*>(QStringLiteral("chatSendButton"))->isEnabled());
        QVERIFY(window.findChild<QWidget*>(QStringLiteral("modelStateLabel"))
                    ->property("text")
                    .toString()
                    .contains(QStringLiteral("No model loaded")));
    }

    void canvasOpensImageAndZooms() {
        const QString path = writeTestImage(QStringLiteral("circle.png"), QSize(400, 300));
        QVERIFY(!path.isEmpty());
        EngineClient engine;
        MainWindow window(engine);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        CanvasView* canvas = window.canvas();
        QVERIFY(!canvas->hasImage());
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("actionFit"))->isEnabled());

        QSignalSpy changed(canvas, &CanvasView::imageChanged);
        window.openImageFile(path); // read off the GUI thread
        QVERIFY(changed.wait(5000));
        QVERIFY(canvas->hasImage());
        QCOMPARE(canvas->image().size(), QSize(400, 300));
        QVERIFY(canvas->image().hasAlphaChannel());
        QCOMPARE(window.historyPanel()->entryCount(), 1);
        QVERIFY(window.windowTitle().contains(QStringLiteral("circle.png")));

        const double fitted = canvas->scale();
        QVERIFY(canvas->isFitMode());
        QVERIFY(fitted > 0.0);
        const QRectF shown = canvas->imageRect();
        QVERIFY(QRectF(canvas->rect()).contains(shown)); // fitted: entirely visible

        window.findChild<QAction*>(QStringLiteral("actionZoomIn"))->trigger();
        QVERIFY(qFuzzyCompare(canvas->scale(), fitted * CanvasView::kZoomStep));
        QVERIFY(!canvas->isFitMode());
        window.findChild<QAction*>(QStringLiteral("actionZoomOut"))->trigger();
        window.findChild<QAction*>(QStringLiteral("actionZoomOut"))->trigger();
        QVERIFY(canvas->scale() < fitted);
        window.findChild<QAction*>(QStringLiteral("actionActualSize"))->trigger();
        QCOMPARE(canvas->scale(), 1.0);
        window.findChild<QAction*>(QStringLiteral("actionFit"))->trigger();
        QVERIFY(qFuzzyCompare(canvas->scale(), fitted));

        // Wheel zoom about the cursor.
        const QPoint centre = canvas->rect().center();
        QWheelEvent wheel(centre, canvas->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas, &wheel);
        QVERIFY(qFuzzyCompare(canvas->scale(), fitted * CanvasView::kZoomStep));

        // Fit follows the window size.
        canvas->fitToWindow();
        window.resize(window.width() + 300, window.height() + 200);
        QTRY_VERIFY(canvas->scale() > fitted);
    }

    void unreadableFileLeavesCanvasEmpty() {
        const QString path = m_tmp.filePath(QStringLiteral("not-an-image.png"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("definitely not a PNG");
        file.close();
        EngineClient engine;
        MainWindow window(engine);
        window.show();
        window.openImageFile(path);
        QTest::qWait(300);
        QVERIFY(!window.canvas()->hasImage());
        QCOMPARE(window.historyPanel()->entryCount(), 0);
    }

    void windowStateIsSaved() {
        {
            EngineClient engine;
            MainWindow window(engine);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.findChild<QDockWidget*>(QStringLiteral("chatDock"))->hide();
            window.close(); // closeEvent saves
        }
        QVERIFY(QSettings().contains(QStringLiteral("mainWindow/state")));
        EngineClient engine;
        MainWindow window(engine);
        window.restoreWindowState();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* chatDock = window.findChild<QDockWidget*>(QStringLiteral("chatDock"));
        QVERIFY(chatDock->isHidden());
        window.resetLayout();
        QVERIFY(!chatDock->isHidden());
        QSettings().clear();
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_ui_main_window.moc"
