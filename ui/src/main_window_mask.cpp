// MainWindow: the mask brush. Its actions and toolbar (brush on / off, paint or erase, size, show,
// clear), and the mask's life: it belongs to the history node it was painted on, reaches Live and
// Edit with its feather radius, and a change made by the user re-runs Live like a prompt change.
// Every stroke and every clear is one undo step (MaskEditCommand: the changed rectangle before and
// after) on the history's undo stack, and every node's mask is autosaved in the session folder.
#include <QAction>
#include <QLabel>
#include <QSpinBox>
#include <QToolBar>
#include <QUndoStack>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/mask_blend.h"
#include "hyperbagel/ui/session_store.h"

#include "history_commands.h"
#include "tool_icons.h"

namespace hb::ui {
namespace {

constexpr double kBrushSizeStep = 1.25; ///< [ and ] change the size by this factor

QAction* maskAction(QObject* parent, const QString& objectName, const QString& text, const QKeySequence& key,
                    const QString& tip) {
    auto* action = new QAction(text, parent);
    action->setObjectName(objectName);
    action->setShortcut(key);
    action->setStatusTip(tip);
    action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    return action;
}

} // namespace

void MainWindow::createMaskActions() {
    m_brushAction =
        maskAction(this, QStringLiteral("actionMaskBrush"), tr("Mask &Brush"), QKeySequence(Qt::Key_B),
                   tr("Paint a mask: edits then change only the masked region"));
    m_brushAction->setCheckable(true);
    connect(m_brushAction, &QAction::toggled, m_canvas, &CanvasView::setBrushEnabled);
    m_eraseAction =
        maskAction(this, QStringLiteral("actionMaskErase"), tr("&Erase Mask"), QKeySequence(Qt::Key_E),
                   tr("The brush removes the mask instead of painting it"));
    m_eraseAction->setCheckable(true);
    connect(m_eraseAction, &QAction::toggled, this, [this](bool erase) {
        m_canvas->setBrushMode(erase ? CanvasView::BrushMode::Erase : CanvasView::BrushMode::Paint);
        if (erase) {
            m_brushAction->setChecked(true); // choosing the eraser picks up the brush
        }
    });
    m_brushSmallerAction = maskAction(this, QStringLiteral("actionBrushSmaller"), tr("S&maller Brush"),
                                      QKeySequence(Qt::Key_BracketLeft), tr("Make the brush smaller"));
    connect(m_brushSmallerAction, &QAction::triggered, this, [this] {
        m_canvas->setBrushSize(
            qMin(m_canvas->brushSize() - 1, qRound(m_canvas->brushSize() / kBrushSizeStep)));
    });
    m_brushLargerAction = maskAction(this, QStringLiteral("actionBrushLarger"), tr("&Larger Brush"),
                                     QKeySequence(Qt::Key_BracketRight), tr("Make the brush larger"));
    connect(m_brushLargerAction, &QAction::triggered, this, [this] {
        m_canvas->setBrushSize(
            qMax(m_canvas->brushSize() + 1, qRound(m_canvas->brushSize() * kBrushSizeStep)));
    });
    m_showMaskAction = maskAction(this, QStringLiteral("actionShowMask"), tr("&Show Mask"),
                                  QKeySequence(Qt::Key_M), tr("Show the mask as a translucent overlay"));
    m_showMaskAction->setCheckable(true);
    m_showMaskAction->setChecked(m_canvas->isMaskVisible());
    connect(m_showMaskAction, &QAction::toggled, m_canvas, &CanvasView::setMaskVisible);
    m_clearMaskAction = maskAction(this, QStringLiteral("actionClearMask"), tr("&Clear Mask"),
                                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete),
                                   tr("Remove the mask: edits change the whole image"));
    connect(m_clearMaskAction, &QAction::triggered, m_canvas, &CanvasView::clearMask);
}

void MainWindow::createMaskToolBar() {
    const QColor ink = palette().color(QPalette::WindowText);
    m_brushAction->setIcon(ToolIcons::icon(ToolIcons::Glyph::Brush, ink));
    m_eraseAction->setIcon(ToolIcons::icon(ToolIcons::Glyph::Eraser, ink));
    m_showMaskAction->setIcon(ToolIcons::icon(ToolIcons::Glyph::ShowMask, ink));
    m_clearMaskAction->setIcon(ToolIcons::icon(ToolIcons::Glyph::ClearMask, ink));
    m_maskToolBar = addToolBar(tr("Mask Toolbar"));
    m_maskToolBar->setObjectName(QStringLiteral("maskToolBar"));
    m_maskToolBar->setMovable(false);
    m_maskToolBar->setToolButtonStyle(Qt::ToolButtonIconOnly); // the tooltips name them
    m_maskToolBar->addAction(m_brushAction);
    m_maskToolBar->addAction(m_eraseAction);
    m_brushSizeSpin = new QSpinBox(m_maskToolBar);
    m_brushSizeSpin->setObjectName(QStringLiteral("brushSizeSpin"));
    m_brushSizeSpin->setRange(CanvasView::kMinBrushSize, CanvasView::kMaxBrushSize);
    m_brushSizeSpin->setValue(m_canvas->brushSize());
    m_brushSizeSpin->setSuffix(tr(" px", "brush size unit"));
    m_brushSizeSpin->setToolTip(tr("Brush size in image pixels (%1 / %2)")
                                    .arg(m_brushSmallerAction->shortcut().toString(QKeySequence::NativeText),
                                         m_brushLargerAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_brushSizeSpin, &QSpinBox::valueChanged, m_canvas, &CanvasView::setBrushSize);
    connect(m_canvas, &CanvasView::brushSizeChanged, m_brushSizeSpin, &QSpinBox::setValue);
    auto* sizeLabel = new QLabel(tr("Size:"), m_maskToolBar);
    sizeLabel->setBuddy(m_brushSizeSpin);
    sizeLabel->setContentsMargins(6, 0, 4, 0);
    m_maskToolBar->addWidget(sizeLabel);
    m_maskToolBar->addWidget(m_brushSizeSpin);
    m_maskToolBar->addAction(m_showMaskAction);
    m_maskToolBar->addAction(m_clearMaskAction);
}

void MainWindow::connectMask() {
    connect(m_canvas, &CanvasView::maskEdited, this, &MainWindow::pushMaskEdit);
    connect(m_canvas, &CanvasView::maskChanged, this, &MainWindow::onMaskEdited);
}

void MainWindow::onMaskEdited() {
    storeNodeMask(m_history->currentId(), m_canvas->mask(), m_canvas->maskFeatherRadius());
    m_live->setMask(m_canvas->mask(), m_canvas->maskFeatherRadius());
    m_live->inputChanged(); // like a prompt change: a new live job after the debounce
    updateActionStates();
}

void MainWindow::pushMaskEdit(const MaskEdit& edit) {
    const int id = m_history->currentId();
    if (m_history->node(id) == nullptr) {
        return;
    }
    QString text;
    switch (edit.kind) {
    case MaskEdit::Kind::Paint:
        text = tr("Paint Mask");
        break;
    case MaskEdit::Kind::Erase:
        text = tr("Erase Mask");
        break;
    case MaskEdit::Kind::Clear:
        text = tr("Clear Mask");
        break;
    }
    const auto patch = [this](int nodeId, const QRect& rect, const QImage& pixels, int featherRadius) {
        patchNodeMask(nodeId, rect, pixels, featherRadius);
    };
    m_undoStack->push(new MaskEditCommand(patch, id, edit, text)); // already on the canvas: no redo now
}

void MainWindow::patchNodeMask(int nodeId, const QRect& rect, const QImage& pixels, int featherRadius) {
    const HistoryNode* node = m_history->node(nodeId);
    if (node == nullptr) {
        return;
    }
    QImage mask = patchedMask(m_masks.value(nodeId).mask, node->image.size(), rect, pixels);
    if (!maskHasCoverage(mask)) {
        mask = QImage();
        featherRadius = 0;
    }
    storeNodeMask(nodeId, mask, featherRadius);
    if (nodeId == m_history->currentId()) { // always so on a linear undo stack; other nodes just keep it
        m_canvas->setMask(mask, featherRadius);
        m_live->setMask(m_canvas->mask(), m_canvas->maskFeatherRadius());
        m_live->inputChanged(); // an undone stroke changes the region like a new one
        updateActionStates();
    }
}

void MainWindow::storeNodeMask(int id, const QImage& mask, int featherRadius) {
    if (mask.isNull()) {
        m_masks.remove(id);
    } else {
        m_masks.insert(id, {mask, featherRadius});
    }
    if (m_session != nullptr) {
        m_session->saveMask(id, mask, featherRadius);
    }
}

void MainWindow::restoreNodeMask(int id) {
    const auto found = m_masks.constFind(id);
    if (found != m_masks.constEnd()) {
        m_canvas->setMask(found->mask, found->featherRadius);
    }
    m_live->setMask(m_canvas->mask(), m_canvas->maskFeatherRadius());
    updateActionStates();
}

} // namespace hb::ui
