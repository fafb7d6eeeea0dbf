#include "history_commands.h"

#include <cstring>
#include <utility>

namespace hb::ui {

AddNodeCommand::AddNodeCommand(HistoryModel& model, HistoryNode node, const QString& text)
    : QUndoCommand(text), m_model(model), m_node(std::move(node)), m_previous(model.currentId()) {}

void AddNodeCommand::redo() {
    m_model.insertNode(m_node);
    m_model.setCurrentId(m_node.id);
}

void AddNodeCommand::undo() {
    // Current first, so the canvas goes straight to the previous node (never to "no image").
    m_model.setCurrentId(m_previous);
    m_model.removeNode(m_node.id);
}

SelectNodeCommand::SelectNodeCommand(HistoryModel& model, int to, const QString& text)
    : QUndoCommand(text), m_model(model), m_from(model.currentId()), m_to(to) {}

void SelectNodeCommand::redo() { m_model.setCurrentId(m_to); }

void SelectNodeCommand::undo() { m_model.setCurrentId(m_from); }

MaskEditCommand::MaskEditCommand(MaskPatcher patch, int nodeId, MaskEdit edit, const QString& text)
    : QUndoCommand(text), m_patch(std::move(patch)), m_nodeId(nodeId), m_edit(std::move(edit)) {}

void MaskEditCommand::redo() {
    if (std::exchange(m_skipRedo, false)) {
        return;
    }
    m_patch(m_nodeId, m_edit.rect, m_edit.after, m_edit.featherAfter);
}

void MaskEditCommand::undo() { m_patch(m_nodeId, m_edit.rect, m_edit.before, m_edit.featherBefore); }

QImage patchedMask(const QImage& mask, QSize size, const QRect& rect, const QImage& pixels) {
    QImage out;
    if (mask.isNull() || mask.size() != size) {
        out = QImage(size, QImage::Format_Grayscale8);
        out.fill(0);
    } else {
        out = mask.convertToFormat(QImage::Format_Grayscale8);
    }
    const QImage patch = pixels.convertToFormat(QImage::Format_Grayscale8);
    const QRect target = rect & out.rect();
    for (int y = target.top(); y <= target.bottom(); ++y) {
        std::memcpy(out.scanLine(y) + target.left(),
                    patch.constScanLine(y - rect.top()) + (target.left() - rect.left()),
                    static_cast<std::size_t>(target.width()));
    }
    return out;
}

} // namespace hb::ui
