// CanvasView's painting: the image (or the before / after split), the result's overlay and the
// empty-state hint. Runs on the GUI thread inside paintEvent only.
#include <QFontMetricsF>
#include <QKeySequence>
#include <QPainter>
#include <QPainterPath>

#include "hyperbagel/ui/canvas_view.h"

namespace hb::ui {
namespace {

constexpr int kCheckerCell = 8; // checkerboard square size, in widget pixels
const QColor kBackground(0x2b, 0x2d, 0x31);
const QColor kHintText(0xc9, 0xcc, 0xd1);
const QColor kAccent(0x4c, 0x9a, 0xff);

QBrush checkerBrush() {
    QPixmap tile(2 * kCheckerCell, 2 * kCheckerCell);
    tile.fill(QColor(0xcc, 0xcc, 0xcc));
    QPainter painter(&tile);
    const QColor dark(0x99, 0x99, 0x99);
    painter.fillRect(0, 0, kCheckerCell, kCheckerCell, dark);
    painter.fillRect(kCheckerCell, kCheckerCell, kCheckerCell, kCheckerCell, dark);
    return QBrush(tile);
}


} // namespace

void CanvasView::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    painter.fillRect(rect(), kBackground);
    if (!hasImage()) {
        paintEmptyState(painter);
    } else {
        const QRectF target = imageRect();
        // Peeking shows the base image in the result's frame (an edit may change the size a little).
        const QImage& shown = hasResult() && m_peeking && !m_image.isNull() ? m_image : image();
        if (shown.hasAlphaChannel()) {
            painter.save();
            painter.setBrushOrigin(target.topLeft());
            painter.fillRect(target, checkerBrush());
            painter.restore();
        }
        // Smooth when shrinking or mildly enlarging; crisp pixels when inspecting up close.
        painter.setRenderHint(QPainter::SmoothPixmapTransform, m_scale < 2.0);
        if (isComparing()) {
            paintCompare(painter, target);
        } else {
            painter.drawImage(target, shown);
        }
        paintMask(painter, target);
        paintOverlay(painter);
    }
    if (m_dropHighlight) {
        QPen pen(kAccent, 3, Qt::DashLine);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(QRectF(rect()).adjusted(4, 4, -4, -4), 8, 8);
    }
}

void CanvasView::paintCompare(QPainter& painter, const QRectF& target) {
    // Both drawn in the result's frame: an edit may change the size a little (latent grid).
    const double split = target.left() + target.width() * m_comparePosition;
    painter.save();
    painter.setClipRect(QRectF(target.topLeft(), QPointF(split, target.bottom())));
    painter.drawImage(target, m_image);
    painter.setClipRect(QRectF(QPointF(split, target.top()), target.bottomRight()));
    painter.drawImage(target, m_result);
    painter.setClipping(false);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(Qt::white, 2));
    painter.drawLine(QPointF(split, target.top()), QPointF(split, target.bottom()));
    painter.setBrush(kAccent);
    painter.drawEllipse(QPointF(split, target.center().y()), 7, 7);
    const QFontMetricsF metrics(font());
    const auto label = [&](const QString& text, bool left) {
        const double width = metrics.horizontalAdvance(text) + 12;
        const QRectF box(left ? split - width - 6 : split + 6, target.bottom() - metrics.height() - 14, width,
                         metrics.height() + 6);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 0, 0, 160));
        painter.drawRoundedRect(box, 4, 4);
        painter.setPen(Qt::white);
        painter.drawText(box, Qt::AlignCenter, text);
    };
    label(tr("Before"), true);
    label(tr("After"), false);
    painter.restore();
}

void CanvasView::paintOverlay(QPainter& painter) {
    if (!hasResult()) {
        return;
    }
    const QString text = m_peeking ? tr("Before (release \\ to see the result)") : m_overlay;
    if (text.isEmpty()) {
        return;
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetricsF metrics(font());
    const QRectF box(12, 12, metrics.horizontalAdvance(text) + 20, metrics.height() + 10);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 160));
    painter.drawRoundedRect(box, 6, 6);
    painter.setPen(Qt::white);
    painter.drawText(box, Qt::AlignCenter, text);
    painter.restore();
}

void CanvasView::paintEmptyState(QPainter& painter) {
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(32, 32, -32, -32);
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    QFont bodyFont = font();
    bodyFont.setPointSizeF(bodyFont.pointSizeF() * 1.1);

    const QString title = tr("No image yet");
    const QString body =
        tr("Open an image (%1), drop one here or paste one (%2).\n"
           "Once a model is loaded, type an instruction below to edit it live, or press Generate.")
            .arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText),
                 QKeySequence(QKeySequence::Paste).toString(QKeySequence::NativeText));

    const QFontMetricsF titleMetrics(titleFont);
    const double titleHeight = titleMetrics.height();
    const QRectF bodyBounds =
        QFontMetricsF(bodyFont).boundingRect(area, Qt::AlignHCenter | Qt::TextWordWrap, body);
    const double total = titleHeight + 12 + bodyBounds.height();
    const double top = area.center().y() - total / 2.0;

    // A simple frame glyph above the text, drawn rather than loaded, so it follows the palette.
    const QRectF glyph(area.center().x() - 28, top - 64, 56, 44);
    painter.setPen(QPen(kHintText, 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(glyph, 6, 6);
    QPainterPath mountain;
    mountain.moveTo(glyph.left() + 8, glyph.bottom() - 8);
    mountain.lineTo(glyph.left() + 22, glyph.top() + 18);
    mountain.lineTo(glyph.left() + 32, glyph.top() + 28);
    mountain.lineTo(glyph.left() + 38, glyph.top() + 22);
    mountain.lineTo(glyph.right() - 8, glyph.bottom() - 8);
    painter.drawPath(mountain);
    painter.drawEllipse(QPointF(glyph.right() - 14, glyph.top() + 12), 4, 4);

    painter.setFont(titleFont);
    painter.drawText(QRectF(area.left(), top, area.width(), titleHeight), Qt::AlignCenter, title);
    painter.setFont(bodyFont);
    painter.drawText(QRectF(area.left(), top + titleHeight + 12, area.width(), bodyBounds.height()),
                     Qt::AlignHCenter | Qt::TextWordWrap, body);
}

} // namespace hb::ui
