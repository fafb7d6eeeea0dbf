#pragma once
// Region masks (docs/product.md §2): an edit's result is blended over its source image through a
// painted mask whose edge is Gaussian-feathered, so only the masked region changes.
//
// Masks are Format_Grayscale8 images of the source's size: 0 keeps the source, 255 takes the result.
// The feather is a separable Gaussian (sigma = radius / 3) truncated at `radius` pixels, so it is
// exact at both ends: a pixel farther than `radius` (per axis) from every masked pixel keeps its
// source value exactly, and a pixel whose (2 radius + 1)² neighbourhood is all masked (the mask's
// core) takes the result's value exactly. Only the band between is a mix.
//
// Thread safety: pure functions on implicitly shared QImages; safe from any thread. EngineWorker
// calls them on the engine thread, never the GUI thread (a 1024² feather costs tens of ms).

#include <QImage>
#include <QRect>

namespace hb::ui {

/// The feather radius (pixels) for a brush of `brushSize` pixels across: half the brush's radius.
int featherRadiusForBrush(int brushSize);

/// The bounding box of the non-zero pixels of `mask` (Grayscale8); empty when there are none.
QRect maskCoverageBox(const QImage& mask);

/// True when `mask` has at least one non-zero pixel.
bool maskHasCoverage(const QImage& mask);

/// `mask` (converted to Grayscale8) blurred by the truncated Gaussian of `radius` pixels; radius 0
/// returns the mask unchanged. Only the mask's bounding box grown by `radius` is computed.
QImage featherMask(const QImage& mask, int radius);

/// `result` over `source` through `alpha` (a feathered mask, Grayscale8, the source's size):
/// out = (result * a + source * (255 - a)) / 255, rounded, per channel. The result is scaled to the
/// source's size first when the engine returned another size (the latent grid). Returns RGB888 of
/// the source's size; `result` unchanged when `alpha` is null or of another size.
QImage blendThroughMask(const QImage& source, const QImage& result, const QImage& alpha);

} // namespace hb::ui
