// MainWindow: the history and the result shown over it. The current node is what the canvas shows
// and what Edit and Live edit; a result (live or manual) is painted over it only while it belongs to
// that node, and Apply makes it a child node. Node changes go through the undo stack; the session
// folder follows the history model and the shown result.

#include <QDateTime>
#include <QStatusBar>
#include <QUndoStack>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/history_panel.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"
#include "hyperbagel/ui/session_store.h"

#include "history_commands.h"

namespace hb::ui {
namespace {
constexpr int kMessageMs = 10000;
} // namespace

void MainWindow::connectHistory() {
    connect(m_history, &HistoryModel::currentChanged, this, &MainWindow::onCurrentNodeChanged);
    connect(m_historyPanel, &HistoryPanel::entryActivated, this, &MainWindow::goToNode);
}

void MainWindow::onCurrentNodeChanged(int id) {
    const HistoryNode* node = m_history->node(id);
    const QImage image = node != nullptr ? node->image : QImage();
    dropResult(); // a result belongs to the node it was made from
    m_canvas->setImage(image); // drops the previous node's mask
    m_live->setSource(image, id);
    restoreNodeMask(id);
    setCurrentTitle(node != nullptr ? node->title : QString());
}

void MainWindow::dropResult() {
    m_result = GeneratedImage{};
    m_canvas->clearResult();
    m_promptBar->setHasResult(false);
    if (m_session != nullptr) {
        m_session->clearLive();
    }
    updateActionStates();
}

QString MainWindow::resultOverlay(const GeneratedImage& result) const {
    return tr("%1 · %2 steps · %3 s · seed %4")
        .arg(tierDisplayName(result.tier))
        .arg(result.steps)
        .arg(result.elapsedMs / 1000.0, 0, 'f', 2)
        .arg(result.seed);
}

void MainWindow::showResult(const GeneratedImage& result) {
    if (result.image.isNull() || (result.edit && result.sourceNode != m_history->currentId())) {
        return; // an edit of a node that is no longer current: never painted over another image
    }
    m_result = result;
    m_canvas->setResult(result.image, resultOverlay(result));
    m_promptBar->setHasResult(true);
    updateActionStates();
    if (m_session != nullptr) {
        m_session->saveLive(result);
    }
    Q_EMIT resultShown(result);
}

void MainWindow::applyResult() {
    if (!hasResult()) {
        return;
    }
    HistoryNode node;
    node.id = m_history->allocateId();
    node.parentId = m_result.edit ? m_result.sourceNode : 0; // text-to-image starts a new root
    node.image = m_result.image;
    node.title = m_result.prompt;
    node.prompt = m_result.prompt;
    node.tier = m_result.tier;
    node.steps = m_result.steps;
    node.seed = m_result.seed;
    node.elapsedMs = m_result.elapsedMs;
    node.model = m_result.model;
    node.created = QDateTime::currentDateTime();
    if (m_result.masked && m_masks.contains(m_result.sourceNode)) {
        // The same picture with its region edited: the mask stays for refining that region further.
        const NodeMask inherited = m_masks.value(m_result.sourceNode);
        storeNodeMask(node.id, inherited.mask, inherited.featherRadius);
    }
    // The node change drops the result (and its live copy in the session folder).
    m_undoStack->push(new AddNodeCommand(*m_history, node, tr("Apply “%1”").arg(node.title)));
    statusBar()->showMessage(tr("Applied: %1").arg(node.describe()), kMessageMs);
    if (!m_promptBar->isSeedLocked()) {
        m_promptBar->randomizeSeed(); // the next result starts from a fresh seed; live typing keeps it
    }
}

void MainWindow::goToNode(int id) {
    const HistoryNode* node = m_history->node(id);
    if (node == nullptr || id == m_history->currentId()) {
        return;
    }
    m_undoStack->push(new SelectNodeCommand(*m_history, id, tr("Go to “%1”").arg(node->title)));
}

void MainWindow::attachSession(SessionStore* session) {
    if (m_session != nullptr) {
        disconnect(m_session, nullptr, this, nullptr);
    }
    m_session = nullptr; // restoring below must not write back what was just read
    if (session == nullptr) {
        return;
    }
    if (session->wasRecovered()) {
        restoreSession(*session);
    }
    m_session = session;
    session->track(*m_history);
    if (hasResult() && !session->wasRecovered()) {
        session->saveLive(m_result);
    }
    connect(session, &SessionStore::writeFailed, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
}

void MainWindow::restoreSession(const SessionStore& session) {
    const RecoveredSession& recovered = session.recovered();
    for (const HistoryNode& node : recovered.nodes) {
        m_history->insertNode(node); // restored as they were: no undo steps
    }
    for (const RecoveredMask& mask : recovered.masks) { // before the current node shows its own
        if (m_history->node(mask.nodeId) != nullptr) {
            m_masks.insert(mask.nodeId, {mask.mask, mask.featherRadius});
        }
    }
    m_history->setCurrentId(m_history->node(recovered.currentId) != nullptr ? recovered.currentId : 0);
    if (recovered.hasLive) {
        // The unapplied result comes back with its prompt; Live stays off until the user turns it on.
        m_promptBar->setInstruction(recovered.live.prompt);
        showResult(recovered.live);
    }
    QStringList message{tr("Restored the previous session after an unexpected exit (%1 images).")
                            .arg(recovered.nodes.size())};
    message += recovered.problems; // e.g. a damaged mask file, left out
    statusBar()->showMessage(message.join(QLatin1Char(' ')), recovered.problems.isEmpty() ? kMessageMs : 0);
}

} // namespace hb::ui
