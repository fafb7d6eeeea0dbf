#include "training/loss_log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/file_util.h"

namespace hb {
namespace {

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, ',')) {
        out.push_back(cell);
    }
    return out;
}

std::string joinRow(const std::vector<double>& values) {
    std::ostringstream out;
    out << std::setprecision(8);
    for (std::size_t i = 0; i < values.size(); ++i) {
        out << (i ? "," : "") << values[i];
    }
    return out.str();
}

} // namespace

Result<LossLog> LossLog::open(const std::string& csvPath, std::vector<std::string> columns,
                              std::int64_t resumeStep) {
    LossLog log;
    log.m_path = csvPath;
    log.m_columns = std::move(columns);
    std::string header;
    for (std::size_t i = 0; i < log.m_columns.size(); ++i) {
        header += (i ? "," : "") + log.m_columns[i];
    }
    std::ifstream in(csvPath);
    if (in) {
        std::string line;
        std::getline(in, line);
        if (!line.empty() && line != header) {
            return makeError(ErrorCode::InvalidRequest,
                             csvPath + ": its columns (" + line + ") are not this run's (" + header + ")");
        }
        while (std::getline(in, line)) {
            const auto cells = splitCsv(line);
            if (cells.size() != log.m_columns.size()) {
                continue; // a row cut short by a crash
            }
            std::vector<double> row;
            for (const std::string& c : cells) {
                row.push_back(std::strtod(c.c_str(), nullptr));
            }
            if (row[0] <= static_cast<double>(resumeStep)) {
                log.m_rows.push_back(std::move(row));
            }
        }
    }
    std::string text = header + "\n";
    for (const auto& row : log.m_rows) {
        text += joinRow(row) + "\n";
    }
    if (auto ok = writeTextFileAtomic(csvPath, text); !ok) {
        return ok.error();
    }
    return log;
}

Result<void> LossLog::append(const std::vector<double>& values) {
    if (values.size() != m_columns.size()) {
        return makeError(ErrorCode::Internal, m_path + ": a row of " + std::to_string(values.size()) +
                                                  " values for " + std::to_string(m_columns.size()) +
                                                  " columns");
    }
    std::ofstream out(m_path, std::ios::app);
    out << joinRow(values) << "\n";
    if (!out) {
        return makeError(ErrorCode::IoError, m_path + ": cannot append a row");
    }
    m_rows.push_back(values);
    return {};
}

Result<void> LossLog::plot(const std::string& pngPath, const std::string& title, const std::string& xColumn,
                           const std::vector<std::string>& plotted, int smooth) const {
    const auto indexOf = [&](const std::string& name) -> int {
        const auto it = std::find(m_columns.begin(), m_columns.end(), name);
        return it == m_columns.end() ? -1 : static_cast<int>(it - m_columns.begin());
    };
    const int xi = indexOf(xColumn);
    if (xi < 0) {
        return makeError(ErrorCode::InvalidRequest, "plot: no column " + xColumn);
    }
    const int width = 960;
    const int height = 540;
    const int left = 80, right = 20, top = 40, bottom = 50;
    cv::Mat canvas(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
    double xMax = 1.0, yMin = 1e30, yMax = -1e30;
    std::vector<std::vector<cv::Point2d>> curves;
    for (const std::string& name : plotted) {
        const int yi = indexOf(name);
        std::vector<cv::Point2d> points;
        double window = 0.0;
        std::vector<double> recent;
        for (const auto& row : m_rows) {
            if (yi < 0 || !std::isfinite(row[yi]) || row[yi] <= 0.0) {
                continue;
            }
            recent.push_back(row[yi]);
            window += row[yi];
            if (static_cast<int>(recent.size()) > std::max(1, smooth)) {
                window -= recent[recent.size() - 1 - std::max(1, smooth)];
            }
            const double n = std::min<double>(recent.size(), std::max(1, smooth));
            const double y = std::log10(window / n);
            points.emplace_back(row[xi], y);
            xMax = std::max(xMax, row[xi]);
            yMin = std::min(yMin, y);
            yMax = std::max(yMax, y);
        }
        curves.push_back(std::move(points));
    }
    if (yMin > yMax) {
        yMin = -1.0;
        yMax = 0.0;
    }
    yMin = std::floor(yMin * 2.0) / 2.0;
    yMax = std::ceil(yMax * 2.0) / 2.0;
    if (yMax - yMin < 0.5) {
        yMax = yMin + 0.5;
    }
    const auto toPixel = [&](cv::Point2d p) {
        return cv::Point(left + static_cast<int>((width - left - right) * p.x / xMax),
                         top + static_cast<int>((height - top - bottom) * (yMax - p.y) / (yMax - yMin)));
    };
    const cv::Scalar grid(225, 225, 225);
    const cv::Scalar ink(60, 60, 60);
    for (double y = yMin; y <= yMax + 1e-9; y += 0.5) {
        const cv::Point a = toPixel({0.0, y});
        cv::line(canvas, a, toPixel({xMax, y}), grid, 1, cv::LINE_AA);
        char label[32];
        std::snprintf(label, sizeof label, "1e%+.1f", y);
        cv::putText(canvas, label, {8, a.y + 4}, cv::FONT_HERSHEY_SIMPLEX, 0.4, ink, 1, cv::LINE_AA);
    }
    for (int i = 0; i <= 5; ++i) {
        const double x = xMax * i / 5.0;
        const cv::Point a = toPixel({x, yMin});
        cv::line(canvas, toPixel({x, yMax}), a, grid, 1, cv::LINE_AA);
        char label[32];
        std::snprintf(label, sizeof label, "%.3g", x);
        cv::putText(canvas, label, {a.x - 15, height - bottom + 18}, cv::FONT_HERSHEY_SIMPLEX, 0.4, ink, 1,
                    cv::LINE_AA);
    }
    cv::putText(canvas, xColumn, {width / 2 - 30, height - 12}, cv::FONT_HERSHEY_SIMPLEX, 0.5, ink, 1,
                cv::LINE_AA);
    cv::putText(canvas, title, {left, 25}, cv::FONT_HERSHEY_SIMPLEX, 0.6, ink, 1, cv::LINE_AA);
    const cv::Scalar palette[] = {{200, 90, 30}, {40, 40, 220}, {40, 160, 40},
                                  {160, 40, 160}, {30, 150, 220}, {120, 120, 0}};
    for (std::size_t c = 0; c < curves.size(); ++c) {
        const cv::Scalar colour = palette[c % std::size(palette)];
        for (std::size_t i = 1; i < curves[c].size(); ++i) {
            cv::line(canvas, toPixel(curves[c][i - 1]), toPixel(curves[c][i]), colour, 2, cv::LINE_AA);
        }
        const cv::Point key(width - right - 190, top + 18 + 20 * static_cast<int>(c));
        cv::line(canvas, key, key + cv::Point(24, 0), colour, 3, cv::LINE_AA);
        cv::putText(canvas, plotted[c], key + cv::Point(30, 5), cv::FONT_HERSHEY_SIMPLEX, 0.45, ink, 1,
                    cv::LINE_AA);
    }
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", canvas, png)) {
        return makeError(ErrorCode::Internal, pngPath + ": the PNG encoder failed");
    }
    return writeTextFileAtomic(pngPath, std::string(png.begin(), png.end()));
}

} // namespace hb
