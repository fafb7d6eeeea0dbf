#pragma once
// The loss curves of a training run: a CSV file (one row per logged step, appended, so a resumed
// run continues the same file) and a PNG plot of every column against the sample count, drawn
// with OpenCV. No libtorch, so it lives in the base library and is tested under ASan.
// Thread safety: not thread-safe; one trainer owns a log.

#include <cstdint>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

class LossLog {
public:
    /// Opens `csvPath` for appending. An existing file must have exactly `columns` as its header
    /// (else InvalidRequest: a run with other metrics wrote it); rows past `resumeStep` (a crash
    /// after the last checkpoint logged steps that will run again) are dropped.
    static Result<LossLog> open(const std::string& csvPath, std::vector<std::string> columns,
                                std::int64_t resumeStep);

    /// Appends one row; values in column order (the first column is the step).
    Result<void> append(const std::vector<double>& values);
    const std::vector<std::string>& columns() const { return m_columns; }
    const std::vector<std::vector<double>>& rows() const { return m_rows; }

    /// Draws columns `plotted` (names) against column `xColumn` to `pngPath`: log-scale y, a light
    /// grid, one colour per curve, a legend, and a moving average over `smooth` rows.
    Result<void> plot(const std::string& pngPath, const std::string& title, const std::string& xColumn,
                      const std::vector<std::string>& plotted, int smooth = 20) const;

private:
    std::string m_path;
    std::vector<std::string> m_columns;
    std::vector<std::vector<double>> m_rows;
};

} // namespace hb
