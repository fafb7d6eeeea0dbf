// Strict parsing and validation of a safetensors header. Nothing here trusts the file: every length,
// offset and count is bounds-checked before use, so a view built from a validated header never
// leaves the mapping.

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/safetensors.h"

namespace hb {
namespace {

using nlohmann::json;

Error bad(std::string message) { return makeError(ErrorCode::BadFormat, std::move(message)); }

std::uint64_t readU64le(const std::byte* p) {
    std::uint64_t value = 0;
    for (int i = 7; i >= 0; --i) {
        value = (value << 8) | static_cast<std::uint64_t>(p[i]);
    }
    return value;
}

// Parses JSON and records duplicate keys at any object level (nlohmann would keep the last silently).
Result<json> parseJsonRejectingDuplicates(const char* begin, const char* end) {
    std::vector<std::set<std::string>> keysPerObject;
    std::string duplicate;
    const json::parser_callback_t callback = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start) {
            keysPerObject.emplace_back();
        } else if (event == json::parse_event_t::object_end && !keysPerObject.empty()) {
            keysPerObject.pop_back();
        } else if (event == json::parse_event_t::key && !keysPerObject.empty()) {
            const auto& key = parsed.get_ref<const std::string&>();
            if (!keysPerObject.back().insert(key).second && duplicate.empty()) {
                duplicate = key;
            }
        }
        return true;
    };
    json doc;
    try {
        doc = json::parse(begin, end, callback, /*allow_exceptions=*/true, /*ignore_comments=*/false);
    } catch (const json::exception& e) {
        return bad(std::string("header is not valid JSON: ") + e.what());
    }
    if (!duplicate.empty()) {
        return bad("header names \"" + duplicate + "\" twice");
    }
    return doc;
}

Result<std::uint64_t> unsignedField(const json& value, const std::string& what) {
    if (!value.is_number_unsigned()) {
        return bad(what + " must be a non-negative integer, found " + value.dump());
    }
    return value.get<std::uint64_t>();
}

Result<void> parseMetadata(const json& value, std::map<std::string, std::string>& out) {
    if (!value.is_object()) {
        return bad("__metadata__ must be an object of strings, found " + std::string(value.type_name()));
    }
    for (const auto& [key, item] : value.items()) {
        if (!item.is_string()) {
            return bad("__metadata__ entry \"" + key + "\" must be a string, found " + item.type_name());
        }
        out.emplace(key, item.get<std::string>());
    }
    return {};
}

Result<TensorInfo> parseEntry(const std::string& name, const json& entry) {
    const std::string where = "tensor \"" + name + "\"";
    if (name.empty()) {
        return bad("a tensor has an empty name");
    }
    if (!entry.is_object()) {
        return bad(where + ": entry must be an object, found " + entry.type_name());
    }
    for (const auto& [key, item] : entry.items()) {
        (void)item;
        if (key != "dtype" && key != "shape" && key != "data_offsets") {
            return bad(where + ": unknown field \"" + key + "\"");
        }
    }
    if (!entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets")) {
        return bad(where + ": needs the fields dtype, shape and data_offsets");
    }
    TensorInfo info;
    info.name = name;
    const json& dtype = entry["dtype"];
    if (!dtype.is_string()) {
        return bad(where + ": dtype must be a string");
    }
    const auto parsedDtype = dtypeFromString(dtype.get_ref<const std::string&>());
    if (!parsedDtype) {
        return makeError(ErrorCode::Unsupported,
                         where + ": unknown or unsupported dtype \"" + dtype.get<std::string>() + "\"");
    }
    info.dtype = *parsedDtype;

    const json& shape = entry["shape"];
    if (!shape.is_array()) {
        return bad(where + ": shape must be an array");
    }
    std::uint64_t elements = 1;
    bool overflow = false;
    for (const json& dim : shape) {
        auto size = unsignedField(dim, where + ": shape dimension");
        if (!size) {
            return size.error();
        }
        if (*size > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return bad(where + ": shape dimension " + std::to_string(*size) + " is too large");
        }
        info.shape.push_back(static_cast<std::int64_t>(*size));
        overflow = overflow || (*size != 0 && elements > std::numeric_limits<std::uint64_t>::max() / *size);
        elements = overflow ? elements : elements * *size;
    }
    const std::uint64_t elemSize = dtypeSize(info.dtype);
    overflow = overflow || elements > std::numeric_limits<std::uint64_t>::max() / elemSize;

    const json& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2) {
        return bad(where + ": data_offsets must be an array of two integers");
    }
    auto begin = unsignedField(offsets[0], where + ": data_offsets[0]");
    auto end = unsignedField(offsets[1], where + ": data_offsets[1]");
    if (!begin || !end) {
        return begin ? end.error() : begin.error();
    }
    if (*end < *begin) {
        return bad(where + ": data_offsets end " + std::to_string(*end) + " is before begin " +
                   std::to_string(*begin));
    }
    info.dataBegin = *begin;
    info.dataEnd = *end;
    if (overflow || elements * elemSize != info.byteSize()) {
        return bad(where + ": dtype " + std::string(toString(info.dtype)) + " x shape " + info.shapeString() +
                   " does not match its " + std::to_string(info.byteSize()) + "-byte data span");
    }
    return info;
}

// Sorted by offset, tensors must tile [0, dataBytes) exactly: no gap, no overlap, nothing outside.
Result<void> checkLayout(const std::vector<TensorInfo>& tensors, std::uint64_t dataBytes) {
    std::uint64_t expected = 0;
    const TensorInfo* previous = nullptr;
    for (const TensorInfo& t : tensors) {
        if (t.dataEnd > dataBytes) {
            return bad("tensor \"" + t.name + "\" spans bytes " + std::to_string(t.dataBegin) + ".." +
                       std::to_string(t.dataEnd) + " but the data section holds only " +
                       std::to_string(dataBytes) + " bytes (file truncated?)");
        }
        if (t.dataBegin < expected) {
            return bad("tensor \"" + t.name + "\" overlaps tensor \"" + (previous ? previous->name : "") +
                       "\"");
        }
        if (t.dataBegin > expected) {
            return bad("bytes " + std::to_string(expected) + ".." + std::to_string(t.dataBegin) +
                       " of the data section belong to no tensor (before \"" + t.name + "\")");
        }
        expected = t.dataEnd;
        previous = &t;
    }
    if (expected != dataBytes) {
        return bad(std::to_string(dataBytes - expected) +
                   " bytes at the end of the data section belong to no tensor");
    }
    return {};
}

} // namespace

std::int64_t TensorInfo::numel() const {
    std::int64_t n = 1;
    for (const std::int64_t d : shape) {
        n *= d;
    }
    return n;
}

std::string TensorInfo::shapeString() const {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        s += (i ? ", " : "") + std::to_string(shape[i]);
    }
    return s + "]";
}

Result<SafetensorsHeader> parseSafetensors(const std::byte* bytes, std::uint64_t size) {
    if (size < 8) {
        return bad("file is " + std::to_string(size) + " bytes, too short for the 8-byte header length");
    }
    SafetensorsHeader header;
    header.headerBytes = readU64le(bytes);
    if (header.headerBytes < 2) {
        return bad("header length " + std::to_string(header.headerBytes) + " is too small for a JSON object");
    }
    if (header.headerBytes > kSafetensorsMaxHeaderBytes) {
        return bad("header length " + std::to_string(header.headerBytes) + " exceeds the 100 MB limit");
    }
    if (header.headerBytes > size - 8) {
        return bad("header length " + std::to_string(header.headerBytes) + " runs past the end of the " +
                   std::to_string(size) + "-byte file (file truncated?)");
    }
    header.dataBytes = size - 8 - header.headerBytes;
    const char* text = reinterpret_cast<const char*>(bytes + 8);
    auto doc = parseJsonRejectingDuplicates(text, text + header.headerBytes);
    if (!doc) {
        return doc.error();
    }
    if (!doc->is_object()) {
        return bad(std::string("header must be a JSON object, found ") + doc->type_name());
    }
    for (const auto& [key, value] : doc->items()) {
        if (key == "__metadata__") {
            if (auto ok = parseMetadata(value, header.metadata); !ok) {
                return ok.error();
            }
            continue;
        }
        auto info = parseEntry(key, value);
        if (!info) {
            return info.error();
        }
        header.tensors.push_back(std::move(info.value()));
    }
    std::sort(header.tensors.begin(), header.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return a.dataBegin != b.dataBegin ? a.dataBegin < b.dataBegin : a.dataEnd < b.dataEnd;
    });
    if (auto ok = checkLayout(header.tensors, header.dataBytes); !ok) {
        return ok.error();
    }
    return header;
}

} // namespace hb
