// Encodes a corpus of documents single-threaded and prints the throughput. The corpus file is a
// sequence of (u32 little-endian length, bytes) records, as bench_tokenizer.mjs writes it; that
// script also times Hugging Face's tokenizer on the same documents and prints the ratio.
// Usage: bench_tokenizer --tokenizer PATH CORPUS [--runs N]
// Prints one line of JSON: {"bytes", "tokens", "hash", "first_mb_s", "mb_s", "runs"}: mb_s is the
// best of the first pass and `runs` more; hash is FNV-1a over the ids (to check that both
// tokenizers produced the same ids).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "hyperbagel/engine/tokenizer.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> readCorpus(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> docs;
    for (std::size_t pos = 0; pos + 4 <= data.size();) {
        std::uint32_t n = 0;
        for (int i = 3; i >= 0; --i) {
            n = (n << 8) | static_cast<unsigned char>(data[pos + static_cast<std::size_t>(i)]);
        }
        docs.push_back(data.substr(pos + 4, n));
        pos += 4 + n;
    }
    return docs;
}

struct Pass {
    double seconds = 0;
    std::uint64_t tokens = 0;
    std::uint32_t hash = 2166136261u;
};

Pass encodeAll(const hb::Tokenizer& tok, const std::vector<std::string>& docs) {
    Pass pass;
    std::vector<std::int32_t> ids;
    const auto start = Clock::now();
    for (const std::string& doc : docs) {
        ids.clear();
        tok.encodeInto(doc, ids);
        pass.tokens += ids.size();
        for (const std::int32_t id : ids) {
            pass.hash = (pass.hash ^ static_cast<std::uint32_t>(id)) * 16777619u;
        }
    }
    pass.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return pass;
}

} // namespace

int main(int argc, char** argv) {
    std::string tokenizerPath, corpusPath;
    int runs = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--tokenizer" && i + 1 < argc) {
            tokenizerPath = argv[++i];
        } else if (arg == "--runs" && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
        } else {
            corpusPath = arg;
        }
    }
    if (tokenizerPath.empty() || corpusPath.empty()) {
        std::fprintf(stderr, "usage: %s --tokenizer PATH CORPUS [--runs N]\n", argv[0]);
        return 2;
    }
    auto tok = hb::Tokenizer::loadDirectory(tokenizerPath);
    if (!tok) {
        std::fprintf(stderr, "%s\n", tok.error().describe().c_str());
        return 1;
    }
    const std::vector<std::string> docs = readCorpus(corpusPath);
    std::uint64_t bytes = 0;
    for (const std::string& d : docs) {
        bytes += d.size();
    }
    const Pass first = encodeAll(**tok, docs); // the per-thread word cache starts empty here
    double best = first.seconds;
    for (int r = 0; r < runs; ++r) {
        best = std::min(best, encodeAll(**tok, docs).seconds);
    }
    const double mb = static_cast<double>(bytes) / 1e6;
    std::printf("{\"bytes\": %llu, \"tokens\": %llu, \"hash\": %u, \"first_mb_s\": %.2f, \"mb_s\": %.2f, "
                "\"runs\": %d}\n",
                static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(first.tokens),
                first.hash, mb / first.seconds, mb / best, runs);
    return 0;
}
