#pragma once
// The main window (docs/product.md §2): the canvas in the centre with the prompt bar under it, the
// chat pane docked on the right, the history strip docked at the bottom, a status bar with the
// model state, and the File / Edit / View / Model / Help menus.
// Thread affinity: GUI thread.

#include <QImage>
#include <QMainWindow>
#include <QPointer>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QAction;
class QDockWidget;
class QLabel;
class QToolBar;
QT_END_NAMESPACE

namespace hb::ui {

class CanvasView;
class ChatPane;
class EngineClient;
class HistoryPanel;
class ImageIo;
class ModelManagerDialog;
class PromptBar;

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
    /// The model manager, once it has been opened; null before.
    ModelManagerDialog* modelManager() const;

    /// Restores geometry, dock layout and toolbar from QSettings (call before show()).
    void restoreWindowState();
    void saveWindowState() const;

    /// Shows start-up warnings (e.g. a slow BLAS) in the status bar; the full text is in the tooltip.
    void showRuntimeWarnings(const QStringList& warnings);

public Q_SLOTS:
    /// Reads `path` off the GUI thread and shows it on the canvas (or says why it could not).
    void openImageFile(const QString& path);
    /// Shows `image` as the current canvas image and adds it to the history.
    void openImage(const QImage& image, const QString& title);
    void openModelManager();
    /// Opens the model manager on `folder` and starts inspecting it.
    void inspectModelFolder(const QString& folder);
    void pasteFromClipboard();
    void resetLayout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createDocks();
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void connectWidgets();
    void connectEngine();
    void askQuestion(const QString& question);
    /// Generate (text-to-image) when `edit` is false, else an edit of the canvas image.
    void runGeneration(bool edit);
    void applyResult();
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
    QAction* m_zoomInAction = nullptr;
    QAction* m_zoomOutAction = nullptr;
    QAction* m_fitAction = nullptr;
    QAction* m_actualSizeAction = nullptr;
    QAction* m_resetLayoutAction = nullptr;
    QAction* m_modelManagerAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;

    QLabel* m_modelStateLabel = nullptr;
    QLabel* m_imageLabel = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_warningLabel = nullptr;
    bool m_modelLoaded = false;
    QString m_modelSummary; ///< ModelInfo::describe() short form, shown in the status bar
    QImage m_resultImage;   ///< the last generated image, as the engine returned it (for Apply)
    QString m_resultTitle;
    QString m_lastDirectory;
};

} // namespace hb::ui
