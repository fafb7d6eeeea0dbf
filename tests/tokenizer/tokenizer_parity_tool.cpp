// The C++ side of the Hugging Face parity test (parity.mjs drives it). Reads a corpus of raw byte
// strings (u32 little-endian length + bytes, repeated; invalid UTF-8 allowed) and writes one JSON
// line per string: {"ids": [...], "text": decode(ids), "slow": ids from the slow files,
// "stream": whether IncrementalDecoder's output equals decode()}.
// Usage: tokenizer_parity_tool --tokenizer tokenizer.json [--slow DIR] [--as-text] CORPUS OUT

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/tokenizer.h"

namespace {

std::vector<std::string> readCorpus(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> strings;
    std::size_t pos = 0;
    while (pos + 4 <= data.size()) {
        std::uint32_t n = 0;
        for (int i = 3; i >= 0; --i) {
            n = (n << 8) | static_cast<unsigned char>(data[pos + static_cast<std::size_t>(i)]);
        }
        pos += 4;
        strings.push_back(data.substr(pos, n));
        pos += n;
    }
    return strings;
}

std::string streamed(const hb::Tokenizer& tok, const std::vector<std::int32_t>& ids) {
    hb::IncrementalDecoder decoder(tok);
    std::string text;
    for (const std::int32_t id : ids) {
        text += decoder.push(id);
    }
    return text + decoder.finish();
}

} // namespace

int main(int argc, char** argv) {
    std::string tokenizerPath, slowDir;
    std::vector<std::string> positional;
    hb::EncodeOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--tokenizer" && i + 1 < argc) {
            tokenizerPath = argv[++i];
        } else if (arg == "--slow" && i + 1 < argc) {
            slowDir = argv[++i];
        } else if (arg == "--as-text") {
            options.specialTokens = hb::SpecialTokenMode::AsText;
        } else {
            positional.push_back(arg);
        }
    }
    if (tokenizerPath.empty() || positional.size() != 2) {
        std::cerr << "usage: tokenizer_parity_tool --tokenizer FILE [--slow DIR] [--as-text] CORPUS OUT\n";
        return 2;
    }
    auto fast = hb::Tokenizer::loadTokenizerJson(tokenizerPath);
    if (!fast) {
        std::cerr << fast.error().describe() << "\n";
        return 1;
    }
    std::unique_ptr<hb::Tokenizer> slow;
    if (!slowDir.empty()) {
        auto loaded = hb::Tokenizer::loadDirectory(slowDir);
        if (!loaded) {
            std::cerr << loaded.error().describe() << "\n";
            return 1;
        }
        slow = std::move(*loaded);
    }
    std::ofstream out(positional[1], std::ios::binary);
    for (const std::string& s : readCorpus(positional[0])) {
        const std::vector<std::int32_t> ids = (*fast)->encode(s, options);
        const std::string text = (*fast)->decode(ids);
        nlohmann::json line = {{"ids", ids}, {"text", text}, {"stream", streamed(**fast, ids) == text}};
        if (slow) {
            line["slow"] = slow->encode(s, options);
        }
        out << line.dump() << "\n";
    }
    return out.good() ? 0 : 1;
}
