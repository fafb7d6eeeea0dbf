// MainWindow: the prompt-bar actions with keyboard shortcuts (Generate, Edit, Apply, Live, new seed,
// Stop), which of them the current state allows, the window-wide peek key and the shortcuts list.
#include <QAction>
#include <QKeyEvent>
#include <QStatusBar>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"
#include "hyperbagel/ui/shortcuts_dialog.h"

namespace hb::ui {
namespace {

QAction* shortcutAction(QObject* parent, const QString& objectName, const QString& text,
                        const QList<QKeySequence>& shortcuts, const QString& statusTip) {
    auto* action = new QAction(text, parent);
    action->setObjectName(objectName);
    action->setShortcuts(shortcuts);
    action->setStatusTip(statusTip);
    action->setToolTip(statusTip);
    return action;
}

} // namespace

void MainWindow::createPromptActions() {
    // Ctrl+Return is not taken from text fields that need it: the chat input keeps it for Send.
    m_generateAction =
        shortcutAction(this, QStringLiteral("actionGenerate"), tr("&Generate"),
                       {QKeySequence(Qt::CTRL | Qt::Key_G)}, tr("Create a new image from the instruction"));
    connect(m_generateAction, &QAction::triggered, this, [this] { runGeneration(false); });
    m_editAction =
        shortcutAction(this, QStringLiteral("actionEdit"), tr("&Edit Image"),
                       {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)},
                       tr("Apply the instruction to the current image (inside the mask, if any)"));
    connect(m_editAction, &QAction::triggered, this, [this] { runGeneration(true); });
    m_applyAction =
        shortcutAction(this, QStringLiteral("actionApply"), tr("&Apply Result"),
                       {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter)},
                       tr("Keep the shown result in the history (Enter in the instruction field)"));
    connect(m_applyAction, &QAction::triggered, this, &MainWindow::applyResult);
    m_liveAction =
        shortcutAction(this, QStringLiteral("actionLive"), tr("&Live"), {QKeySequence(Qt::CTRL | Qt::Key_L)},
                       tr("Show a preview while you type, then refine it when you pause"));
    m_liveAction->setCheckable(true);
    connect(m_liveAction, &QAction::toggled, m_promptBar, &PromptBar::setLive);
    connect(m_promptBar, &PromptBar::liveToggled, m_liveAction, &QAction::setChecked);
    m_newSeedAction = shortcutAction(this, QStringLiteral("actionNewSeed"), tr("New &Seed"),
                                     {QKeySequence(Qt::CTRL | Qt::Key_R)}, tr("Draw a new random seed"));
    connect(m_newSeedAction, &QAction::triggered, m_promptBar, &PromptBar::randomizeSeed);
    m_stopAction =
        shortcutAction(this, QStringLiteral("actionStop"), tr("S&top"), {QKeySequence(Qt::Key_Escape)},
                       tr("Stop the running generation, live job and chat answer"));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopAll);
}

void MainWindow::updateActionStates() {
    if (m_generateAction == nullptr) {
        return; // still constructing
    }
    const bool hasBase = !m_canvas->baseImage().isNull();
    m_generateAction->setEnabled(m_modelLoaded);
    m_editAction->setEnabled(m_modelLoaded && hasBase);
    m_applyAction->setEnabled(m_modelLoaded && hasResult());
    m_liveAction->setEnabled(m_modelLoaded);
    m_stopAction->setEnabled(m_modelLoaded);
    for (QAction* action : {m_brushAction, m_eraseAction, m_brushSmallerAction, m_brushLargerAction}) {
        action->setEnabled(hasBase);
    }
    m_clearMaskAction->setEnabled(m_canvas->hasMask());
}

void MainWindow::stopAll() {
    m_live->stop();    // its running job, debounce and refine; Live stays on for the next change
    m_engine.cancel(); // a manual Generate / Edit and the chat answer stop at their next forward
    statusBar()->showMessage(tr("Stopped."), 3000);
}

QList<QAction*> MainWindow::shortcutActions() const {
    const QList<QAction*> all{
        m_openAction,        m_exportAction,   m_pasteAction,      m_copyAction,         m_undoAction,
        m_redoAction,        m_generateAction, m_editAction,       m_applyAction,        m_liveAction,
        m_newSeedAction,     m_stopAction,     m_brushAction,      m_eraseAction,        m_brushSmallerAction,
        m_brushLargerAction, m_showMaskAction, m_clearMaskAction,  m_compareAction,      m_zoomInAction,
        m_zoomOutAction,     m_fitAction,      m_actualSizeAction, m_modelManagerAction, m_shortcutsAction,
        m_quitAction};
    QList<QAction*> listed;
    for (QAction* action : all) {
        if (!action->shortcut().isEmpty()) {
            listed << action;
        }
    }
    return listed;
}

void MainWindow::showShortcuts() {
    const auto keys = [](const QKeySequence& sequence) {
        return sequence.toString(QKeySequence::NativeText);
    };
    const QList<ShortcutsDialog::Row> extra{
        {tr("Peek at the image under the result"),
         tr("Hold %1").arg(keys(QKeySequence(CanvasView::kPeekKey)))},
        {tr("Pan the canvas"), tr("Space + drag, or the middle button")},
        {tr("Apply the shown result"),
         tr("%1 in the instruction field").arg(keys(QKeySequence(Qt::Key_Return)))},
        {tr("Send the question"),
         tr("%1 in the chat input").arg(keys(QKeySequence(Qt::CTRL | Qt::Key_Return)))},
    };
    auto* dialog = new ShortcutsDialog(shortcutActions(), extra, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::keyPressEvent(QKeyEvent* event) {
    // Reaches here when the focused widget did not use the key (the canvas handles it itself).
    if (event->key() == CanvasView::kPeekKey) {
        m_canvas->setPeeking(true);
        event->accept();
        return;
    }
    QMainWindow::keyPressEvent(event);
}

void MainWindow::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == CanvasView::kPeekKey && !event->isAutoRepeat()) {
        m_canvas->setPeeking(false);
        event->accept();
        return;
    }
    QMainWindow::keyReleaseEvent(event);
}

} // namespace hb::ui
