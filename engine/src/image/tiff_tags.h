#pragma once
// A minimal reader for TIFF-structured data: IFD0 of a TIFF file and the EXIF blocks that JPEG
// (APP1), PNG (eXIf) and WebP (EXIF) embed, which use the same layout. Only the integer tags the
// image probe needs are read. Engine-internal. Thread safety: pure functions.

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace hb {

/// IFD0's SHORT/LONG values for the tags asked for (at most 16 values each). Empty when the bytes do
/// not start with a classic ("II*\0" / "MM\0*") or BigTIFF header or IFD0 lies outside them; a tag
/// whose values lie outside the bytes is left out.
std::map<std::uint16_t, std::vector<std::uint64_t>> readTiffTags(const std::uint8_t* bytes, std::size_t size,
                                                                 const std::vector<std::uint16_t>& tags);

/// The Orientation tag (274) of an EXIF block: 1..8, or 1 when absent or out of range. A leading
/// "Exif\0\0" (as some writers put in PNG eXIf and WebP EXIF chunks) is skipped.
int exifOrientation(const std::uint8_t* bytes, std::size_t size);

} // namespace hb
