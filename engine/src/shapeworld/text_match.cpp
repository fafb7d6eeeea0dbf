#include "shapeworld/text_match.h"

#include <cctype>

#include "shapeworld/scene.h"

namespace hb::shapeworld {
namespace {

// Every name of the vocabulary of `slot`, as word lists, with the value each stands for.
std::vector<std::pair<std::vector<std::string>, int>> vocabulary(std::string_view slot) {
    std::vector<std::pair<std::vector<std::string>, int>> names;
    auto addAll = [&](int count, auto nameOf) {
        for (int i = 0; i < count; ++i) {
            names.emplace_back(splitWords(nameOf(i)), i);
        }
    };
    if (slot == "{colour}") {
        addAll(kColourCount, [](int i) { return toString(static_cast<Colour>(i)); });
    } else if (slot == "{shape}") {
        addAll(kShapeCount, [](int i) { return toString(static_cast<Shape>(i)); });
    } else if (slot == "{size}") {
        addAll(kSizeCount, [](int i) { return toString(static_cast<Size>(i)); });
    } else if (slot == "{cell}") {
        addAll(kCellCount, [](int i) { return toString(static_cast<Cell>(i)); });
    } else if (slot == "{background}") {
        addAll(kBackgroundCount, [](int i) { return toString(static_cast<Background>(i)); });
    } else if (slot == "{count}") {
        for (int i = 0; i <= 9; ++i) {
            names.push_back({{std::to_string(i)}, i});
        }
    }
    return names;
}

bool isSlot(const std::string& word) { return word.size() > 2 && word.front() == '{' && word.back() == '}'; }

bool matchFrom(const std::vector<std::string>& pattern, std::size_t p, const std::vector<std::string>& words,
               std::size_t w, std::size_t end, std::vector<int>& values) {
    if (p == pattern.size()) {
        return w == end;
    }
    if (!isSlot(pattern[p])) {
        return w < end && words[w] == pattern[p] && matchFrom(pattern, p + 1, words, w + 1, end, values);
    }
    for (const auto& [name, value] : vocabulary(pattern[p])) {
        if (w + name.size() > end) {
            continue;
        }
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i) {
            same = words[w + i] == name[i];
        }
        if (!same) {
            continue;
        }
        values.push_back(value);
        if (matchFrom(pattern, p + 1, words, w + name.size(), end, values)) {
            return true;
        }
        values.pop_back();
    }
    return false;
}

} // namespace

std::vector<std::string> splitWords(std::string_view text) {
    std::string lowered;
    for (const char c : text) {
        lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!lowered.empty() && std::isspace(static_cast<unsigned char>(lowered.back()))) {
        lowered.pop_back();
    }
    if (!lowered.empty() && (lowered.back() == '.' || lowered.back() == '?' || lowered.back() == '!')) {
        lowered.pop_back();
    }
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) {
            words.push_back(word);
            word.clear();
        }
    };
    for (const char c : lowered) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            flush();
        } else if (c == ',') {
            flush();
            words.emplace_back(",");
        } else {
            word += c;
        }
    }
    flush();
    return words;
}

std::optional<std::vector<int>> matchPattern(std::string_view pattern, const std::vector<std::string>& words,
                                             std::size_t begin, std::size_t end) {
    std::vector<std::string> patternWords;
    std::string word;
    for (const char c : pattern) {
        if (c == ' ') {
            if (!word.empty()) {
                patternWords.push_back(word);
            }
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) {
        patternWords.push_back(word);
    }
    std::vector<int> values;
    if (end > words.size() || begin > end || !matchFrom(patternWords, 0, words, begin, end, values)) {
        return std::nullopt;
    }
    return values;
}

std::optional<std::vector<int>> matchPattern(std::string_view pattern,
                                             const std::vector<std::string>& words) {
    return matchPattern(pattern, words, 0, words.size());
}

} // namespace hb::shapeworld
