#pragma once
// The central canvas: shows the current image on a neutral background (a checkerboard under
// transparent pixels), zooms with the wheel and shortcuts, fits to the window, pans with the middle
// button or space + left drag, and accepts dropped image files or image data.
// Thread affinity: GUI thread.

#include <QImage>
#include <QPointF>
#include <QWidget>

namespace hb::ui {

class CanvasView : public QWidget {
    Q_OBJECT

public:
    static constexpr double kMinScale = 0.02;
    static constexpr double kMaxScale = 32.0;
    static constexpr double kZoomStep = 1.25;

    explicit CanvasView(QWidget* parent = nullptr);

    /// Shows `image` fitted to the view. A null image clears the canvas.
    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    bool hasImage() const { return !m_image.isNull(); }

    /// Display scale: 1.0 shows one image pixel per device-independent pixel.
    double scale() const { return m_scale; }
    /// True while the view re-fits the image on every resize.
    bool isFitMode() const { return m_fitMode; }
    /// The image's rectangle in widget coordinates.
    QRectF imageRect() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void fitToWindow();
    void zoomIn();
    void zoomOut();
    void zoomToActualSize();
    /// Sets the scale about the view's centre (leaves fit mode).
    void setScale(double scale);

Q_SIGNALS:
    void imageChanged();
    void scaleChanged(double scale);
    /// Local files were dropped on the canvas (the first one is meant to be opened).
    void filesDropped(const QStringList& paths);
    /// Raw image data (e.g. from a browser) was dropped on the canvas.
    void imageDropped(const QImage& image);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void zoomAround(const QPointF& anchor, double factor);
    void applyScale(double scale, const QPointF& anchor);
    double fitScale() const;
    void clampOffset();
    void updateCursor();
    void paintEmptyState(QPainter& painter);

    QImage m_image;
    double m_scale = 1.0;
    QPointF m_offset; ///< widget position of the image's top-left corner
    bool m_fitMode = true;
    bool m_spaceHeld = false;
    bool m_panning = false;
    bool m_dropHighlight = false;
    QPointF m_lastPanPos;
};

} // namespace hb::ui
