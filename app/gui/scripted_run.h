#pragma once
// Scripted runs of the GUI (hyperbagel --instruction / --screenshot): drive the real window through
// its public API as a user would, for tools/screenshot.sh and the screenshot tests.
// Thread affinity: GUI thread only.

#include <QString>
#include <functional>

namespace hb::ui {
class EngineClient;
class MainWindow;
} // namespace hb::ui

namespace hb::app {

inline constexpr int kExitScriptFailed = 3;
inline constexpr int kTypingIntervalMs = 40;         ///< --instruction types one character this often
inline constexpr int kDefaultWaitTimeoutMs = 600000; ///< --wait-timeout default: 10 minutes

/// Saves the main window (and the model manager, when open) to `path` (the dialog next to it, with
/// "-model-manager" added); quits when `quit` is set or a file cannot be written.
void saveScreenshots(hb::ui::MainWindow& window, const QString& path, bool quit = true);

/// Prints `message` and quits with kExitScriptFailed.
void failScript(const QString& message);

/// What --instruction asks for: once the model is loaded and the image shown, turn Live on, type
/// the instruction, and call `done` when its first live result (or, with waitRefined, its final
/// refine) is on the canvas.
struct ScriptedEdit {
    QString instruction;
    bool needImage = false;
    bool waitRefined = false;
    int timeoutMs = kDefaultWaitTimeoutMs;
    std::function<void()> done;

    void start(hb::ui::MainWindow& window, hb::ui::EngineClient& engine) const;
    /// Types the instruction a character at a time, as a person would, so Live sees every change.
    void type(hb::ui::MainWindow& window) const;
};

} // namespace hb::app
