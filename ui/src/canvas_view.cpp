#include "hyperbagel/ui/canvas_view.h"

#include <QDragEnterEvent>
#include <QFileInfo>
#include <QImageReader>
#include <QKeySequence>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QUrl>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace hb::ui {
namespace {

constexpr int kFitMargin = 16;  // free pixels around a fitted image
constexpr int kCheckerCell = 8; // checkerboard square size, in widget pixels
const QColor kBackground(0x2b, 0x2d, 0x31);
const QColor kHintText(0xc9, 0xcc, 0xd1);
const QColor kAccent(0x4c, 0x9a, 0xff);

QStringList localImageFiles(const QMimeData* mime) {
    QStringList paths;
    if (mime == nullptr || !mime->hasUrls()) {
        return paths;
    }
    const QList<QByteArray> formats = QImageReader::supportedImageFormats();
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) {
            continue;
        }
        const QString path = url.toLocalFile();
        if (formats.contains(QFileInfo(path).suffix().toLower().toLatin1())) {
            paths.append(path);
        }
    }
    return paths;
}

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

CanvasView::CanvasView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("canvasView"));
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Canvas"));
}

QSize CanvasView::sizeHint() const { return {800, 600}; }

QSize CanvasView::minimumSizeHint() const { return {200, 150}; }

void CanvasView::setImage(const QImage& image) {
    m_image = image;
    m_fitMode = true;
    m_scale = hasImage() ? fitScale() : 1.0;
    clampOffset();
    update();
    Q_EMIT imageChanged();
    Q_EMIT scaleChanged(m_scale);
}

QRectF CanvasView::imageRect() const { return {m_offset, QSizeF(m_image.size()) * m_scale}; }

double CanvasView::fitScale() const {
    if (!hasImage()) {
        return 1.0;
    }
    const double w = std::max(1, width() - 2 * kFitMargin);
    const double h = std::max(1, height() - 2 * kFitMargin);
    const double s = std::min(w / m_image.width(), h / m_image.height());
    return std::clamp(s, kMinScale, kMaxScale);
}

void CanvasView::fitToWindow() {
    m_fitMode = true;
    m_scale = fitScale();
    clampOffset();
    update();
    Q_EMIT scaleChanged(m_scale);
}

void CanvasView::zoomIn() { zoomAround(QRectF(rect()).center(), kZoomStep); }

void CanvasView::zoomOut() { zoomAround(QRectF(rect()).center(), 1.0 / kZoomStep); }

void CanvasView::zoomToActualSize() { setScale(1.0); }

void CanvasView::setScale(double scale) { applyScale(scale, QRectF(rect()).center()); }

void CanvasView::zoomAround(const QPointF& anchor, double factor) { applyScale(m_scale * factor, anchor); }

void CanvasView::applyScale(double scale, const QPointF& anchor) {
    if (!hasImage()) {
        return;
    }
    const double newScale = std::clamp(scale, kMinScale, kMaxScale);
    // Keep the image point under `anchor` where it is.
    const QPointF imagePoint = (anchor - m_offset) / m_scale;
    m_scale = newScale;
    m_offset = anchor - imagePoint * m_scale;
    m_fitMode = false;
    clampOffset();
    update();
    Q_EMIT scaleChanged(m_scale);
}

void CanvasView::clampOffset() {
    const QSizeF shown = QSizeF(m_image.size()) * m_scale;
    auto clampAxis = [](double offset, double shownLength, double viewLength) {
        if (shownLength <= viewLength) {
            return (viewLength - shownLength) / 2.0; // centred when it fits
        }
        return std::clamp(offset, viewLength - shownLength, 0.0); // no empty band at an edge
    };
    m_offset.setX(clampAxis(m_offset.x(), shown.width(), width()));
    m_offset.setY(clampAxis(m_offset.y(), shown.height(), height()));
}

void CanvasView::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    painter.fillRect(rect(), kBackground);
    if (!hasImage()) {
        paintEmptyState(painter);
    } else {
        const QRectF target = imageRect();
        if (m_image.hasAlphaChannel()) {
            painter.save();
            painter.setBrushOrigin(target.topLeft());
            painter.fillRect(target, checkerBrush());
            painter.restore();
        }
        // Smooth when shrinking or mildly enlarging; crisp pixels when inspecting up close.
        painter.setRenderHint(QPainter::SmoothPixmapTransform, m_scale < 2.0);
        painter.drawImage(target, m_image);
    }
    if (m_dropHighlight) {
        QPen pen(kAccent, 3, Qt::DashLine);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(QRectF(rect()).adjusted(4, 4, -4, -4), 8, 8);
    }
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

void CanvasView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (m_fitMode && hasImage()) {
        const double before = m_scale;
        m_scale = fitScale();
        if (!qFuzzyCompare(before, m_scale)) {
            Q_EMIT scaleChanged(m_scale);
        }
    }
    clampOffset();
}

void CanvasView::wheelEvent(QWheelEvent* event) {
    if (!hasImage()) {
        event->ignore();
        return;
    }
    const double steps = event->angleDelta().y() / 120.0; // one notch = 120
    if (steps != 0.0) {
        zoomAround(event->position(), std::pow(kZoomStep, steps));
    }
    event->accept();
}

void CanvasView::mousePressEvent(QMouseEvent* event) {
    const bool panButton =
        event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld);
    if (panButton && hasImage()) {
        m_panning = true;
        m_lastPanPos = event->position();
        updateCursor();
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void CanvasView::mouseMoveEvent(QMouseEvent* event) {
    if (m_panning) {
        m_offset += event->position() - m_lastPanPos;
        m_lastPanPos = event->position();
        clampOffset();
        update();
        event->accept();
        return;
    }
    QWidget::mouseMoveEvent(event);
}

void CanvasView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        updateCursor();
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void CanvasView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        updateCursor();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void CanvasView::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        m_panning = false;
        updateCursor();
        event->accept();
        return;
    }
    QWidget::keyReleaseEvent(event);
}

void CanvasView::focusOutEvent(QFocusEvent* event) {
    m_spaceHeld = false; // the release would go elsewhere
    updateCursor();
    QWidget::focusOutEvent(event);
}

void CanvasView::updateCursor() {
    if (m_panning) {
        setCursor(Qt::ClosedHandCursor);
    } else if (m_spaceHeld && hasImage()) {
        setCursor(Qt::OpenHandCursor);
    } else {
        unsetCursor();
    }
}

void CanvasView::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (!localImageFiles(mime).isEmpty() || (mime != nullptr && mime->hasImage())) {
        m_dropHighlight = true;
        update();
        event->acceptProposedAction();
        return;
    }
    event->ignore();
}

void CanvasView::dragLeaveEvent(QDragLeaveEvent* event) {
    m_dropHighlight = false;
    update();
    QWidget::dragLeaveEvent(event);
}

void CanvasView::dropEvent(QDropEvent* event) {
    m_dropHighlight = false;
    update();
    const QMimeData* mime = event->mimeData();
    const QStringList files = localImageFiles(mime);
    if (!files.isEmpty()) {
        event->acceptProposedAction();
        Q_EMIT filesDropped(files);
        return;
    }
    if (mime != nullptr && mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull()) {
            event->acceptProposedAction();
            Q_EMIT imageDropped(image);
            return;
        }
    }
    event->ignore();
}

} // namespace hb::ui
