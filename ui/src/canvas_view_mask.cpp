// CanvasView's mask brush: round dabs along a stroke into a Grayscale8 mask of the base image's
// size, a translucent tint kept in step with it for painting, and the brush outline.
// GUI thread only. The mask itself is cheap to copy (implicitly shared): EngineWorker gets a copy
// and the next stroke detaches. A stroke keeps the mask as it began (a shared copy that the first dab
// detaches) only until it ends: maskEdited() then carries just the changed rectangle.
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <utility>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/mask_blend.h"

namespace hb::ui {
namespace {

const QColor kMaskTint(255, 64, 96, 115); ///< the overlay: translucent rose over masked pixels

QRgb premultipliedTint() { return qPremultiply(kMaskTint.rgba()); }

/// `rect` of `mask`, or zeros there when the mask is null (nothing was masked).
QImage maskPatch(const QImage& mask, const QRect& rect) {
    if (!mask.isNull()) {
        return mask.copy(rect);
    }
    QImage zeros(rect.size(), QImage::Format_Grayscale8);
    zeros.fill(0);
    return zeros;
}

} // namespace

void CanvasView::setBrushEnabled(bool enabled) {
    if (m_brushEnabled == enabled) {
        return;
    }
    m_brushEnabled = enabled;
    if (m_stroking) {
        finishStroke(); // what was painted so far is a stroke of its own
    }
    setMouseTracking(enabled); // the outline follows the pointer
    updateCursor();
    update();
}

void CanvasView::setBrushSize(int size) {
    const int clamped = std::clamp(size, kMinBrushSize, kMaxBrushSize);
    if (clamped == m_brushSize) {
        return;
    }
    m_brushSize = clamped;
    update();
    Q_EMIT brushSizeChanged(clamped);
}

void CanvasView::setMaskVisible(bool visible) {
    if (m_maskVisible != visible) {
        m_maskVisible = visible;
        update();
    }
}

QImage CanvasView::mask() const { return m_maskCovered ? m_mask : QImage(); }

void CanvasView::setMask(const QImage& mask, int featherRadius) {
    m_stroking = false; // a stroke under way is abandoned: the new mask replaces its pixels too
    m_strokeChanged = false;
    m_strokeBefore = QImage();
    if (mask.isNull() || mask.size() != m_image.size() || !maskHasCoverage(mask)) {
        m_mask = QImage();
        m_maskOverlay = QImage();
        m_maskCovered = false;
        m_maskFeather = 0;
        update();
        return;
    }
    m_mask = mask.convertToFormat(QImage::Format_Grayscale8);
    m_maskOverlay = QImage(m_mask.size(), QImage::Format_ARGB32_Premultiplied);
    const QRgb tint = premultipliedTint();
    for (int y = 0; y < m_mask.height(); ++y) {
        const uchar* in = m_mask.constScanLine(y);
        auto* out = reinterpret_cast<QRgb*>(m_maskOverlay.scanLine(y));
        for (int x = 0; x < m_mask.width(); ++x) {
            out[x] = in[x] != 0 ? tint : 0;
        }
    }
    m_maskCovered = true;
    m_maskFeather = featherRadius;
    update();
}

void CanvasView::clearMask() {
    if (!m_maskCovered) {
        setMask(QImage(), 0);
        return;
    }
    MaskEdit edit;
    edit.kind = MaskEdit::Kind::Clear;
    edit.rect = maskCoverageBox(m_mask);
    edit.before = m_mask.copy(edit.rect);
    edit.after = maskPatch(QImage(), edit.rect);
    edit.featherBefore = m_maskFeather;
    setMask(QImage(), 0);
    Q_EMIT maskEdited(edit);
    Q_EMIT maskChanged();
}

void CanvasView::ensureMask() {
    if (!m_mask.isNull() && m_mask.size() == m_image.size()) {
        return;
    }
    m_mask = QImage(m_image.size(), QImage::Format_Grayscale8);
    m_mask.fill(0);
    m_maskOverlay = QImage(m_image.size(), QImage::Format_ARGB32_Premultiplied);
    m_maskOverlay.fill(Qt::transparent);
}

QRect CanvasView::dabMask(const QPointF& centre) {
    if (m_image.isNull()) {
        return {};
    }
    ensureMask();
    const double radius = m_brushSize / 2.0;
    const QRect box = QRect(QPoint(static_cast<int>(std::floor(centre.x() - radius)),
                                   static_cast<int>(std::floor(centre.y() - radius))),
                            QPoint(static_cast<int>(std::ceil(centre.x() + radius)),
                                   static_cast<int>(std::ceil(centre.y() + radius)))) &
                      m_mask.rect();
    const bool paint = m_brushMode == BrushMode::Paint;
    const uchar value = paint ? 255 : 0;
    const QRgb tint = paint ? premultipliedTint() : 0;
    bool changed = false;
    for (int y = box.top(); y <= box.bottom(); ++y) {
        const double dy = y + 0.5 - centre.y();
        uchar* row = m_mask.scanLine(y);
        auto* overlay = reinterpret_cast<QRgb*>(m_maskOverlay.scanLine(y));
        for (int x = box.left(); x <= box.right(); ++x) {
            const double dx = x + 0.5 - centre.x();
            if (dx * dx + dy * dy <= radius * radius && row[x] != value) {
                row[x] = value;
                overlay[x] = tint;
                changed = true;
            }
        }
    }
    if (changed) {
        m_strokeChanged = true;
        m_strokeRect |= box;
    }
    if (paint && m_strokeChanged) {
        m_maskCovered = true;
        m_maskFeather = featherRadiusForBrush(m_brushSize);
    }
    return box;
}

void CanvasView::strokeMask(const QPointF& from, const QPointF& to) {
    if (!m_stroking) {
        beginStroke(); // a call outside a drag is a whole stroke
    }
    // Dabs a quarter of the brush apart (at least half a pixel) leave no gaps between them.
    const double step = std::max(0.5, m_brushSize / 4.0);
    const QPointF delta = to - from;
    const int dabs = std::max(1, static_cast<int>(std::ceil(std::hypot(delta.x(), delta.y()) / step)));
    for (int i = 0; i <= dabs; ++i) {
        dabMask(from + delta * (static_cast<double>(i) / dabs));
    }
    m_lastStrokePoint = to;
    if (!m_stroking) {
        finishStroke();
    }
    update();
}

void CanvasView::beginStroke() {
    m_strokeChanged = false;
    m_strokeRect = QRect();
    // Shared, not copied: the stroke's first dab detaches m_mask from it.
    m_strokeBefore = m_maskCovered && m_mask.size() == m_image.size() ? m_mask : QImage();
    m_strokeFeatherBefore = m_maskCovered ? m_maskFeather : 0;
}

void CanvasView::finishStroke() {
    m_stroking = false;
    m_maskCovered = maskHasCoverage(m_mask); // an eraser may have removed the last masked pixel
    MaskEdit edit;
    const bool changed = std::exchange(m_strokeChanged, false) && !m_strokeRect.isEmpty();
    if (changed) {
        edit.kind = m_brushMode == BrushMode::Paint ? MaskEdit::Kind::Paint : MaskEdit::Kind::Erase;
        edit.rect = m_strokeRect;
        edit.before = maskPatch(m_strokeBefore, m_strokeRect);
        edit.after = maskPatch(m_mask, m_strokeRect);
        edit.featherBefore = m_strokeFeatherBefore;
    }
    m_strokeBefore = QImage();
    m_strokeRect = QRect();
    if (!m_maskCovered) {
        m_mask = QImage();
        m_maskOverlay = QImage();
        m_maskFeather = 0;
    }
    if (changed) { // a click that changed nothing is no undo step and must not re-run Live
        edit.featherAfter = m_maskCovered ? m_maskFeather : 0;
        Q_EMIT maskEdited(edit);
        Q_EMIT maskChanged();
    }
}

QPointF CanvasView::toBaseImage(const QPointF& position) const {
    // The frame is the shown image's (a result may differ a little in size): map through it.
    const QRectF frame = imageRect();
    if (frame.isEmpty() || m_image.isNull()) {
        return {};
    }
    return {(position.x() - frame.left()) / frame.width() * m_image.width(),
            (position.y() - frame.top()) / frame.height() * m_image.height()};
}

void CanvasView::paintMask(QPainter& painter, const QRectF& target) {
    if (m_maskVisible && m_maskCovered && !m_maskOverlay.isNull() && !m_peeking) {
        painter.drawImage(target, m_maskOverlay);
    }
    if (m_brushEnabled && m_hovering && !m_image.isNull()) {
        const double radius = m_brushSize / 2.0 * target.width() / m_image.width();
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(0, 0, 0, 160), 3));
        painter.drawEllipse(m_hoverPos, radius, radius);
        painter.setPen(QPen(m_brushMode == BrushMode::Paint ? Qt::white : QColor(255, 200, 80), 1.5));
        painter.drawEllipse(m_hoverPos, radius, radius);
        painter.restore();
    }
}

} // namespace hb::ui
