#include "demo/teacher_batch.h"

#include <algorithm>
#include <thread>

#include <ATen/ATen.h>

#include "demo/world_data.h"
#include "shapeworld/caption_text.h"
#include "shapeworld/edits.h"
#include "shapeworld/instruction_text.h"
#include "shapeworld/questions.h"

namespace hb {
namespace {

std::vector<std::int64_t> encodeIds(const Tokenizer& tokenizer, const std::string& text) {
    const std::vector<std::int32_t> ids = tokenizer.encode(text);
    return {ids.begin(), ids.end()};
}

enum class SegmentKind { Text, Answer, Vit, VaeClean, VaeNoisy };

struct Segment {
    SegmentKind kind;
    const std::vector<std::int64_t>* ids = nullptr; ///< Text, Answer
    const Image* image = nullptr;                   ///< image kinds
};

std::vector<Segment> segmentsOf(const TeacherSample& s) {
    std::vector<Segment> out;
    switch (s.task) {
    case TeacherTask::TextToImage:
        if (!s.dropText) {
            out.push_back({SegmentKind::Text, &s.prompt, nullptr});
        }
        out.push_back({SegmentKind::VaeNoisy, nullptr, &s.target});
        break;
    case TeacherTask::Edit:
        // The inferencer's order: VAE first, then ViT, then the instruction (bagel-spec §2.6).
        if (!s.dropImage) {
            out.push_back({SegmentKind::VaeClean, nullptr, &s.source});
            out.push_back({SegmentKind::Vit, nullptr, &s.source});
        }
        if (!s.dropText) {
            out.push_back({SegmentKind::Text, &s.prompt, nullptr});
        }
        out.push_back({SegmentKind::VaeNoisy, nullptr, &s.target});
        break;
    default:
        out.push_back({SegmentKind::Vit, nullptr, &s.source});
        out.push_back({SegmentKind::Text, &s.prompt, nullptr});
        out.push_back({SegmentKind::Answer, &s.answer, nullptr});
        break;
    }
    return out;
}

bool isImage(SegmentKind k) { return k == SegmentKind::Vit || k == SegmentKind::VaeClean || k == SegmentKind::VaeNoisy; }

std::int64_t lengthOf(const Segment& s, std::int64_t tokensPerImage) {
    return isImage(s.kind) ? tokensPerImage + 2 : static_cast<std::int64_t>(s.ids->size()) + 2;
}

} // namespace

TeacherSample makeTeacherSample(std::uint64_t seed, TeacherTask task, std::uint64_t index,
                                const Tokenizer& tokenizer, const ConditionDropout& dropout) {
    const std::uint64_t sampleKey =
        sampleSeed(seed, DemoStream::Teacher, index * static_cast<std::uint64_t>(TeacherTask::Count) +
                                                  static_cast<std::uint64_t>(task));
    const shapeworld::Scene scene = demoScene(sampleKey, shapeworld::Split::Train);
    shapeworld::Rng rng(sampleKey ^ 0x7eac4e5ULL);
    TeacherSample s;
    s.task = task;
    const bool canonical = rng.chance(0.5);
    if (task == TeacherTask::Edit) {
        const auto edit = shapeworld::sampleEdit(scene, rng, shapeworld::Split::Train);
        const auto edited = edit ? shapeworld::applyEdit(scene, *edit) : std::nullopt;
        if (edited) {
            s.source = renderDemo(scene);
            s.target = renderDemo(*edited);
            s.prompt = encodeIds(tokenizer, canonical ? shapeworld::instructionText(*edit)
                                                      : shapeworld::paraphraseInstruction(*edit, rng));
            s.dropText = rng.chance(dropout.text);
            s.dropImage = rng.chance(dropout.image);
            return s;
        }
        s.task = TeacherTask::TextToImage; // no valid edit for this scene (never seen in practice)
    }
    if (s.task == TeacherTask::TextToImage) {
        s.target = renderDemo(scene);
        const int form = rng.uniformInt(0, 3);
        s.prompt = encodeIds(tokenizer, form == 0   ? shapeworld::describeScene(scene)
                                        : form == 1 ? shapeworld::caption(scene)
                                                    : shapeworld::paraphraseCaption(scene, rng));
        s.dropText = rng.chance(dropout.text);
        return s;
    }
    s.source = renderDemo(scene);
    const shapeworld::Question question = shapeworld::sampleQuestion(scene, rng);
    s.prompt = encodeIds(tokenizer, canonical ? shapeworld::questionText(question)
                                              : shapeworld::paraphraseQuestion(question, rng));
    s.answer = encodeIds(tokenizer, shapeworld::answerQuestion(scene, question));
    return s;
}

PackedSequences packTeacherBatch(const std::vector<TeacherSample>& samples, std::int64_t tokensPerImage,
                                 const FramingIds& framing) {
    PackedSequences p;
    p.batch = static_cast<std::int64_t>(samples.size());
    std::vector<std::vector<Segment>> plans;
    for (const TeacherSample& s : samples) {
        plans.push_back(segmentsOf(s));
        std::int64_t total = 0;
        for (const Segment& seg : plans.back()) {
            total += lengthOf(seg, tokensPerImage);
        }
        p.length = std::max(p.length, total);
    }
    const std::int64_t b = p.batch;
    const std::int64_t t = p.length;
    std::vector<std::int64_t> ids(static_cast<std::size_t>(b * t), framing.pad);
    std::vector<std::int64_t> positions(static_cast<std::size_t>(b * t), 0);
    std::vector<bool> gen(static_cast<std::size_t>(b * t), false);
    at::Tensor allowed = at::zeros({b, t, t}, at::kBool);
    std::vector<std::int64_t> vitRows, vaeRows, ceRows, ceTargets;
    std::vector<at::Tensor> vitImages, vaeImages;
    for (std::int64_t i = 0; i < b; ++i) {
        at::Tensor mask = allowed[i];
        std::int64_t row = 0;
        std::int64_t rope = 0;
        std::int64_t visibleEnd = 0; // rows [0, visibleEnd) are visible to later segments
        for (const Segment& seg : plans[static_cast<std::size_t>(i)]) {
            const std::int64_t n = lengthOf(seg, tokensPerImage);
            const std::int64_t base = i * t + row;
            // Every earlier visible segment, then this one's own rule.
            mask.narrow(0, row, n).narrow(1, 0, visibleEnd).fill_(true);
            if (isImage(seg.kind)) {
                mask.narrow(0, row, n).narrow(1, row, n).fill_(true);
                ids[static_cast<std::size_t>(base)] = framing.visionStart;
                ids[static_cast<std::size_t>(base + n - 1)] = framing.visionEnd;
                for (std::int64_t k = 0; k < n; ++k) {
                    positions[static_cast<std::size_t>(base + k)] = rope;
                }
                const at::Tensor pixels = imagesToBatch({*seg.image})[0];
                for (std::int64_t k = 1; k <= tokensPerImage; ++k) {
                    if (seg.kind == SegmentKind::Vit) {
                        vitRows.push_back(base + k);
                    } else {
                        vaeRows.push_back(base + k);
                        gen[static_cast<std::size_t>(base + k)] = true;
                    }
                }
                if (seg.kind == SegmentKind::Vit) {
                    vitImages.push_back(pixels);
                } else {
                    vaeImages.push_back(pixels);
                    p.vaeNoisy.push_back(seg.kind == SegmentKind::VaeNoisy);
                }
                if (seg.kind != SegmentKind::VaeNoisy) {
                    rope += 1;
                    visibleEnd = row + n;
                }
            } else {
                mask.narrow(0, row, n).narrow(1, row, n).copy_(at::ones({n, n}, at::kBool).tril());
                ids[static_cast<std::size_t>(base)] = framing.bos;
                for (std::size_t k = 0; k < seg.ids->size(); ++k) {
                    ids[static_cast<std::size_t>(base + 1) + k] = (*seg.ids)[k];
                }
                ids[static_cast<std::size_t>(base + n - 1)] = framing.eos;
                for (std::int64_t k = 0; k < n; ++k) {
                    positions[static_cast<std::size_t>(base + k)] = rope + k;
                }
                if (seg.kind == SegmentKind::Answer) {
                    // Rows bos..last answer token predict the next id (the final one predicts eos).
                    for (std::int64_t k = 0; k + 1 < n; ++k) {
                        ceRows.push_back(base + k);
                        ceTargets.push_back(ids[static_cast<std::size_t>(base + k + 1)]);
                    }
                }
                rope += n;
                visibleEnd = row + n;
            }
            row += n;
        }
        for (std::int64_t r = row; r < t; ++r) {
            mask[r][r] = true; // padding sees itself only (keeps its softmax finite); nobody sees it
        }
    }
    std::vector<std::int64_t> genRows, undRows;
    for (std::int64_t r = 0; r < b * t; ++r) {
        (gen[static_cast<std::size_t>(r)] ? genRows : undRows).push_back(r);
    }
    const auto longs = [](const std::vector<std::int64_t>& v) { return at::tensor(v, at::kLong); };
    p.ids = longs(ids);
    p.positions = longs(positions);
    p.allowed = allowed;
    p.genRows = longs(genRows);
    p.undRows = longs(undRows);
    p.vitRows = longs(vitRows);
    p.vaeRows = longs(vaeRows);
    p.ceRows = longs(ceRows);
    p.ceTargets = longs(ceTargets);
    if (!vitImages.empty()) {
        p.vitImages = at::stack(vitImages);
    }
    if (!vaeImages.empty()) {
        p.vaeImages = at::stack(vaeImages);
    }
    return p;
}

std::vector<TeacherSample> makeTeacherSamples(std::uint64_t seed, TeacherTask task, std::uint64_t first,
                                              std::int64_t count, const Tokenizer& tokenizer,
                                              const ConditionDropout& dropout, unsigned threads) {
    std::vector<TeacherSample> samples(static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
    const auto makeRange = [&](std::size_t begin, std::size_t step) {
        for (std::size_t i = begin; i < samples.size(); i += step) {
            samples[i] = makeTeacherSample(seed, task, first + i, tokenizer, dropout);
        }
    };
    const std::size_t workers = std::min<std::size_t>(std::max(threads, 1U), samples.size());
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers; ++w) {
        pool.emplace_back(makeRange, w, workers);
    }
    makeRange(0, std::max<std::size_t>(workers, 1));
    for (auto& t : pool) {
        t.join();
    }
    return samples;
}

PackedSequences movedTo(const PackedSequences& p, const c10::Device& device) {
    const auto move = [&](const at::Tensor& t) { return t.defined() ? t.to(device, /*non_blocking=*/true) : t; };
    PackedSequences out = p;
    for (at::Tensor* t : {&out.ids, &out.positions, &out.allowed, &out.genRows, &out.undRows, &out.vitImages,
                          &out.vitRows, &out.vaeImages, &out.vaeRows, &out.ceRows, &out.ceTargets}) {
        *t = move(*t);
    }
    return out;
}

} // namespace hb
