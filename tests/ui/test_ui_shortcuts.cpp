// Keyboard shortcuts: each frequent action (Generate, Edit, Apply, Live, Undo / Redo, the mask brush
// and its controls, new seed, Stop) is triggered by its key with the canvas focused and does what it
// says; holding the peek key shows the image under the result even when the canvas lacks focus; a
// chat input keeps Ctrl+Return for Send; Help ▸ Keyboard Shortcuts lists every shortcut.

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>
#include <QUndoStack>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/chat_pane.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"
#include "hyperbagel/ui/shortcuts_dialog.h"

#include "ui_test_support.h"

using hb::ui::CanvasView;
using hb::ui::EngineClient;
using hb::ui::MainWindow;
using hb::ui::ShortcutsDialog;

namespace {
constexpr int kWaitMs = 90000;
using hbuitest::filledImage;
} // namespace

class TestShortcuts : public QObject {
    Q_OBJECT

private:
    EngineClient* m_engine = nullptr;
    MainWindow* m_window = nullptr;

    QAction* action(const char* name) const {
        return m_window->findChild<QAction*>(QString::fromLatin1(name));
    }

    /// Presses the action's first shortcut on `target` (default: the canvas); true when the action
    /// was triggered exactly once.
    bool press(const char* name, QWidget* target = nullptr) {
        QAction* found = action(name);
        if (found == nullptr || found->shortcut().isEmpty()) {
            qWarning("%s: no such action or no shortcut", name);
            return false;
        }
        QSignalSpy triggered(found, &QAction::triggered);
        const QKeyCombination keys = found->shortcut()[0];
        QTest::keyClick(target != nullptr ? target : m_window->canvas(), keys.key(),
                        keys.keyboardModifiers());
        if (triggered.count() != 1) {
            qWarning("%s (%s): triggered %d times", name, qPrintable(found->shortcut().toString()),
                     static_cast<int>(triggered.count()));
        }
        return triggered.count() == 1;
    }

private Q_SLOTS:
    void initTestCase() {
        m_engine = new EngineClient(this);
        m_window = new MainWindow(*m_engine);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window));
        QSignalSpy loaded(m_engine, &EngineClient::modelLoaded);
        m_engine->loadModel(hbuitest::goldenModel(), QStringLiteral("cpu"), QStringLiteral("fp32"));
        QVERIFY(loaded.wait(kWaitMs));
        m_window->openImage(filledImage(Qt::red), QStringLiteral("red"));
        m_window->openImage(filledImage(Qt::green), QStringLiteral("green"));
        m_window->canvas()->setFocus();
    }

    void liveToggles() {
        QVERIFY(press("actionLive"));
        QVERIFY(m_window->promptBar()->isLive());
        QVERIFY(m_window->live()->isActive());
        QVERIFY(press("actionLive"));
        QVERIFY(!m_window->promptBar()->isLive());
        QVERIFY(!m_window->live()->isActive());
    }

    void generateEditStop() {
        m_window->promptBar()->setInstruction(QStringLiteral("make it blue"));
        const quint64 before = m_engine->latestGenerationId();
        QVERIFY(press("actionGenerate"));
        QCOMPARE(m_engine->latestGenerationId(), before + 1);
        QVERIFY(press("actionEdit"));
        QCOMPARE(m_engine->latestGenerationId(), before + 2);
        QVERIFY(press("actionStop"));
        QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Stopped."));
        QTRY_VERIFY_WITH_TIMEOUT(!m_engine->isGenerating(), kWaitMs);
    }

    /// Where the instruction is typed, Ctrl+G and Ctrl+Return reach the window's actions.
    void generateAndEditFromTheInstructionField() {
        auto* prompt = m_window->findChild<QLineEdit*>(QStringLiteral("promptInstruction"));
        prompt->setFocus();
        const quint64 before = m_engine->latestGenerationId();
        QVERIFY(press("actionGenerate", prompt));
        QVERIFY(press("actionEdit", prompt));
        QCOMPARE(m_engine->latestGenerationId(), before + 2);
        QCOMPARE(prompt->text(), QStringLiteral("make it blue")); // nothing typed into the field
        QVERIFY(press("actionStop", prompt));
        QTRY_VERIFY_WITH_TIMEOUT(!m_engine->isGenerating(), kWaitMs);
        m_window->canvas()->setFocus();
    }

    void applyUndoRedo() {
        m_window->showResult(hbuitest::editResult(m_window->history()->currentId(), filledImage(Qt::blue),
                                                  QStringLiteral("make it blue"), 7));
        QVERIFY(m_window->hasResult());
        const int nodes = m_window->history()->count();
        QVERIFY(press("actionApply"));
        QCOMPARE(m_window->history()->count(), nodes + 1);
        QVERIFY(press("actionUndo"));
        QCOMPARE(m_window->history()->count(), nodes);
        QVERIFY(press("actionRedo"));
        QCOMPARE(m_window->history()->count(), nodes + 1);
    }

    void newSeed() {
        const int seed = m_window->promptBar()->seed();
        QVERIFY(press("actionNewSeed"));
        QVERIFY(m_window->promptBar()->seed() != seed); // one chance in two billion to repeat
    }

    void maskBrush() {
        CanvasView* canvas = m_window->canvas();
        QVERIFY(press("actionMaskBrush"));
        QVERIFY(canvas->isBrushEnabled());
        QVERIFY(press("actionMaskErase"));
        QCOMPARE(canvas->brushMode(), CanvasView::BrushMode::Erase);
        QVERIFY(press("actionMaskErase"));
        QCOMPARE(canvas->brushMode(), CanvasView::BrushMode::Paint);
        const int size = canvas->brushSize();
        QVERIFY(press("actionBrushLarger"));
        QVERIFY(canvas->brushSize() > size);
        QCOMPARE(m_window->findChild<QSpinBox*>(QStringLiteral("brushSizeSpin"))->value(),
                 canvas->brushSize());
        QVERIFY(press("actionBrushSmaller"));
        QCOMPARE(canvas->brushSize(), size);
        QVERIFY(press("actionShowMask"));
        QVERIFY(!canvas->isMaskVisible());
        QVERIFY(press("actionShowMask"));
        QVERIFY(canvas->isMaskVisible());
        canvas->strokeMask(QPointF(8, 8), QPointF(20, 8));
        QVERIFY(canvas->hasMask());
        QVERIFY(press("actionClearMask"));
        QVERIFY(!canvas->hasMask());
        QVERIFY(press("actionMaskBrush"));
        QVERIFY(!canvas->isBrushEnabled());
    }

    void peekWhereverTheFocusIs() {
        CanvasView* canvas = m_window->canvas();
        QTest::keyPress(canvas, CanvasView::kPeekKey);
        QVERIFY(canvas->isPeeking());
        QTest::keyRelease(canvas, CanvasView::kPeekKey);
        QVERIFY(!canvas->isPeeking());
        // A button ignores the key: it reaches the window, which peeks all the same.
        auto* button = m_window->findChild<QPushButton*>(QStringLiteral("generateButton"));
        button->setFocus();
        QTest::keyPress(button, CanvasView::kPeekKey);
        QVERIFY(canvas->isPeeking());
        QTest::keyRelease(button, CanvasView::kPeekKey);
        QVERIFY(!canvas->isPeeking());
        canvas->setFocus();
    }

    void chatKeepsCtrlReturn() {
        auto* input = m_window->findChild<QWidget*>(QStringLiteral("chatInput"));
        QVERIFY(input != nullptr);
        input->setFocus();
        QSignalSpy edit(action("actionEdit"), &QAction::triggered);
        QSignalSpy send(m_window->chatPane(), &hb::ui::ChatPane::sendRequested);
        QTest::keyClicks(input, QStringLiteral("what colour is it?"));
        QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(edit.count(), 0);
        QCOMPARE(send.count(), 1);
        m_engine->cancelAsk();
        m_window->canvas()->setFocus();
    }

    void dialogListsEveryShortcut() {
        QVERIFY(press("actionShortcuts"));
        auto* dialog = m_window->findChild<ShortcutsDialog*>();
        QVERIFY(dialog != nullptr);
        QVERIFY(dialog->isVisible());
        const QList<ShortcutsDialog::Row> rows = dialog->rows();
        const QList<QAction*> actions = m_window->shortcutActions();
        QVERIFY(actions.size() >= 20);
        for (const char* name : {"actionGenerate", "actionEdit", "actionApply", "actionLive", "actionUndo",
                                 "actionRedo", "actionMaskBrush", "actionNewSeed", "actionStop"}) {
            QVERIFY2(actions.contains(action(name)), name);
        }
        for (QAction* listed : actions) {
            const QString keys = listed->shortcut().toString(QKeySequence::NativeText);
            const bool shown =
                std::any_of(rows.cbegin(), rows.cend(),
                            [&keys](const ShortcutsDialog::Row& row) { return row.keys.contains(keys); });
            QVERIFY2(shown, qPrintable(listed->objectName()));
        }
        // The peek key is not an action, but it is listed.
        const QString peek = QKeySequence(CanvasView::kPeekKey).toString(QKeySequence::NativeText);
        QVERIFY(std::any_of(rows.cbegin(), rows.cend(),
                            [&peek](const ShortcutsDialog::Row& row) { return row.keys.contains(peek); }));
        dialog->close();
    }

    void cleanupTestCase() {
        delete m_window;
        m_window = nullptr;
    }
};

QTEST_MAIN(TestShortcuts)
#include "test_ui_shortcuts.moc"
