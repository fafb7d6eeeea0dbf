#pragma once
// The main window (docs/product.md §2): the canvas in the centre with the prompt bar under it, the
// chat pane docked on the right, the history strip docked at the bottom, a status bar with the
// model state, and the File / Edit / View / Model / Help menus.
// The canvas shows the current history node and, over it, at most one result (a live preview or an
// unapplied Generate / Edit); Apply turns the result into a child node of the node it edited. Opening,
// applying and going to a node are QUndoCommands on undoStack(). With a SessionStore attached, the
// history and the shown result are autosaved (and a crashed session's are restored).
// A region mask painted with the canvas brush belongs to the node it was painted on (an applied
// masked edit's node inherits it); Edit and Live then change only the masked region. Each stroke and
// each Clear Mask is an undo step on undoStack() too, and the masks are autosaved with the session.
// Every frequent action has a keyboard shortcut, listed by Help ▸ Keyboard Shortcuts.
// Thread affinity: GUI thread.

#include <QHash>
#include <QImage>
#include <QList>
#include <QMainWindow>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QStringList>

#include "hyperbagel/ui/engine_results.h"

QT_BEGIN_NAMESPACE
class QAction;
class QDockWidget;
class QLabel;
class QSpinBox;
class QToolBar;
class QUndoStack;
QT_END_NAMESPACE

namespace hb::ui {

class CanvasView;
class ChatPane;
class EngineClient;
class HistoryModel;
class HistoryPanel;
class ImageIo;
class LiveController;
struct MaskEdit;
class ModelManagerDialog;
class PromptBar;
class SessionStore;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    /// `engine` must outlive the window.
    explicit MainWindow(EngineClient& engine, QWidget* parent = nullptr);
    ~MainWindow() override;

    CanvasView* canvas() const { return m_canvas; }
    PromptBar* promptBar() const { return m_promptBar; }
    ChatPane* chatPane() const { return m_chatPane; }
    HistoryPanel* historyPanel() const { return m_historyPanel; }
    HistoryModel* history() const { return m_history; }
    QUndoStack* undoStack() const { return m_undoStack; }
    LiveController* live() const { return m_live; }
    /// The result shown over the current node (requestId 0 and a null image: none).
    const GeneratedImage& result() const { return m_result; }
    bool hasResult() const { return !m_result.image.isNull(); }

    /// Autosaves into `session` from now on (not owned; must outlive the window or be detached by
    /// destroying the window first). A recovered session's nodes, current node and shown result are
    /// restored first, without undo steps.
    void attachSession(SessionStore* session);
    /// The model manager, once it has been opened; null before.
    ModelManagerDialog* modelManager() const;

    /// Restores geometry, dock layout and toolbar from QSettings (call before show()).
    void restoreWindowState();
    void saveWindowState() const;

    /// Shows start-up warnings (e.g. a slow BLAS) in the status bar; the full text is in the tooltip.
    void showRuntimeWarnings(const QStringList& warnings);

    /// The actions listed in Help ▸ Keyboard Shortcuts, in the dialog's order (all have shortcuts).
    QList<QAction*> shortcutActions() const;
    /// Text metadata for exporting what the canvas shows: prompt, seed, tier, steps, model (of the
    /// shown result, else of the current node; empty values left out) and the software.
    QList<QPair<QString, QString>> exportMetadata() const;

public Q_SLOTS:
    /// Reads `path` off the GUI thread and shows it on the canvas (or says why it could not).
    void openImageFile(const QString& path);
    /// Adds `image` to the history as a new root node and makes it current (undoable).
    void openImage(const QImage& image, const QString& title);
    /// Shows `result` over the current node when it still belongs there (an edit of another node is
    /// dropped); emits resultShown().
    void showResult(const hb::ui::GeneratedImage& result);
    /// Keeps the shown result: a new node, child of the node it edited (undoable).
    void applyResult();
    /// Makes node `id` current (undoable): the canvas returns to it; a following edit branches there.
    void goToNode(int id);
    void openModelManager();
    /// Opens the model manager on `folder` and starts inspecting it.
    void inspectModelFolder(const QString& folder);
    void pasteFromClipboard();
    void resetLayout();
    /// Writes the canvas image to `path` off the GUI thread: PNG with exportMetadata() as text
    /// chunks, or JPEG / WebP (by suffix) when the installed Qt can write them.
    void exportImage(const QString& path);
    /// Stops the running Generate / Edit, the live job and the chat answer (Esc).
    void stopAll();
    void showShortcuts();

Q_SIGNALS:
    /// A result was painted on the canvas (live or manual), in the order they are shown.
    void resultShown(const hb::ui::GeneratedImage& result);

protected:
    void closeEvent(QCloseEvent* event) override;
    /// Holding the peek key shows the image under the result even when the canvas lacks focus.
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;

private:
    void createDocks();
    void createActions();
    void createPromptActions();
    void createMaskActions();
    void createMaskToolBar();
    void connectMask();
    void onMaskEdited();
    /// Makes the user's mask change `edit` (already on the canvas) an undo step.
    void pushMaskEdit(const MaskEdit& edit);
    /// Undo / redo of a mask step: writes `pixels` into node `nodeId`'s mask at `rect`.
    void patchNodeMask(int nodeId, const QRect& rect, const QImage& pixels, int featherRadius);
    /// Records node `id`'s mask (null: none) and autosaves it.
    void storeNodeMask(int id, const QImage& mask, int featherRadius);
    void restoreNodeMask(int id);
    void updateActionStates();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void connectWidgets();
    void connectEngine();
    void connectChat();
    void connectLive();
    void connectHistory();
    void askQuestion(const QString& question, bool think, bool draft);
    /// Generate (text-to-image) when `edit` is false, else an edit of the current node's image.
    void runGeneration(bool edit);
    void onCurrentNodeChanged(int id);
    void dropResult();
    void restoreSession(const SessionStore& session);
    QString resultOverlay(const GeneratedImage& result) const;
    void chooseAndOpenImage();
    void chooseAndExportImage();
    void copyImage();
    void showAbout();
    void updateImageState();
    void updateZoomLabel(double scale);
    void updateModelState();
    void setCurrentTitle(const QString& title);

    EngineClient& m_engine;
    ImageIo* m_imageIo = nullptr;
    CanvasView* m_canvas = nullptr;
    PromptBar* m_promptBar = nullptr;
    ChatPane* m_chatPane = nullptr;
    HistoryPanel* m_historyPanel = nullptr;
    QDockWidget* m_chatDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    QToolBar* m_toolBar = nullptr;
    QPointer<ModelManagerDialog> m_modelManager;
    QByteArray m_defaultState; ///< dock layout as built, for Reset Layout

    QAction* m_openAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_pasteAction = nullptr;
    QAction* m_copyAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_zoomInAction = nullptr;
    QAction* m_zoomOutAction = nullptr;
    QAction* m_fitAction = nullptr;
    QAction* m_actualSizeAction = nullptr;
    QAction* m_compareAction = nullptr;
    QAction* m_resetLayoutAction = nullptr;
    QAction* m_modelManagerAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QAction* m_shortcutsAction = nullptr;
    QAction* m_generateAction = nullptr;
    QAction* m_editAction = nullptr;
    QAction* m_applyAction = nullptr;
    QAction* m_liveAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_newSeedAction = nullptr;
    QAction* m_brushAction = nullptr;
    QAction* m_eraseAction = nullptr;
    QAction* m_brushSmallerAction = nullptr;
    QAction* m_brushLargerAction = nullptr;
    QAction* m_showMaskAction = nullptr;
    QAction* m_clearMaskAction = nullptr;
    QToolBar* m_maskToolBar = nullptr;
    QSpinBox* m_brushSizeSpin = nullptr;

    QLabel* m_modelStateLabel = nullptr;
    QLabel* m_imageLabel = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_warningLabel = nullptr;
    bool m_modelLoaded = false;
    QString m_modelSummary; ///< ModelInfo::describe() short form, shown in the status bar
    QString m_lastDirectory;

    HistoryModel* m_history = nullptr;
    QUndoStack* m_undoStack = nullptr;
    LiveController* m_live = nullptr;
    SessionStore* m_session = nullptr; ///< not owned; null: no autosave
    GeneratedImage m_result;           ///< shown over the current node; null image: none
    quint64 m_manualRequestId = 0;     ///< the newest Generate / Edit request

    struct NodeMask {
        QImage mask; ///< Grayscale8, the node image's size
        int featherRadius = 0;
    };
    QHash<int, NodeMask> m_masks; ///< by history node id; absent: no mask
};

} // namespace hb::ui
