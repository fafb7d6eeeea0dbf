// Test tool: makes broken copies of safetensors files for the CLI tests.
//   tamper_checkpoint drop IN OUT NAME          rewrite IN without tensor NAME
//   tamper_checkpoint reshape IN OUT NAME D0,D1  rewrite IN with NAME given another shape (same bytes)
//   tamper_checkpoint truncate FILE BYTES        cut FILE down to its first BYTES bytes

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "hyperbagel/engine/safetensors.h"

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "tamper_checkpoint: %s\n", message.c_str());
    return 1;
}

std::vector<std::int64_t> parseShape(const std::string& text) {
    std::vector<std::int64_t> shape;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        shape.push_back(std::stoll(item));
    }
    return shape;
}

int rewrite(const std::string& in, const std::string& out, const std::string& name, bool drop,
            const std::vector<std::int64_t>& newShape) {
    auto file = hb::SafetensorsFile::open(in);
    if (!file) {
        return fail(file.error().message);
    }
    if ((*file)->find(name) == nullptr) {
        return fail(in + " has no tensor " + name);
    }
    std::vector<hb::TensorSpec> specs;
    for (const hb::TensorInfo& info : (*file)->tensors()) {
        if (info.name == name && drop) {
            continue;
        }
        specs.push_back({info.name, info.dtype, info.name == name ? newShape : info.shape});
    }
    auto writer = hb::SafetensorsWriter::create(out, specs, (*file)->metadata());
    if (!writer) {
        return fail(writer.error().message);
    }
    for (const hb::TensorSpec& spec : specs) {
        const hb::TensorView view = (*file)->view(*(*file)->find(spec.name));
        if (auto ok = (*writer)->append(view.data, view.byteSize()); !ok) {
            return fail(ok.error().message);
        }
    }
    if (auto ok = (*writer)->finish(); !ok) {
        return fail(ok.error().message);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() == 4 && a[0] == "drop") {
        return rewrite(a[1], a[2], a[3], true, {});
    }
    if (a.size() == 5 && a[0] == "reshape") {
        return rewrite(a[1], a[2], a[3], false, parseShape(a[4]));
    }
    if (a.size() == 3 && a[0] == "truncate") {
        std::error_code ec;
        std::filesystem::resize_file(a[1], std::stoull(a[2]), ec);
        return ec ? fail(a[1] + ": " + ec.message()) : 0;
    }
    return fail("usage: drop IN OUT NAME | reshape IN OUT NAME D0,D1 | truncate FILE BYTES");
}
