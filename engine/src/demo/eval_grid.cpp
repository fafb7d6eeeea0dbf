// samples.png: the sample grid of evaluateDemo(), drawn with OpenCV on RGB pixels.

#include <algorithm>
#include <sstream>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "demo/eval_report.h"

namespace hb {
namespace {

constexpr int kCell = 200;      // an image's square cell: a 96-pixel canvas at 2x inside the frame
constexpr int kGap = 6;         // between cells and around the grid
constexpr int kFrame = 3;       // verdict frame inside the cell's edge
constexpr int kTitle = 24;      // a section title bar
constexpr int kLineHeight = 12; // wrapped text
constexpr int kT2iLines = 6;
constexpr int kEditLines = 3;
constexpr int kEditColumns = kGridSamples / 2; // edit pairs per row
constexpr int kColumns = kGridSamples;         // text-to-image cells per row (= 2 x edit pairs)
constexpr double kFontScale = 0.34;
constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;

const cv::Scalar kPaper(250, 250, 250);
const cv::Scalar kInk(30, 30, 30);
const cv::Scalar kTitleBar(225, 228, 235);
const cv::Scalar kVerdict[3] = {cv::Scalar(210, 40, 40), cv::Scalar(235, 160, 20), cv::Scalar(40, 160, 60)};

int t2iRowHeight() { return kCell + kT2iLines * kLineHeight + kGap; }
int editRowHeight() { return kCell + kEditLines * kLineHeight + kGap; }

int textWidth(const std::string& text) {
    int baseline = 0;
    return cv::getTextSize(text, kFont, kFontScale, 1, &baseline).width;
}

// Greedy word wrap into at most `maxLines` lines of `width` pixels; a cut last line ends in "...".
std::vector<std::string> wrap(const std::string& text, int width, int maxLines) {
    std::vector<std::string> lines;
    std::istringstream words(text);
    std::string word;
    std::string line;
    bool cut = false;
    while (words >> word) {
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (line.empty() || textWidth(candidate) <= width) {
            line = candidate;
            continue;
        }
        if (static_cast<int>(lines.size()) + 1 == maxLines) {
            cut = true;
            break;
        }
        lines.push_back(line);
        line = word;
    }
    if (!line.empty()) {
        if (cut) {
            while (!line.empty() && textWidth(line + "...") > width) {
                line.pop_back();
            }
            line += "...";
        }
        lines.push_back(line);
    }
    return lines;
}

void drawText(cv::Mat& canvas, const std::string& text, int x, int y, int width, int maxLines) {
    int lineY = y + kLineHeight - 2;
    for (const std::string& line : wrap(text, width, maxLines)) {
        cv::putText(canvas, line, cv::Point(x, lineY), kFont, kFontScale, kInk, 1, cv::LINE_AA);
        lineY += kLineHeight;
    }
}

// Scales `image` up by the largest whole factor that fits inside the frame (nearest: ShapeWorld
// pixels stay crisp; larger images are shrunk) and centres it in its cell; the frame takes the
// verdict's colour when `verdict` >= 0. A missing sample (empty image) leaves the cell blank.
void drawImage(cv::Mat& canvas, const Image& image, int x, int y, int verdict) {
    if (image.empty()) {
        return;
    }
    const cv::Rect cell(x, y, kCell, kCell);
    canvas(cell).setTo(cv::Scalar(235, 235, 235));
    const cv::Mat source(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
    const int inner = kCell - 2 * kFrame;
    const int side = std::max(image.width, image.height);
    cv::Mat scaled;
    if (side <= inner) {
        const int factor = inner / side;
        cv::resize(source, scaled, cv::Size(), factor, factor, cv::INTER_NEAREST);
    } else {
        const double fit = static_cast<double>(inner) / side;
        cv::resize(source, scaled, cv::Size(), fit, fit, cv::INTER_AREA);
    }
    scaled.copyTo(canvas(
        cv::Rect(x + (kCell - scaled.cols) / 2, y + (kCell - scaled.rows) / 2, scaled.cols, scaled.rows)));
    if (verdict >= 0) {
        cv::rectangle(canvas, cell, kVerdict[std::clamp(verdict, 0, 2)], kFrame);
    }
}

void drawTitle(cv::Mat& canvas, const std::string& title, int y) {
    canvas(cv::Rect(0, y, canvas.cols, kTitle)).setTo(kTitleBar);
    cv::putText(canvas, title, cv::Point(kGap, y + kTitle - 8), kFont, 0.45, kInk, 1, cv::LINE_AA);
}

} // namespace

std::vector<int> gridSampleIndices(int count) {
    std::vector<int> indices;
    const int n = std::min(count, kGridSamples);
    for (int i = 0; i < n; ++i) {
        indices.push_back(static_cast<int>(static_cast<long long>(i) * count / n));
    }
    return indices;
}

int sampleGridWidth() { return kColumns * kCell + (kColumns + 1) * kGap; }

int sampleGridHeight() {
    const int editRows = (kGridSamples + kEditColumns - 1) / kEditColumns;
    return 2 * kTitle + 2 * kGap + t2iRowHeight() + editRows * editRowHeight();
}

Image sampleGrid(const std::vector<EvalSample>& textToImage, const std::vector<EvalSample>& edits) {
    cv::Mat canvas(sampleGridHeight(), sampleGridWidth(), CV_8UC3, kPaper);
    int y = 0;
    drawTitle(canvas, "text to image (mini-GenEval): prompt below; frame green = passed, red = failed", y);
    y += kTitle + kGap;
    for (int i = 0; i < kColumns; ++i) {
        const int x = kGap + i * (kCell + kGap);
        const EvalSample* sample = i < static_cast<int>(textToImage.size()) ? &textToImage[i] : nullptr;
        drawImage(canvas, sample ? sample->image : Image{}, x, y, sample ? sample->verdict : -1);
        if (sample != nullptr) {
            drawText(canvas, sample->text, x, y + kCell + 2, kCell, kT2iLines);
        }
    }
    y += t2iRowHeight();
    drawTitle(canvas,
              "edits (mini-GEdit): source | result, instruction below; frame green = success and "
              "preservation, amber = one, red = neither",
              y);
    y += kTitle + kGap;
    for (int i = 0; i < kGridSamples; ++i) {
        const int x = kGap + (i % kEditColumns) * 2 * (kCell + kGap);
        const int rowY = y + (i / kEditColumns) * editRowHeight();
        const EvalSample* sample = i < static_cast<int>(edits.size()) ? &edits[i] : nullptr;
        drawImage(canvas, sample ? sample->source : Image{}, x, rowY, -1);
        drawImage(canvas, sample ? sample->image : Image{}, x + kCell + kGap, rowY,
                  sample ? sample->verdict : -1);
        if (sample != nullptr) {
            drawText(canvas, sample->text, x, rowY + kCell + 2, 2 * kCell + kGap, kEditLines);
        }
    }
    Image out;
    out.width = canvas.cols;
    out.height = canvas.rows;
    out.rgb.assign(canvas.data, canvas.data + canvas.total() * canvas.elemSize());
    return out;
}

} // namespace hb
