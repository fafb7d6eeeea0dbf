#pragma once
// The history's undoable edits (style rule 41): adding a node (an opened image or an applied
// result) and going to another node. Private to ui/.
// Thread affinity: GUI thread (they change a HistoryModel).

#include <QUndoCommand>

#include "hyperbagel/ui/history_model.h"

namespace hb::ui {

/// Adds a node and makes it current; undo makes the previous node current again and removes it.
class AddNodeCommand : public QUndoCommand {
public:
    AddNodeCommand(HistoryModel& model, HistoryNode node, const QString& text);
    void redo() override;
    void undo() override;

private:
    HistoryModel& m_model;
    HistoryNode m_node;
    int m_previous = 0;
};

/// Makes another node current (clicking a node in the history); undo returns to the previous one.
class SelectNodeCommand : public QUndoCommand {
public:
    SelectNodeCommand(HistoryModel& model, int to, const QString& text);
    void redo() override;
    void undo() override;

private:
    HistoryModel& m_model;
    int m_from = 0;
    int m_to = 0;
};

} // namespace hb::ui
