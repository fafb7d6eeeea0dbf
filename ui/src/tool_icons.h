#pragma once
// Small line-art toolbar icons drawn with QPainter, so they look the same under every style and
// icon theme (and need no SVG plugin). Private to ui/.
// Thread affinity: GUI thread (creates pixmaps).

#include <QColor>
#include <QIcon>

namespace hb::ui {

class ToolIcons {
public:
    enum class Glyph { Open, Paste, Export, ZoomIn, ZoomOut, Fit, Model, Brush, Eraser, ShowMask, ClearMask };

    /// The glyph in `color`, at 16, 24 and 32 pixels (and their 2x versions).
    static QIcon icon(Glyph glyph, const QColor& color);
};

} // namespace hb::ui
