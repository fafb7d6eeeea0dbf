#include "shapeworld/gedit.h"

#include <algorithm>
#include <cstdio>

#include "shapeworld/instruction_text.h"

namespace hb::shapeworld {
namespace {

bool hasExact(const Scene& scene, const Object& wanted) {
    return std::any_of(scene.objects.begin(), scene.objects.end(),
                       [&](const Object& o) { return o.sameAttributes(wanted); });
}

bool hasPair(const Scene& scene, Colour colour, Shape shape) {
    return std::any_of(scene.objects.begin(), scene.objects.end(),
                       [&](const Object& o) { return o.colour == colour && o.shape == shape; });
}

// The edit's referent in `source` (nullptr for Add and Background, or when it is missing).
const Object* referentOf(const Scene& source, const Edit& edit) {
    if (!hasReferent(edit.kind)) {
        return nullptr;
    }
    const int index = source.findObject(edit.colour, edit.shape);
    return index >= 0 ? &source.objects[static_cast<std::size_t>(index)] : nullptr;
}

bool succeeded(const Scene& source, const Edit& edit, const Scene& read) {
    if (edit.kind == EditKind::Background) {
        return read.background == edit.newBackground;
    }
    if (edit.kind == EditKind::Add) {
        return hasExact(read, edit.added);
    }
    const Object* referent = referentOf(source, edit);
    if (referent == nullptr) {
        return false;
    }
    if (edit.kind == EditKind::Remove) {
        return !hasPair(read, edit.colour, edit.shape);
    }
    Object changed = *referent;
    if (edit.kind == EditKind::Recolour) {
        changed.colour = edit.newColour;
    } else if (edit.kind == EditKind::Resize) {
        changed.size = edit.newSize;
    } else {
        changed.cell = edit.toCell;
    }
    return hasExact(read, changed) && !hasExact(read, *referent);
}

// Cells where the edit may legitimately change what is drawn.
std::vector<Cell> touchedCells(const Scene& source, const Edit& edit) {
    std::vector<Cell> cells;
    if (edit.kind == EditKind::Add) {
        cells.push_back(edit.added.cell);
    }
    if (const Object* referent = referentOf(source, edit)) {
        cells.push_back(referent->cell);
    }
    if (edit.kind == EditKind::Move) {
        cells.push_back(edit.toCell);
    }
    return cells;
}

bool preserved(const Scene& source, const Edit& edit, const Scene& read) {
    if (edit.kind != EditKind::Background && read.background != source.background) {
        return false;
    }
    const Object* referent = referentOf(source, edit);
    std::vector<const Object*> kept;
    for (const Object& o : source.objects) {
        if (&o != referent) {
            kept.push_back(&o);
        }
    }
    for (const Object* o : kept) {
        if (!hasExact(read, *o)) {
            return false;
        }
    }
    const std::vector<Cell> touched = touchedCells(source, edit);
    for (const Object& o : read.objects) {
        const bool isKept =
            std::any_of(kept.begin(), kept.end(), [&](const Object* k) { return k->sameAttributes(o); });
        const bool inTouched = std::find(touched.begin(), touched.end(), o.cell) != touched.end();
        if (!isKept && !inTouched) {
            return false;
        }
    }
    return true;
}

} // namespace

std::vector<GEditCase> makeGEditSet(std::uint64_t seed, int count, Split split) {
    Rng rng(seed);
    SamplerOptions options;
    options.split = split;
    std::vector<GEditCase> cases;
    while (static_cast<int>(cases.size()) < count) {
        const auto kind = static_cast<EditKind>(cases.size() % static_cast<std::size_t>(EditKind::Count));
        GEditCase c;
        c.source = sampleScene(rng, options);
        std::optional<Edit> edit;
        // Draw edits until one of the wanted kind (every kind is valid for most scenes).
        for (int tries = 0; tries < 64 && (!edit || edit->kind != kind); ++tries) {
            edit = sampleEdit(c.source, rng, split);
        }
        if (!edit || edit->kind != kind) {
            continue;
        }
        c.edit = *edit;
        c.instruction = instructionText(c.edit);
        c.expected = applyEdit(c.source, c.edit).value();
        cases.push_back(c);
    }
    return cases;
}

GEditScore scoreGEdit(const Scene& source, const Edit& edit, const Scene& read) {
    return {succeeded(source, edit, read), preserved(source, edit, read)};
}

std::string GEditSummary::describe() const {
    char text[128];
    std::snprintf(text, sizeof text, "success %.3f, preservation %.3f, both %.3f; by kind:", success,
                  preservation, both);
    std::string out = text;
    for (EditKind kind : allValues<EditKind>()) {
        const auto i = static_cast<std::size_t>(kind);
        std::snprintf(text, sizeof text, " %s %.3f (%d)", std::string(toString(kind)).c_str(),
                      successByKind[i], casesByKind[i]);
        out += text;
    }
    return out;
}

GEditSummary summarizeGEdit(const std::vector<GEditCase>& cases, const std::vector<Scene>& reads) {
    GEditSummary summary;
    const std::size_t n = std::min(cases.size(), reads.size());
    int successes[static_cast<int>(EditKind::Count)] = {};
    for (std::size_t i = 0; i < n; ++i) {
        const GEditScore score = scoreGEdit(cases[i].source, cases[i].edit, reads[i]);
        const auto k = static_cast<std::size_t>(cases[i].edit.kind);
        summary.casesByKind[k] += 1;
        successes[k] += score.success ? 1 : 0;
        summary.success += score.success ? 1 : 0;
        summary.preservation += score.preserved ? 1 : 0;
        summary.both += (score.success && score.preserved) ? 1 : 0;
    }
    if (n > 0) {
        summary.success /= static_cast<double>(n);
        summary.preservation /= static_cast<double>(n);
        summary.both /= static_cast<double>(n);
    }
    for (std::size_t k = 0; k < static_cast<std::size_t>(EditKind::Count); ++k) {
        if (summary.casesByKind[k] > 0) {
            summary.successByKind[k] = static_cast<double>(successes[k]) / summary.casesByKind[k];
        }
    }
    return summary;
}

} // namespace hb::shapeworld
