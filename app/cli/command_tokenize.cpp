// hyperbagel-cli tokenize: one JSON string per stdin line -> one JSON array of ids per stdout line
// (with --decode, the reverse). A line that is not the expected JSON stops the run with its number.

#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/tokenizer.h"

#include "arg_parser.h"
#include "commands.h"

namespace hb::cli {
namespace {

// Returns the output line for one input line, or an error message in `error`.
std::string processLine(const Tokenizer& tok, const std::string& line, bool decode, bool skipSpecial,
                        const EncodeOptions& options, std::string& error) {
    nlohmann::json value;
    try {
        value = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
        error = std::string("not valid JSON: ") + e.what();
        return {};
    }
    if (!decode) {
        if (!value.is_string()) {
            error = "expected a JSON string";
            return {};
        }
        return nlohmann::json(tok.encode(value.get_ref<const std::string&>(), options)).dump();
    }
    std::vector<std::int32_t> ids;
    if (!value.is_array()) {
        error = "expected a JSON array of token ids";
        return {};
    }
    for (const auto& id : value) {
        if (!id.is_number_integer()) {
            error = "expected a JSON array of token ids";
            return {};
        }
        ids.push_back(id.get<std::int32_t>());
    }
    return nlohmann::json(tok.decode(ids, skipSpecial))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

int runTokenize(const std::vector<std::string>& args) {
    ArgParser parser(
        "tokenize",
        "Reads one JSON string per line on stdin and writes one JSON array of token ids per line\n"
        "(no BOS/EOS added). With --decode, reads arrays of ids and writes strings.");
    parser.addOption("tokenizer", "PATH",
                     "tokenizer.json, or a folder with it or with vocab.json + merges.txt");
    parser.addFlag("decode", "decode arrays of ids into strings instead");
    parser.addFlag("special-as-text", "tokenize special tokens such as <|im_start|> as plain text");
    parser.addFlag("skip-special", "with --decode, leave special tokens out of the text");
    if (const auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    if (!parser.has("tokenizer")) {
        std::cerr << "tokenize: --tokenizer PATH is required\n\n" << parser.help();
        return kExitUsage;
    }
    const auto tok = Tokenizer::loadDirectory(parser.value("tokenizer"));
    if (!tok) {
        std::cerr << "tokenize: " << tok.error().message << "\n";
        return kExitFailed;
    }
    EncodeOptions options;
    options.specialTokens =
        parser.flag("special-as-text") ? SpecialTokenMode::AsText : SpecialTokenMode::Match;
    const bool decode = parser.flag("decode");
    std::string line;
    for (std::size_t lineNo = 1; std::getline(std::cin, line); ++lineNo) {
        std::string error;
        const std::string out = processLine(**tok, line, decode, parser.flag("skip-special"), options, error);
        if (!error.empty()) {
            std::cerr << "tokenize: stdin line " << lineNo << ": " << error << "\n";
            return kExitFailed;
        }
        std::cout << out << '\n' << std::flush; // a caller may wait for each answer
    }
    return kExitOk;
}

} // namespace hb::cli
