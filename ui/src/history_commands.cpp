#include "history_commands.h"

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

} // namespace hb::ui
