#include "hyperbagel/ui/canvas_view.h"

#include <QDragEnterEvent>
#include <QFileInfo>
#include <QImageReader>
#include <QMimeData>
#include <QUrl>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace hb::ui {
namespace {

constexpr int kFitMargin = 16; // free pixels around a fitted image

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
    m_result = QImage();
    m_overlay.clear();
    setMask(QImage(), 0); // a mask belongs to the image it was painted on
    m_fitMode = true;
    m_scale = hasImage() ? fitScale() : 1.0;
    clampOffset();
    update();
    Q_EMIT imageChanged();
    Q_EMIT scaleChanged(m_scale);
}

void CanvasView::setResult(const QImage& result, const QString& overlay) {
    const QSize before = image().size();
    m_result = result;
    m_overlay = overlay;
    if (image().size() != before) {
        m_scale = m_fitMode ? fitScale() : m_scale; // a live preview of the same size never jumps
        clampOffset();
        Q_EMIT scaleChanged(m_scale);
    }
    update();
    Q_EMIT imageChanged();
}

void CanvasView::clearResult() {
    if (!hasResult()) {
        return;
    }
    setResult(QImage(), QString());
}

void CanvasView::setCompareEnabled(bool enabled) {
    if (m_compare != enabled) {
        m_compare = enabled;
        m_draggingDivider = false;
        update();
    }
}

void CanvasView::setComparePosition(double fraction) {
    m_comparePosition = std::clamp(fraction, 0.0, 1.0);
    update();
}

bool CanvasView::isComparing() const { return m_compare && hasResult() && !m_peeking && !m_image.isNull(); }

void CanvasView::setPeeking(bool peeking) {
    if (m_peeking != peeking) {
        m_peeking = peeking;
        update();
    }
}

QRectF CanvasView::imageRect() const { return {m_offset, QSizeF(image().size()) * m_scale}; }

double CanvasView::fitScale() const {
    if (!hasImage()) {
        return 1.0;
    }
    const double w = std::max(1, width() - 2 * kFitMargin);
    const double h = std::max(1, height() - 2 * kFitMargin);
    const double s = std::min(w / image().width(), h / image().height());
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
    const QSizeF shown = QSizeF(image().size()) * m_scale;
    auto clampAxis = [](double offset, double shownLength, double viewLength) {
        if (shownLength <= viewLength) {
            return (viewLength - shownLength) / 2.0; // centred when it fits
        }
        return std::clamp(offset, viewLength - shownLength, 0.0); // no empty band at an edge
    };
    m_offset.setX(clampAxis(m_offset.x(), shown.width(), width()));
    m_offset.setY(clampAxis(m_offset.y(), shown.height(), height()));
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
    if (event->button() == Qt::LeftButton && m_brushEnabled && !m_image.isNull()) {
        if (m_stroking) {
            finishStroke(); // a press without the previous release: that stroke ends here
        }
        beginStroke();
        m_stroking = true;
        m_lastStrokePoint = toBaseImage(event->position());
        dabMask(m_lastStrokePoint);
        update();
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton && isComparing() && imageRect().contains(event->position())) {
        m_draggingDivider = true;
        setComparePosition((event->position().x() - imageRect().left()) / imageRect().width());
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void CanvasView::mouseMoveEvent(QMouseEvent* event) {
    if (m_brushEnabled) {
        m_hoverPos = event->position();
        m_hovering = true;
        update();
    }
    if (m_stroking) {
        strokeMask(m_lastStrokePoint, toBaseImage(event->position()));
        event->accept();
        return;
    }
    if (m_draggingDivider) {
        setComparePosition((event->position().x() - imageRect().left()) / imageRect().width());
        event->accept();
        return;
    }
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
    if (m_stroking && event->button() == Qt::LeftButton) {
        finishStroke();
        event->accept();
        return;
    }
    if (m_draggingDivider && event->button() == Qt::LeftButton) {
        m_draggingDivider = false;
        event->accept();
        return;
    }
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        updateCursor();
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void CanvasView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == kPeekKey) {
        setPeeking(true); // auto-repeat presses keep it on
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        updateCursor();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void CanvasView::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == kPeekKey && !event->isAutoRepeat()) {
        setPeeking(false);
        event->accept();
        return;
    }
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
    setPeeking(false);
    updateCursor();
    QWidget::focusOutEvent(event);
}

void CanvasView::leaveEvent(QEvent* event) {
    m_hovering = false; // no brush outline while the pointer is elsewhere
    update();
    QWidget::leaveEvent(event);
}

void CanvasView::updateCursor() {
    if (m_panning) {
        setCursor(Qt::ClosedHandCursor);
    } else if (m_spaceHeld && hasImage()) {
        setCursor(Qt::OpenHandCursor);
    } else if (m_brushEnabled) {
        setCursor(Qt::CrossCursor);
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
