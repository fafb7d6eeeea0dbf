// History: applied results become nodes (with prompt, tier, seed, timing); applying an edit made
// from an earlier node starts a branch; Undo / Redo (the Edit menu's actions on the QUndoStack) walk
// across branches and restore the right node and canvas image; search filters by prompt and tier;
// a result made from another node is never painted over the current one. No engine is needed: the
// results are built here as the engine would deliver them.

#include <QAction>
#include <QImage>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/history_panel.h"
#include "hyperbagel/ui/main_window.h"

#include "ui_test_support.h"

using hb::ui::EngineClient;
using hb::ui::GeneratedImage;
using hb::ui::HistoryModel;
using hb::ui::HistoryNode;
using hb::ui::HistoryPanel;
using hb::ui::MainWindow;

namespace {

QImage filled(Qt::GlobalColor colour) { return hbuitest::filledImage(colour); }

/// An edit of `sourceNode` as EngineClient would deliver it.
GeneratedImage editResult(int sourceNode, Qt::GlobalColor colour, const QString& prompt, quint64 seed) {
    return hbuitest::editResult(sourceNode, filled(colour), prompt, seed);
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT

private:
    /// Shows an edit of the current node and applies it; returns the new node's id.
    static int applyEdit(MainWindow& window, Qt::GlobalColor colour, const QString& prompt, quint64 seed) {
        window.showResult(editResult(window.history()->currentId(), colour, prompt, seed));
        if (!window.hasResult()) {
            return 0;
        }
        window.applyResult();
        return window.history()->currentId();
    }

    static void checkCurrent(MainWindow& window, int id, Qt::GlobalColor colour) {
        QCOMPARE(window.history()->currentId(), id);
        QCOMPARE(window.canvas()->baseImage(), filled(colour).convertToFormat(window.canvas()->baseImage().format()));
        QVERIFY(!window.canvas()->hasResult());
        QVERIFY(!window.hasResult());
    }

private Q_SLOTS:
    void undoRedoAcrossBranches() {
        EngineClient engine;
        MainWindow window(engine);
        window.show();
        QAction* undo = window.findChild<QAction*>(QStringLiteral("actionUndo"));
        QAction* redo = window.findChild<QAction*>(QStringLiteral("actionRedo"));
        QVERIFY(undo && redo);
        QVERIFY(!undo->isEnabled());

        window.openImage(filled(Qt::red), QStringLiteral("red.png"));
        const int red = window.history()->currentId();
        const int blue = applyEdit(window, Qt::blue, QStringLiteral("make it blue"), 11);
        const int green = applyEdit(window, Qt::green, QStringLiteral("make it green"), 12);
        QVERIFY(red > 0 && blue > red && green > blue);
        QCOMPARE(window.history()->node(blue)->parentId, red);
        QCOMPARE(window.history()->node(green)->parentId, blue);
        checkCurrent(window, green, Qt::green);

        // Back to the first node, then an edit from there: a branch beside blue -> green.
        window.goToNode(red);
        checkCurrent(window, red, Qt::red);
        const int yellow = applyEdit(window, Qt::yellow, QStringLiteral("make it yellow"), 13);
        QCOMPARE(window.history()->node(yellow)->parentId, red);
        QCOMPARE(window.history()->childrenOf(red), QList<int>({blue, yellow}));
        QCOMPARE(window.historyPanel()->entryCount(), 4);
        const HistoryNode* node = window.history()->node(yellow);
        QCOMPARE(node->prompt, QStringLiteral("make it yellow"));
        QCOMPARE(node->tier, QStringLiteral("full"));
        QCOMPARE(node->seed, quint64(13));
        QCOMPARE(node->steps, 3);
        QCOMPARE(node->elapsedMs, 250.0);
        // The strip marks the branch.
        auto* strip = window.findChild<QListWidget*>(QStringLiteral("historyStrip"));
        QVERIFY(strip->item(3)->text().startsWith(QStringLiteral("\u21b3")));
        QVERIFY(strip->item(3)->toolTip().contains(QStringLiteral("seed 13")));
        QCOMPARE(strip->currentItem(), strip->item(3));

        // Undo walks back across the branch point: remove yellow, return to green, remove green...
        undo->trigger();
        checkCurrent(window, red, Qt::red);
        QVERIFY(window.history()->node(yellow) == nullptr);
        undo->trigger();
        checkCurrent(window, green, Qt::green);
        undo->trigger();
        checkCurrent(window, blue, Qt::blue);
        QVERIFY(window.history()->node(green) == nullptr);
        QCOMPARE(window.historyPanel()->entryCount(), 2);

        // ...and Redo forward again to the branch.
        redo->trigger();
        checkCurrent(window, green, Qt::green);
        QCOMPARE(window.history()->node(green)->parentId, blue);
        redo->trigger();
        checkCurrent(window, red, Qt::red);
        redo->trigger();
        checkCurrent(window, yellow, Qt::yellow);
        QCOMPARE(window.history()->node(yellow)->parentId, red);
        QVERIFY(!redo->isEnabled());
        QCOMPARE(window.historyPanel()->entryCount(), 4);

        // Undo down to nothing clears the canvas; the first Redo reopens the image.
        while (window.undoStack()->canUndo()) {
            undo->trigger();
        }
        QCOMPARE(window.history()->count(), 0);
        QVERIFY(!window.canvas()->hasImage());
        redo->trigger();
        checkCurrent(window, red, Qt::red);
    }

    void clickingANodeGoesThereAndCanBeUndone() {
        EngineClient engine;
        MainWindow window(engine);
        window.show();
        window.openImage(filled(Qt::red), QStringLiteral("red.png"));
        const int red = window.history()->currentId();
        const int blue = applyEdit(window, Qt::blue, QStringLiteral("make it blue"), 1);
        auto* strip = window.findChild<QListWidget*>(QStringLiteral("historyStrip"));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect first = strip->visualItemRect(strip->item(0));
        QTest::mouseClick(strip->viewport(), Qt::LeftButton, Qt::NoModifier, first.center());
        checkCurrent(window, red, Qt::red);
        window.undoStack()->undo();
        checkCurrent(window, blue, Qt::blue);
    }

    void applyDrawsANewSeedUnlessLocked() {
        EngineClient engine;
        MainWindow window(engine);
        window.openImage(filled(Qt::red), QStringLiteral("red.png"));
        auto* seed = window.findChild<QSpinBox*>(QStringLiteral("seedSpin"));
        auto* lock = window.findChild<QToolButton*>(QStringLiteral("seedLock"));
        QVERIFY(seed != nullptr && lock != nullptr);
        lock->setChecked(true);
        const int locked = seed->value();
        applyEdit(window, Qt::blue, QStringLiteral("make it blue"), 1);
        QCOMPARE(seed->value(), locked);
        lock->setChecked(false);
        // A fresh seed after each Apply (both draws equal to the old seed: odds of 1 in 2^62).
        applyEdit(window, Qt::green, QStringLiteral("make it green"), 2);
        const int first = seed->value();
        applyEdit(window, Qt::yellow, QStringLiteral("make it yellow"), 3);
        QVERIFY(first != locked || seed->value() != locked);
    }

    void staleEditIsNeverPainted() {
        EngineClient engine;
        MainWindow window(engine);
        window.openImage(filled(Qt::red), QStringLiteral("red.png"));
        const int red = window.history()->currentId();
        window.openImage(filled(Qt::gray), QStringLiteral("gray.png"));
        QSignalSpy shown(&window, &MainWindow::resultShown);
        window.showResult(editResult(red, Qt::blue, QStringLiteral("make it blue"), 1)); // made from red
        QCOMPARE(shown.count(), 0);
        QVERIFY(!window.canvas()->hasResult());
        QCOMPARE(window.canvas()->image(), filled(Qt::gray));

        // A result of the current node is shown over it with its overlay; going elsewhere drops it.
        window.showResult(editResult(window.history()->currentId(), Qt::blue, QStringLiteral("make it blue"), 7));
        QCOMPARE(shown.count(), 1);
        QVERIFY(window.canvas()->hasResult());
        QVERIFY2(window.canvas()->overlayText().contains(QStringLiteral("Full · 3 steps")),
                 qPrintable(window.canvas()->overlayText()));
        QVERIFY(window.canvas()->overlayText().contains(QStringLiteral("seed 7")));
        window.goToNode(red);
        QVERIFY(!window.canvas()->hasResult());
        QVERIFY(!window.hasResult());
    }

    void searchFiltersByPromptAndTier() {
        HistoryModel model;
        HistoryPanel panel(&model);
        panel.show();
        const auto add = [&model](const QString& prompt, const QString& tier) {
            HistoryNode node;
            node.id = model.allocateId();
            node.image = filled(Qt::blue);
            node.title = prompt;
            node.prompt = prompt;
            node.tier = tier;
            node.seed = 5;
            model.insertNode(node);
            model.setCurrentId(node.id);
            return node.id;
        };
        add(QStringLiteral("make the sky stormy"), QStringLiteral("fast"));
        const int fox = add(QStringLiteral("turn the cat into a fox"), QStringLiteral("full"));
        add(QStringLiteral("add a red circle"), QString());
        QCOMPARE(panel.entryCount(), 3);
        QCOMPARE(panel.visibleEntryCount(), 3);
        panel.setSearchText(QStringLiteral("FOX"));
        QCOMPARE(panel.visibleEntryCount(), 1);
        panel.setSearchText(QStringLiteral("full"));
        QCOMPARE(panel.visibleEntryCount(), 1);
        QCOMPARE(model.search(QStringLiteral("full")), QList<int>({fox}));
        panel.setSearchText(QString());
        QCOMPARE(panel.visibleEntryCount(), 3);
        QCOMPARE(panel.entryImage(fox).size(), QSize(48, 32));
        QVERIFY(panel.entryImage(12345).isNull());
        model.removeNode(fox);
        QCOMPARE(panel.entryCount(), 2);
    }
};

QTEST_MAIN(TestHistory)
#include "test_ui_history.moc"
