#pragma once
// The history's undoable edits (style rule 41): adding a node (an opened image or an applied
// result), going to another node, and changing a node's mask (a brush or eraser stroke, a clear).
// Private to ui/.
// Thread affinity: GUI thread (they change a HistoryModel or a node's mask).

#include <QImage>
#include <QRect>
#include <QUndoCommand>
#include <functional>

#include "hyperbagel/ui/canvas_view.h"
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

/// Writes `pixels` (Grayscale8) into node `nodeId`'s mask at `rect` and sets its feather radius.
using MaskPatcher =
    std::function<void(int nodeId, const QRect& rect, const QImage& pixels, int featherRadius)>;

/// One change of a node's mask, already made when pushed (the first redo does nothing). It keeps only
/// the changed rectangle before and after, so a stroke costs its bounding box, not the image. Never
/// merged with another: each stroke is its own step.
class MaskEditCommand : public QUndoCommand {
public:
    MaskEditCommand(MaskPatcher patch, int nodeId, MaskEdit edit, const QString& text);
    void redo() override;
    void undo() override;

private:
    MaskPatcher m_patch;
    int m_nodeId = 0;
    MaskEdit m_edit;
    bool m_skipRedo = true; ///< pushed after the change was made: the first redo has nothing to do
};

/// `mask` (Grayscale8 of `size`; null: nothing masked) with `rect` replaced by `pixels`.
QImage patchedMask(const QImage& mask, QSize size, const QRect& rect, const QImage& pixels);

} // namespace hb::ui
