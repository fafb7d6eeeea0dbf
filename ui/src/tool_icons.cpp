#include "tool_icons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace hb::ui {
namespace {

// Every glyph is drawn on a 24 x 24 grid and scaled.
void drawMagnifier(QPainter& p) {
    p.drawEllipse(QPointF(10, 10), 6.5, 6.5);
    p.drawLine(QPointF(15, 15), QPointF(21, 21));
}

// The mask brush's glyphs.
void drawMaskGlyph(QPainter& p, ToolIcons::Glyph glyph) {
    switch (glyph) {
    case ToolIcons::Glyph::Brush: {
        p.drawLine(QPointF(20.5, 3.5), QPointF(11, 13)); // the handle
        QPainterPath tip;
        tip.moveTo(11, 13);
        tip.cubicTo(6, 12, 5, 17, 3.5, 20.5); // the bristles, ending in a stroke
        tip.cubicTo(8, 20, 12, 18, 11, 13);
        p.drawPath(tip);
        break;
    }
    case ToolIcons::Glyph::Eraser:
        p.drawPolygon(
            QPolygonF({QPointF(3, 15), QPointF(13, 5), QPointF(20, 12), QPointF(12, 20), QPointF(8, 20)}));
        p.drawLine(QPointF(8, 10), QPointF(15, 17));
        p.drawLine(QPointF(12, 20), QPointF(21, 20));
        break;
    case ToolIcons::Glyph::ShowMask: {
        QPainterPath eye;
        eye.moveTo(2.5, 12);
        eye.quadTo(12, 2, 21.5, 12);
        eye.quadTo(12, 22, 2.5, 12);
        p.drawPath(eye);
        p.drawEllipse(QPointF(12, 12), 3, 3);
        break;
    }
    case ToolIcons::Glyph::ClearMask:
        p.drawEllipse(QPointF(12, 12), 8.5, 8.5);
        p.drawLine(QPointF(8.5, 8.5), QPointF(15.5, 15.5));
        p.drawLine(QPointF(15.5, 8.5), QPointF(8.5, 15.5));
        break;
    default:
        break;
    }
}

void drawGlyph(QPainter& p, ToolIcons::Glyph glyph) {
    switch (glyph) {
    case ToolIcons::Glyph::Open: {
        QPainterPath folder;
        folder.moveTo(3, 19);
        folder.lineTo(3, 6);
        folder.lineTo(9, 6);
        folder.lineTo(11, 8);
        folder.lineTo(20, 8);
        folder.lineTo(20, 11);
        folder.moveTo(3, 19);
        folder.lineTo(6, 11);
        folder.lineTo(22, 11);
        folder.lineTo(19, 19);
        folder.closeSubpath();
        p.drawPath(folder);
        break;
    }
    case ToolIcons::Glyph::Paste:
        p.drawRoundedRect(QRectF(5, 5, 14, 16), 2, 2);
        p.drawRoundedRect(QRectF(9, 3, 6, 4), 1, 1);
        p.drawLine(QPointF(9, 12), QPointF(15, 12));
        p.drawLine(QPointF(9, 16), QPointF(13, 16));
        break;
    case ToolIcons::Glyph::Export:
        p.drawPolyline(QPolygonF({QPointF(4, 14), QPointF(4, 20), QPointF(20, 20), QPointF(20, 14)}));
        p.drawLine(QPointF(12, 4), QPointF(12, 15));
        p.drawPolyline(QPolygonF({QPointF(8, 11), QPointF(12, 15), QPointF(16, 11)}));
        break;
    case ToolIcons::Glyph::ZoomIn:
        drawMagnifier(p);
        p.drawLine(QPointF(7, 10), QPointF(13, 10));
        p.drawLine(QPointF(10, 7), QPointF(10, 13));
        break;
    case ToolIcons::Glyph::ZoomOut:
        drawMagnifier(p);
        p.drawLine(QPointF(7, 10), QPointF(13, 10));
        break;
    case ToolIcons::Glyph::Fit:
        p.drawPolyline(QPolygonF({QPointF(3, 8), QPointF(3, 3), QPointF(8, 3)}));
        p.drawPolyline(QPolygonF({QPointF(16, 3), QPointF(21, 3), QPointF(21, 8)}));
        p.drawPolyline(QPolygonF({QPointF(21, 16), QPointF(21, 21), QPointF(16, 21)}));
        p.drawPolyline(QPolygonF({QPointF(8, 21), QPointF(3, 21), QPointF(3, 16)}));
        p.drawRect(QRectF(8, 8, 8, 8));
        break;
    case ToolIcons::Glyph::Model:
        p.drawRoundedRect(QRectF(6, 6, 12, 12), 2, 2);
        p.drawRect(QRectF(10, 10, 4, 4));
        for (double at : {9.0, 12.0, 15.0}) {
            p.drawLine(QPointF(at, 2.5), QPointF(at, 6));
            p.drawLine(QPointF(at, 18), QPointF(at, 21.5));
            p.drawLine(QPointF(2.5, at), QPointF(6, at));
            p.drawLine(QPointF(18, at), QPointF(21.5, at));
        }
        break;
    default:
        drawMaskGlyph(p, glyph);
        break;
    }
}

QPixmap render(ToolIcons::Glyph glyph, const QColor& color, int size, qreal dpr) {
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(size / 24.0, size / 24.0);
    painter.setPen(QPen(color, size <= 16 ? 2.0 : 1.7, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    drawGlyph(painter, glyph);
    return pixmap;
}

} // namespace

QIcon ToolIcons::icon(Glyph glyph, const QColor& color) {
    QIcon icon;
    for (int size : {16, 24, 32}) {
        icon.addPixmap(render(glyph, color, size, 1.0));
        icon.addPixmap(render(glyph, color, size, 2.0));
    }
    return icon;
}

} // namespace hb::ui
