#include "session/text_codec.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/tokenizer.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

class ByteStream final : public TextStream {
public:
    std::string push(std::int64_t id) override {
        if (id >= 0 && id < 256) {
            m_pending.push_back(static_cast<char>(id));
        }
        return takeCompleteUtf8(m_pending);
    }
    std::string finish() override { return std::exchange(m_pending, {}); }

private:
    std::string m_pending;
};

class ByteCodec final : public TextCodec {
public:
    std::string name() const override { return "bytes (bagel_config.json)"; }
    std::vector<std::int64_t> encode(const std::string& text) const override {
        return std::vector<std::int64_t>(reinterpret_cast<const unsigned char*>(text.data()),
                                         reinterpret_cast<const unsigned char*>(text.data()) + text.size());
    }
    std::unique_ptr<TextStream> stream() const override { return std::make_unique<ByteStream>(); }
};

class QwenStream final : public TextStream {
public:
    explicit QwenStream(const Tokenizer& tokenizer) : m_decoder(tokenizer, /*skipSpecialTokens=*/true) {}
    std::string push(std::int64_t id) override { return m_decoder.push(static_cast<std::int32_t>(id)); }
    std::string finish() override { return m_decoder.finish(); }

private:
    IncrementalDecoder m_decoder;
};

class QwenCodec final : public TextCodec {
public:
    QwenCodec(std::unique_ptr<Tokenizer> tokenizer, std::string source)
        : m_tokenizer(std::move(tokenizer)), m_source(std::move(source)) {}
    std::string name() const override { return "qwen2 (" + m_source + ")"; }
    std::vector<std::int64_t> encode(const std::string& text) const override {
        const std::vector<std::int32_t> ids = m_tokenizer->encode(text);
        return std::vector<std::int64_t>(ids.begin(), ids.end());
    }
    std::unique_ptr<TextStream> stream() const override { return std::make_unique<QwenStream>(*m_tokenizer); }

private:
    std::unique_ptr<Tokenizer> m_tokenizer;
    std::string m_source;
};

} // namespace

std::unique_ptr<TextCodec> makeByteCodec() { return std::make_unique<ByteCodec>(); }

Result<std::unique_ptr<TextCodec>> codecForFolder(const std::string& folder) {
    const fs::path dir(folder);
    if (fs::exists(dir / "tokenizer.json") || fs::exists(dir / "vocab.json")) {
        auto tokenizer = Tokenizer::loadDirectory(folder);
        if (!tokenizer) {
            return tokenizer.error();
        }
        const std::string source =
            fs::exists(dir / "tokenizer.json") ? "tokenizer.json" : "vocab.json + merges.txt";
        return std::unique_ptr<TextCodec>(std::make_unique<QwenCodec>(std::move(tokenizer.value()), source));
    }
    std::ifstream in(dir / "bagel_config.json");
    if (in) {
        const auto config = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
        if (config.is_object() && config.value("tokenizer", "").rfind("UTF-8 bytes", 0) == 0) {
            return makeByteCodec();
        }
    }
    return std::unique_ptr<TextCodec>();
}

std::string takeCompleteUtf8(std::string& pending) {
    // Walk back over continuation bytes to the last lead byte; hold back an incomplete character.
    std::size_t end = pending.size();
    std::size_t i = end;
    int continuation = 0;
    while (i > 0 && continuation < 4) {
        const auto c = static_cast<unsigned char>(pending[i - 1]);
        if ((c & 0xC0) != 0x80) {
            const int need = c < 0x80           ? 1
                             : (c >> 5) == 0x6  ? 2
                             : (c >> 4) == 0xE  ? 3
                             : (c >> 3) == 0x1E ? 4
                                                : 1;
            if (continuation + 1 < need) {
                end = i - 1;
            }
            break;
        }
        ++continuation;
        --i;
    }
    std::string ready = pending.substr(0, end);
    pending.erase(0, end);
    return ready;
}

} // namespace hb
