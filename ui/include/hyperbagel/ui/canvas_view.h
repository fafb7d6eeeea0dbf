#pragma once
// The central canvas: shows the current image on a neutral background (a checkerboard under
// transparent pixels), zooms with the wheel and shortcuts, fits to the window, pans with the middle
// button or space + left drag, and accepts dropped image files or image data.
// Over the current (base) image it can show a result (live preview or unapplied edit) with an overlay
// naming its tier, latency and seed; holding the peek key (backslash) shows the base image again, and
// the compare mode splits the view: before (the base image) left of a draggable divider, after right.
// With the mask brush on, the left button paints (or erases) a region mask over the base image,
// shown as a translucent overlay that can be hidden; edits are then confined to it (mask_blend.h).
// The mask belongs to the base image: setImage() clears it. Every user change of the mask (a whole
// stroke, press to release, or a clear) is reported once by maskEdited() with the pixels of the
// changed rectangle before and after, so the window can make it an undo step.
// Thread affinity: GUI thread.

#include <QImage>
#include <QPointF>
#include <QRect>
#include <QWidget>

namespace hb::ui {

/// One user change of the mask: the rectangle it touched, in base-image pixels, and that rectangle
/// of the mask (Grayscale8, 0 where unmasked) before and after it, with the feather radius before and
/// after. Replacing `rect` with `before` (or `after`) reproduces the mask exactly.
struct MaskEdit {
    enum class Kind { Paint, Erase, Clear };
    Kind kind = Kind::Paint;
    QRect rect;
    QImage before;
    QImage after;
    int featherBefore = 0;
    int featherAfter = 0;
};

class CanvasView : public QWidget {
    Q_OBJECT

public:
    static constexpr double kMinScale = 0.02;
    static constexpr double kMaxScale = 32.0;
    static constexpr double kZoomStep = 1.25;

    explicit CanvasView(QWidget* parent = nullptr);

    static constexpr Qt::Key kPeekKey = Qt::Key_Backslash;
    static constexpr int kMinBrushSize = 1;
    static constexpr int kMaxBrushSize = 512;
    static constexpr int kDefaultBrushSize = 32;

    enum class BrushMode { Paint, Erase };

    /// Shows `image` fitted to the view as the base image; drops any result. Null clears the canvas.
    void setImage(const QImage& image);
    /// What is shown: the result when there is one, else the base image.
    const QImage& image() const { return hasResult() ? m_result : m_image; }
    bool hasImage() const { return !image().isNull(); }
    /// The current history node's image, under any result.
    const QImage& baseImage() const { return m_image; }

    /// Shows `result` over the base image, keeping the zoom when the size is unchanged; `overlay` is
    /// drawn in a corner (e.g. "Full · 4 steps · seed 7 · 0.3 s").
    void setResult(const QImage& result, const QString& overlay);
    void clearResult();
    bool hasResult() const { return !m_result.isNull(); }
    QString overlayText() const { return m_overlay; }
    /// True while the peek key is held: the base image is shown instead of the result.
    bool isPeeking() const { return m_peeking; }
    /// Shows the base image instead of the result (the peek key does this while held).
    void setPeeking(bool peeking);

    /// Mask brush: while enabled, a left-button drag paints or erases the mask (space still pans).
    void setBrushEnabled(bool enabled);
    bool isBrushEnabled() const { return m_brushEnabled; }
    void setBrushMode(BrushMode mode) { m_brushMode = mode; }
    BrushMode brushMode() const { return m_brushMode; }
    /// Brush diameter in base-image pixels, clamped to kMinBrushSize..kMaxBrushSize.
    void setBrushSize(int size);
    int brushSize() const { return m_brushSize; }
    /// Paints (or erases, per brushMode()) a stroke from `from` to `to`, in base-image pixel
    /// coordinates (pixel centres at +0.5), with round dabs of brushSize(); emits maskChanged() when
    /// a mask pixel changed.
    void strokeMask(const QPointF& from, const QPointF& to);
    /// Whether the mask covers any pixel.
    bool hasMask() const { return m_maskCovered; }
    /// The mask (Grayscale8, the base image's size, 255 masked); null when nothing is masked.
    QImage mask() const;
    /// Replaces the mask without emitting maskChanged() (restoring a node's mask); a null image or
    /// one of another size than the base image clears it.
    void setMask(const QImage& mask, int featherRadius);
    /// The feather radius for the mask: featherRadiusForBrush() of the newest stroke's brush.
    int maskFeatherRadius() const { return m_maskFeather; }
    void setMaskVisible(bool visible);
    bool isMaskVisible() const { return m_maskVisible; }

    /// Compare mode: with a result shown, the base image left of the divider and the result right.
    void setCompareEnabled(bool enabled);
    bool isCompareEnabled() const { return m_compare; }
    /// Where the divider is, as a fraction of the image's width (0..1).
    void setComparePosition(double fraction);
    double comparePosition() const { return m_comparePosition; }

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
    /// Removes the whole mask; emits maskChanged() when there was one.
    void clearMask();
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
    /// The user changed the mask: a stroke ended, or the mask was cleared. maskEdited() comes first.
    void maskChanged();
    /// What the stroke that just ended (or the clear) changed; only when a mask pixel changed.
    void maskEdited(const hb::ui::MaskEdit& edit);
    void brushSizeChanged(int size);

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
    void leaveEvent(QEvent* event) override;
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
    void paintOverlay(QPainter& painter);
    void paintCompare(QPainter& painter, const QRectF& target);
    void paintMask(QPainter& painter, const QRectF& target);
    bool isComparing() const;
    /// Widget position -> base-image pixel coordinates.
    QPointF toBaseImage(const QPointF& position) const;
    /// One round dab of the brush at base-image point `centre`; returns the touched rectangle.
    QRect dabMask(const QPointF& centre);
    void ensureMask();
    void beginStroke();
    void finishStroke();

    QImage m_image;
    QImage m_result;
    QString m_overlay;
    bool m_peeking = false;
    bool m_compare = false;
    double m_comparePosition = 0.5;
    bool m_draggingDivider = false;
    double m_scale = 1.0;
    QPointF m_offset; ///< widget position of the image's top-left corner
    bool m_fitMode = true;
    bool m_spaceHeld = false;
    bool m_panning = false;
    bool m_dropHighlight = false;
    QPointF m_lastPanPos;

    QImage m_mask;        ///< Grayscale8, the base image's size; null until painted
    QImage m_maskOverlay; ///< ARGB32_Premultiplied tint of m_mask, kept in step with it
    bool m_maskCovered = false;
    int m_maskFeather = 0;
    bool m_maskVisible = true;
    bool m_brushEnabled = false;
    BrushMode m_brushMode = BrushMode::Paint;
    int m_brushSize = kDefaultBrushSize;
    bool m_stroking = false;
    bool m_strokeChanged = false; ///< the current stroke changed a mask pixel
    QImage m_strokeBefore;        ///< the mask as the stroke began (shared until the first dab); null: empty
    QRect m_strokeRect;           ///< the pixels the current stroke changed lie inside
    int m_strokeFeatherBefore = 0;
    QPointF m_lastStrokePoint; ///< base-image coordinates
    QPointF m_hoverPos;        ///< widget coordinates of the brush outline
    bool m_hovering = false;
};

} // namespace hb::ui

Q_DECLARE_METATYPE(hb::ui::MaskEdit)
