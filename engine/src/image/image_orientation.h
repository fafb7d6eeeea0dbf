#pragma once
// EXIF orientation (tag 274) applied to decoded pixels, as PIL's ImageOps.exif_transpose does: the
// stored image is mirrored and/or rotated so it displays upright. Engine-internal.
// Thread safety: pure function.

#include "hyperbagel/engine/image.h"

namespace hb {

/// `image` transformed for EXIF orientation 1..8 (2 mirror, 3 rotate 180, 4 flip, 5 transpose,
/// 6 rotate 90 clockwise, 7 transverse, 8 rotate 90 counter-clockwise); other values return it as is.
Image applyOrientation(Image image, int orientation);

} // namespace hb
